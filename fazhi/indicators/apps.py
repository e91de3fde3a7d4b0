from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标统计"

    def ready(self) -> None:
        # The nav section; the indicator declarations are discovered on first use (registry.py).
        from fazhi.indicators import views  # noqa: F401
