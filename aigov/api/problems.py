"""RFC 9457 problem details: the one error format of the API."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from aigov.exceptions import StateConflict

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Permission denied",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid request",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem(status_code: int, detail: str = "", *, slug: str = "", errors=None, title=None) -> dict:
    body = {
        "type": f"urn:aigov:problem:{slug}" if slug else "about:blank",
        "title": title or TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail or title or TITLES.get(status_code, "Error"),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_json_response(status_code: int, detail: str = "", **kwargs) -> JsonResponse:
    """A problem response outside DRF (URL not found, server error, body too large)."""
    return JsonResponse(
        problem(status_code, detail, **kwargs),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as `{"field.sub.0": ["message", ...]}`."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            flat[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def exception_handler(exc, context):
    """DRF exception handler: every error becomes problem+json, never HTML or a trace."""
    headers = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, StateConflict):
        exc = Conflict(str(exc))
    elif isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the field names carry over.
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})

    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        fields = ", ".join(sorted(errors))
        body = problem(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            f"Invalid fields: {fields}.",
            slug="validation-error",
            errors=errors,
        )
    elif isinstance(exc, exceptions.APIException):
        code = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        slug = exc.get_codes() if isinstance(exc.get_codes(), str) else ""
        body = problem(code, str(detail), slug=str(slug).replace("_", "-"))
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            request = context.get("request")
            authenticators = getattr(request, "authenticators", None) or []
            if authenticators:
                headers["WWW-Authenticate"] = authenticators[0].authenticate_header(request)
            code = body["status"] = status.HTTP_401_UNAUTHORIZED
            body["title"] = TITLES[401]
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait))
        extra_errors = getattr(exc, "errors", None)
        if extra_errors:
            body["errors"] = extra_errors
    else:
        logger.exception("unhandled error in API view", exc_info=exc)
        body = problem(500, "The server failed to handle the request.", slug="server-error")
    return Response(body, status=body["status"], headers=headers, content_type=PROBLEM_CONTENT_TYPE)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload-too-large"


class IdempotencyKeyRequired(exceptions.APIException):
    """A POST that must not be applied twice was sent without an Idempotency-Key."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send an Idempotency-Key header with this request, so that a retry is safe."
    default_code = "idempotency-key-required"
