"""The interactive API docs page, served from vendored swagger-ui (no CDN: intranets are offline).

ninja renders its bundled assets only when "ninja" is in INSTALLED_APPS and otherwise falls back to a
CDN template; we render our own template with swagger-ui-dist vendored under
``fazhi/api/static/vendor/swagger-ui`` (see VERSION there) and no inline script (CSP).
"""

from __future__ import annotations

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class OfflineSwagger(DocsBase):
    template = "api/swagger.html"
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # the default would load a badge from validator.swagger.io
        "docExpansion": "list",
    }

    def render_page(self, request, api, **kwargs):
        context = {
            "swagger_settings": {**self.settings, "url": self.get_openapi_url(api, kwargs)},
            "api": api,
        }
        return render(request, self.template, context)
