// The base-model search box (templates/registry/_model_search.html): Enter searches
// instead of saving the whole form. With htmx the matches load as you type; Enter asks
// again at once. Without htmx it presses the box's own Search button.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.target instanceof HTMLInputElement)) return;
  var box = event.target.closest("[data-model-search]");
  if (!box || event.target.type !== "search") return;
  event.preventDefault();
  if (window.htmx) {
    window.htmx.trigger(event.target, "search");
  } else {
    box.querySelector('button[name="action"]').click();
  }
});
