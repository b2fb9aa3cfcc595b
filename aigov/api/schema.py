"""OpenAPI descriptions drf-spectacular cannot infer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from aigov.api.problems import PROBLEM_CONTENT_TYPE, TITLES

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, the one error format of the API.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Invalid fields (dotted paths for nested ones) and their messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}
WRITE_METHODS = ("POST", "PUT", "PATCH")


class AutoSchema(SpectacularAutoSchema):
    """Adds to every operation the problem responses it can give, by route kind, so no
    view has to annotate them (and none can forget to)."""

    def error_statuses(self, operation: dict) -> set[int]:
        statuses: set[int] = set()
        if self.view.authentication_classes:
            # Missing/invalid key, a role or organisation kind without the permission,
            # too many failed authentications.
            statuses |= {401, 403, 429}
        if "{" in self.path:
            statuses.add(404)
        if self.method in WRITE_METHODS:
            # Malformed JSON; body too large; not JSON; a state or Idempotency-Key conflict;
            # invalid fields.
            statuses |= {400, 409, 413, 415, 422}
        if operation.get("parameters"):
            statuses.add(422)  # invalid filter, `limit` or `cursor`
        return statuses

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        component = ResolvedComponent(
            name="Problem", type=ResolvedComponent.SCHEMA, object="Problem", schema=PROBLEM_SCHEMA
        )
        self.registry.register_on_missing(component)
        for code in sorted(self.error_statuses(operation)):
            operation["responses"].setdefault(
                str(code),
                {
                    "description": TITLES[code],
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": component.ref}},
                },
            )
        return operation


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "aigov.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organisation's API key: `Authorization: Bearer aigov_…`.",
        }
