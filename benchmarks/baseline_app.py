"""The ceiling baseline for benchmarks/http_load.py: one minimal Django JSON view, nothing else.

No database, no sessions, no middleware, no templates: the cost of Django's request/response cycle
plus the WSGI server. It is served by the same server as the platform (waitress, same thread count; or
gunicorn with the same number of worker processes) so the ratio "platform page req/s ÷ baseline req/s"
shows what the platform's own work costs.

    uv run python benchmarks/baseline_app.py --port 8099 --threads 8 [--workers 2]
"""

from __future__ import annotations

import argparse

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-baseline-not-secret",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )
    django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def ping(request):
    return JsonResponse({"ok": True, "path": request.path})


urlpatterns = [path("baseline/", ping)]

application = get_wsgi_application()


def main() -> None:
    parser = argparse.ArgumentParser(description="Minimal Django view for the load-test ceiling.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the baseline only listens on loopback")
    if args.workers > 1:
        from gunicorn.app.base import BaseApplication

        class Application(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{args.host}:{args.port}")
                self.cfg.set("workers", args.workers)
                self.cfg.set("threads", args.threads)
                self.cfg.set("worker_class", "gthread")

            def load(self):
                return application

        Application().run()
        return
    import waitress

    waitress.serve(application, host=args.host, port=args.port, threads=args.threads, ident="baseline")


if __name__ == "__main__":
    main()
