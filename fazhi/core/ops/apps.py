from django.apps import AppConfig


class OpsConfig(AppConfig):
    """No models: the app exists so Django finds the ``backup`` and ``restore`` commands."""

    name = "fazhi.core.ops"
    label = "ops"
    verbose_name = "运维"
