from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "fazhi.core.workflow"
    label = "workflow"
    verbose_name = "办理程序"
