from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "fazhi.core.calendar"
    label = "calendar"
    verbose_name = "工作日历与期限"

    def ready(self) -> None:
        from fazhi.core.calendar import signals  # noqa: F401
