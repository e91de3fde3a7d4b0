from __future__ import annotations

from fazhi.core.audit import context


def client_ip(request) -> str:
    # Behind a reverse proxy set FAZHI's proxy to overwrite REMOTE_ADDR; never trust X-Forwarded-For here.
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        request.request_id = context.new_request_id()
        token = context.activate(
            context.RequestContext(
                user_id=user.pk if authenticated else None,
                username=user.username if authenticated else "",
                roles=",".join(user.roles) if authenticated else "",
                ip=client_ip(request),
                request_id=request.request_id,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response.headers.setdefault("X-Request-Id", request.request_id)
        return response
