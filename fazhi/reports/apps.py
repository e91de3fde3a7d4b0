from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from fazhi.reports import views  # noqa: F401  (the staff nav section)
