from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "fazhi.core.calendar"
    label = "calendar"
    verbose_name = "工作日历与期限"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fazhi.core.calendar import signals

        # Every ``fazhi migrate`` (and so every upgrade) brings the years a newer chinesecalendar carries.
        post_migrate.connect(signals.sync_after_migrate, sender=self)
