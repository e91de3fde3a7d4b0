from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "fazhi.core.kit"
    label = "kit"
    verbose_name = "事项关联与编号"

    def ready(self) -> None:
        from fazhi.core.kit import links

        links.discover()
