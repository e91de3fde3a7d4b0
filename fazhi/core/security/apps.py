from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "fazhi.core.security"
    label = "security"
    verbose_name = "账号与会话安全"

    def ready(self) -> None:
        from fazhi.core.security import checks, signals  # noqa: F401  (registers receivers and checks)
