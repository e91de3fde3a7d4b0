from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fazhi.web"
    label = "web"
    verbose_name = "员工工作台"

    def ready(self) -> None:
        from fazhi.web import sections

        sections.register_all()
