from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"

    def ready(self) -> None:
        from fazhi.litigation import views, workflow  # noqa: F401  (register the procedure and pages)
