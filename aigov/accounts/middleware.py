from django.utils.functional import SimpleLazyObject

from aigov.accounts.actor import resolve_actor


class ActorMiddleware:
    """Give browser requests `request.actor`, resolved lazily from the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: resolve_actor(request))
        return self.get_response(request)
