"""State of the identity controls, kept in the database so every process sees the same counters."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.crypto.fields import EncryptedCharField


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


class ChangeKind(models.TextChoices):
    CREATE = "create", "新建账号"
    CHANGE = "change", "变更账号（单位、角色、数据范围）"
    DISABLE = "disable", "停用账号"
    PASSWORD = "password", "签发一次性密码"
    ORGANISATION_MOVE = "organisation_move", "调整单位隶属"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准生效"
    REFUSED = "refused", "已驳回"
    EXPIRED = "expired", "已过期"


class AccountChange(models.Model):
    """A change to accounts or to the organisation tree requested by the 系统管理员 that takes effect
    only when a 安全管理员 approves it (two-person rule; :mod:`fazhi.core.security.account_changes`)."""

    kind = models.CharField("类型", max_length=20, choices=ChangeKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the change sets: account fields (username, full_name, organisation, data_scope, roles)
    # or {"parent": id} for an organisation move.
    payload = models.JSONField("变更内容", default=dict)
    reason = models.CharField("申请理由", max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    expires_at = models.DateTimeField("审批期限")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    # Split knowledge: a one-time password is made of two parts; the approving 安全管理员 sees the
    # second once at approval, the requesting 系统管理员 collects the first once from here (then it
    # is erased). Neither administrator alone ever knows the password.
    password_part = EncryptedCharField("一次性密码前段", max_length=32, blank=True, editable=False)
    password_part_taken_at = models.DateTimeField("前段领取时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号变更申请"
        verbose_name_plural = "账号变更申请"
        ordering = ["-requested_at", "-id"]
