"""State of the identity controls, kept in the database so every process sees the same counters."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One row per password an account has had (its hash only): the last 5 may not be reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pwhistory_user_recent")]


class AccountLock(models.Model):
    """Consecutive failed logins of one account and, once 5 are reached, the end of its lock."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="人员",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    # attempts admitted but not yet decided (their password is being checked): counted against the
    # limit so parallel attempts cannot all pass the check before the first failure is counted
    pending = models.PositiveIntegerField("正在核验的尝试", default=0)
    pending_at = models.DateTimeField("最近放行时间", null=True, blank=True)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"


class LoginFailure(models.Model):
    """Every failed or refused login, for the per-IP throttle (a spray across many usernames)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    ip = models.CharField("来源地址", max_length=45, blank=True)
    username_key = models.CharField("尝试的用户名", max_length=150, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        indexes = [models.Index(fields=["ip", "at"], name="loginfailure_ip_at")]


class UserSession(models.Model):
    """Which server-side session belongs to whom, so logout-everywhere and disabling can kill them."""

    session_key = models.CharField("会话标识", max_length=40, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("登录时间", auto_now_add=True)
    ip = models.CharField("来源地址", max_length=45, blank=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"


class TotpAlgorithm(models.TextChoices):
    SM3 = "sm3", "HMAC-SM3（默认，需支持国密算法的令牌或应用）"
    SHA1 = "sha1", "HMAC-SHA1（兼容常见身份验证器应用）"


class TotpDevice(models.Model):
    """A TOTP second factor. The secret is stored SM4-encrypted with a key kept outside the database."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="人员",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="totp_device",
    )
    secret_encrypted = models.CharField("密钥（SM4加密）", max_length=255, editable=False)
    algorithm = models.CharField(
        "算法", max_length=8, choices=TotpAlgorithm.choices, default=TotpAlgorithm.SM3
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    # The highest time step accepted so far: a code is accepted once (replay refused).
    last_step = models.BigIntegerField("最近使用的时间步", null=True, blank=True, editable=False)
    # Set when a security administrator resets a lost factor: until the account confirms a new
    # device it is sent to enrolment before any other page (whatever its roles).
    reset_at = models.DateTimeField("重置时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "动态口令（第二因素）"
        verbose_name_plural = "动态口令（第二因素）"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class LookupFailure(models.Model):
    """A failed public look-up (e.g. the 行政复议 progress query), for its per-IP and per-key
    throttle. ``key_digest`` is an SM3 digest of the looked-up key (the 查询码), never the key itself."""

    scope = models.CharField("查询类型", max_length=40)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    ip = models.CharField("来源地址", max_length=45, blank=True)
    key_digest = models.CharField("查询键摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "公开查询失败记录"
        verbose_name_plural = "公开查询失败记录"
        indexes = [
            models.Index(fields=["scope", "ip", "at"], name="lookupfailure_ip_at"),
            models.Index(fields=["scope", "key_digest", "at"], name="lookupfailure_key_at"),
        ]


class ThrottleNotice(models.Model):
    """When a throttle last wrote an audit row for a refused address: a flood of refused attempts
    from one address writes at most one row per window (:func:`fazhi.core.security.throttle.
    first_refusal`), so the throttle cannot be used to flood the audit log."""

    scope = models.CharField("限制类型", max_length=40)
    ip = models.CharField("来源地址", max_length=45, blank=True)
    noted_at = models.DateTimeField("最近记录时间", db_index=True)

    class Meta:
        verbose_name = "限制拒绝记录"
        verbose_name_plural = "限制拒绝记录"
        constraints = [models.UniqueConstraint(fields=["scope", "ip"], name="throttlenotice_scope_ip")]
