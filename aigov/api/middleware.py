from django.conf import settings

from aigov.api.problems import problem_json_response


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
            if length > settings.API_MAX_BODY_BYTES:
                return problem_json_response(
                    413,
                    f"The request body is {length} bytes; the limit is "
                    f"{settings.API_MAX_BODY_BYTES} bytes.",
                    slug="payload-too-large",
                )
        return self.get_response(request)
