from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sodsong.core.context import acting_as, actor_for


class ActorMiddleware:
    """Makes the signed-in user the actor for history and audit during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        with acting_as(actor_for(request.user, via=via, request_path=request.path)):
            return self.get_response(request)
