from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "fazhi.core.crypto"
    label = "crypto"
    verbose_name = "个人信息加密"
