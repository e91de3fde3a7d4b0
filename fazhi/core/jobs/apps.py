from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "fazhi.core.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # Every app's ``tasks`` module registers its jobs and periodic schedules with the queue, in
        # the web process (which enqueues) as in the consumer (which runs them).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
