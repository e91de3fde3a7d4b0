from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "fazhi.core.publication"
    label = "publication"
    verbose_name = "信息公开"
