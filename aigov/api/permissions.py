from rest_framework.permissions import BasePermission


class ActorPermission(BasePermission):
    """Deny by default: the view must name the permission its action needs.

    Views declare `permission_by_action = {"list": "audit.view", ...}`; an action missing
    from the map is refused. The actor's role and scopes decide (accounts.permissions).
    """

    def has_permission(self, request, view) -> bool:
        actor = getattr(request, "actor", None)
        if not actor:
            return False
        method = request.method.lower()
        action = getattr(view, "action", None) or method
        if method not in view.http_method_names or not hasattr(view, action):
            return True  # no handler: let the view answer 405, which reveals nothing
        kinds = getattr(view, "allowed_kinds", None)
        if kinds is not None and actor.kind not in kinds:
            return False
        permission = getattr(view, "permission_by_action", {}).get(action)
        return bool(permission) and actor.can(permission)
