from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        # The one discovery rule (fazhi.core.registry): every app's declaration modules, once.
        from fazhi.core import registry

        registry.discover()
