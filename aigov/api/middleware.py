import re
from collections.abc import Callable

from django.conf import settings

from aigov.api.problems import problem_json_response

# API routes that take a multipart file upload, registered by the apps that own them:
# path pattern → function giving the largest file (bytes). Their body may be that plus
# the multipart framing; every other API body is held to API_MAX_BODY_BYTES.
UPLOAD_ROUTES: list[tuple[re.Pattern, Callable[[], int]]] = []
# Room for the multipart boundaries, part headers and small fields beside the file.
MULTIPART_OVERHEAD = 64 * 1024


def register_upload_route(pattern: str, max_file_bytes: Callable[[], int]) -> None:
    UPLOAD_ROUTES.append((re.compile(pattern), max_file_bytes))


def _file_limit(request) -> int | None:
    if not request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return None
    for pattern, limit in UPLOAD_ROUTES:
        if pattern.fullmatch(request.path):
            return limit()
    return None


class ApiRequestGuardMiddleware:
    """Refuse oversized API bodies before anything reads them (DRF's parsers do not)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return problem_json_response(400, "Content-Length is not a number.")
            file_limit = _file_limit(request)
            if file_limit is not None:
                if length > file_limit + MULTIPART_OVERHEAD:
                    detail = (
                        f"The upload is {length:,} bytes; the limit for the file is "
                        f"{file_limit:,} bytes."
                    )
                    return problem_json_response(
                        413, detail, slug="payload-too-large", errors={"file": [detail]}
                    )
            elif length > settings.API_MAX_BODY_BYTES:
                return problem_json_response(
                    413,
                    f"The request body is {length} bytes; the limit is "
                    f"{settings.API_MAX_BODY_BYTES} bytes.",
                    slug="payload-too-large",
                )
        return self.get_response(request)
