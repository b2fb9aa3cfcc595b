"""Response headers every page gets: Content-Security-Policy, Permissions-Policy, and
`Cache-Control: no-store` for anything answered to a signed-in user.

Django 5.2 has no CSP support of its own. The policy allows scripts and styles only from
this site, so no inline `<script>`, `on*=` handler or `style=` attribute may appear in a
template: behaviour lives in static files, and htmx is configured not to inject its
indicator style (templates/base.html). A view may set its own, stricter or looser, policy
(the 500 page, whose styles are inline so that it renders when static files fail).
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        already = "no-store" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not already:
            # A signed-in page holds an organisation's data: never kept by a browser or
            # proxy cache, nor shown again from history after sign-out.
            add_never_cache_headers(response)
        return response
