"""API access tokens. Only a SHA-256 digest of a token is stored; the token is shown once, at issue.

A token is ``fzt_<prefix>_<secret>``: the 8-hex-digit prefix finds the row, the digest of the whole
token proves possession. A token works while it is not revoked, not expired and its user is active
(docs/security.md 4: disabling a user stops all of their API tokens).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="所属人员", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=16, unique=True)
    key_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True, editable=False)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "接口访问令牌"
        verbose_name_plural = "接口访问令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（fzt_{self.prefix}_…）"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def state_label(self) -> str:
        if self.revoked:
            return "已吊销"
        if self.is_expired():
            return "已过期"
        if not self.user.is_active:
            return "人员已停用"
        return "有效"
