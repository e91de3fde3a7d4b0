"""Content-Security-Policy and Permissions-Policy on every response (docs/security.md 23).

Django 5.2 has no CSP support (it arrives in Django 6.0), so this small middleware sets the header.
Scripts may only come from our own origin: the staff shell's ``app.js``, the vendored htmx and
Swagger UI are files, and no template carries an inline ``<script>`` or ``on…=`` handler (a test
scans the templates). Styles allow ``'unsafe-inline'`` because htmx injects its indicator style
element and Swagger UI and a portal template set ``style`` attributes; inline style cannot run code.

The policy string lives in ``settings.FAZHI_CSP`` so a deployment can tighten it; a view that set
its own ``Content-Security-Policy`` header keeps it.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "FAZHI_CSP", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
