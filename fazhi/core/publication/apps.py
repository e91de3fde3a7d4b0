from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "fazhi.core.publication"
    label = "publication"
    verbose_name = "信息公开"

    def ready(self) -> None:
        # Each domain app declares what it publishes in its own ``publication`` module (engine hooks,
        # portal sections). Import them once at start-up so the hooks are in place before any request,
        # command or test takes a transition.
        from django.utils.module_loading import autodiscover_modules

        from fazhi.core.publication import views  # noqa: F401  (staff review list)

        autodiscover_modules("publication")
