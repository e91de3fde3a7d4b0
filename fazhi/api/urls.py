from functools import wraps

from django.urls import URLPattern, path

from fazhi.api.errors import error_response
from fazhi.api.router import api


def _json_405(view):
    """ninja answers a wrong method with a plain-text 405; every API response is JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(405, "不支持该请求方法。", "method_not_allowed", Allow=allowed)
        return response

    return wrapper


_patterns, _app_name, _namespace = api.urls
_patterns = [
    URLPattern(p.pattern, _json_405(p.callback), p.default_args, p.name) if isinstance(p, URLPattern) else p
    for p in _patterns
]
urlpatterns = [path("", (_patterns, _app_name, _namespace))]
