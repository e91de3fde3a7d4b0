from django.apps import AppConfig


class SampleAppConfig(AppConfig):
    name = "tests.sampleapp"
    label = "sampleapp"
    verbose_name = "测试用示例程序"

    def ready(self) -> None:
        from tests.sampleapp import workflow  # noqa: F401
