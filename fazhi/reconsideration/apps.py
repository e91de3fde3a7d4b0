from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self) -> None:
        # Register the procedure and the staff pages once, when Django starts.
        from fazhi.reconsideration import views, workflow  # noqa: F401
