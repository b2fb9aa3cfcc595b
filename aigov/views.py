"""Error pages: problem+json under /api/, HTML pages elsewhere."""

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static

from aigov.api.problems import problem_json_response
from aigov.web import VisibleElsewhere


def _error(request, status: int, template: str, detail: str):
    if request.path.startswith("/api/"):
        return problem_json_response(status, detail)
    return render(request, template, {"detail": detail}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html", "The request could not be understood.")


def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html", "You do not have access to this page.")


def page_not_found(request, exception=None):
    detail = "There is nothing at this address."
    if isinstance(exception, VisibleElsewhere) and not request.path.startswith("/api/"):
        # Still a 404 in the active organisation; say whose it is and offer to switch.
        context = {
            "detail": detail,
            "elsewhere": exception.organization,
            "next": request.get_full_path(),
        }
        return render(request, "errors/404.html", context, status=404)
    return _error(request, 404, "errors/404.html", detail)


def server_error(request):
    detail = "Something went wrong on our side."
    if request.path.startswith("/api/"):
        return problem_json_response(500, detail)
    # Rendered without the request: no context processor may touch the session or the
    # database, which may be what failed.
    response = HttpResponseServerError(
        loader.get_template("errors/500.html").render({"detail": detail})
    )
    # Its styles are inline (it must render when static files are what failed); it has no
    # script, loads nothing and submits nothing.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    return response


def csrf_failure(request, reason=""):
    return _error(
        request, 403, "errors/403.html", "The form expired or came from elsewhere; try again."
    )


def favicon(request):
    """`/favicon.ico`, which browsers ask for on pages without a <link rel="icon"> (the API,
    files): the site's icon, wherever the static files are served from."""
    return redirect(static("img/favicon.svg"))
