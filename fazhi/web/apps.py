from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fazhi.web"
    label = "web"
    verbose_name = "员工工作台"

    def ready(self) -> None:
        # The shell's own pages and the staff screens of core features (their nav sections).
        from fazhi.web import account_security, held_back, publication_review, sections  # noqa: F401

        sections.register_all()
