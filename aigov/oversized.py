"""A browser form posted over the request size limit gets its page back, not a bare 400.

Django refuses a form body over `DATA_UPLOAD_MAX_MEMORY_SIZE` as soon as anything reads
`request.POST` (the CSRF check does, first), and answers with the 400 page: the typed text
is lost. Here, before the CSRF check:

- a view that declares `oversized_form = True`, asked by a signed-in user, gets the body
  read (up to `RESCUE_FACTOR` times the limit) and parsed, with `request.oversized_body`
  set to its size; the view re-shows its form with the typed values and
  the message of `oversized_message(request)` and saves nothing (`refuse_oversized`);
- any other browser form over the limit gets the 413 page, which says what happened.

A browser upload (multipart) is held to the largest file the site takes anywhere
(`upload_limit`): one declaring more gets the 413 page before anything reads it, so no
page, signed in or not, has Django spool it to disk. A view with a smaller limit of its
own (the evidence upload's `EvidenceSizeLimit`) still checks it on the file as it arrives.

API bodies are the API guard's (`aigov.api.middleware`).
"""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format

from aigov.api.middleware import MULTIPART_OVERHEAD

# How far past the limit a form body is still read back to re-show it; beyond this it is
# refused unread (an attacker's upload is not worth the memory).
RESCUE_FACTOR = 4
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
UPLOAD_CONTENT_TYPE = "multipart/form-data"


def size_text(size: int) -> str:
    """A body size in words: 1,048,576 bytes → "1.0 MB" (decimal units, as browsers show)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{number_format(size, force_grouping=True)} bytes"


def upload_limit() -> int:
    """The largest multipart body a page takes: the largest file any page accepts, and room
    for the multipart framing and the form's other fields."""
    return max(settings.UPLOAD_MAX_BYTES, settings.EVIDENCE_MAX_BYTES) + MULTIPART_OVERHEAD


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None  # Django answers a nonsense length itself


def _refuse_upload(request):
    length, limit = _declared_length(request), upload_limit()
    if length is None or length <= limit:
        return None
    largest = size_text(limit - MULTIPART_OVERHEAD)
    detail = (
        f"What you sent is {size_text(length)}, over the limit of {largest} for a "
        "file, so nothing was saved. Go back and choose a smaller file."
    )
    return render(request, "errors/413.html", {"detail": detail}, status=413)


def oversized_message(request) -> str | None:
    """What the form says when its body was over the limit; None when it was not."""
    size = getattr(request, "oversized_body", None)
    if size is None:
        return None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return (
        f"The form is too large to save: {size_text(size)} in all, over the limit of "
        f"{size_text(limit)}. Nothing was saved. What you typed is kept below; shorten the "
        "longest texts (each shows its limit) and save again."
    )


def refuse_oversized(request, form) -> bool:
    """For a view with `oversized_form`: True when the posted body was over the limit. The
    form then carries the message above its fields (and its own field errors, such as the
    text over its length) and must be shown again, not saved."""
    message = oversized_message(request)
    if message is None:
        return False
    form.is_valid()
    form.add_error(None, message)
    return True


class OversizedFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.path.startswith("/api/"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(UPLOAD_CONTENT_TYPE):
            return _refuse_upload(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or not content_type.startswith(FORM_CONTENT_TYPE):
            return None
        length = _declared_length(request)
        if length is None or length <= limit:
            return None
        view_class = getattr(view_func, "view_class", None)
        user = getattr(request, "user", None)
        if (
            getattr(view_class, "oversized_form", False)
            and user is not None
            and user.is_authenticated
            and length <= RESCUE_FACTOR * limit
        ):
            # request.read() rather than request.body, whose own check would refuse it.
            body = request.read(length)
            request._post = QueryDict(body, encoding=request.encoding)
            request._files = MultiValueDict()
            request.oversized_body = length
            return None
        detail = (
            f"The form you sent is {size_text(length)}, over the limit of {size_text(limit)}, "
            "so nothing was saved. Go back to the form: your browser usually keeps what you "
            "typed. Shorten the longest texts and send it again."
        )
        return render(request, "errors/413.html", {"detail": detail}, status=413)
