"""Password policy (docs/security.md 2): length, character classes, no username, history, maximum age.

The validators plug into ``AUTH_PASSWORD_VALIDATORS``, so every place that sets a password through
Django's forms (our change page, the admin's set-password form) applies them. The history is filled
by :mod:`fazhi.core.security.signals` whenever a password is set, whoever sets it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.models import normalise_login
from fazhi.core.security import param
from fazhi.core.security.models import PasswordHistory

CLASS_LABELS = ("小写字母", "大写字母", "数字", "符号")


def character_classes(password: str) -> int:
    lower = upper = digit = other = False
    for ch in password:
        if ch.isdigit():
            digit = True
        elif ch.isalpha() and ch.islower():
            lower = True
        elif ch.isalpha() and ch.isupper():
            upper = True
        else:
            other = True  # symbols, spaces, and letters without case (e.g. Chinese characters)
    return lower + upper + digit + other


class MinimumLengthValidator:
    """Django's length rule with a Chinese message (its zh-hans catalogue lacks this plural form)."""

    def __init__(self, min_length: int | None = None):
        self.min_length = min_length or param("FAZHI_PASSWORD_MIN_LENGTH")

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要{self.min_length}个字符。", code="password_too_short")

    def get_help_text(self):
        return f"至少{self.min_length}个字符。"


class CharacterClassesValidator:
    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes or param("FAZHI_PASSWORD_MIN_CLASSES")

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码至少要包含{'、'.join(CLASS_LABELS)}中的{self.min_classes}类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"至少包含{'、'.join(CLASS_LABELS)}中的{self.min_classes}类。"


class UsernameNotContainedValidator:
    def validate(self, password, user=None):
        username = normalise_login(getattr(user, "username", "") or "")
        if username and username in normalise_login(password):
            raise ValidationError("密码不能包含用户名（不区分大小写）。", code="password_contains_username")

    def get_help_text(self):
        return "不能包含用户名。"


class PasswordHistoryValidator:
    def __init__(self, count: int | None = None):
        self.count = count or param("FAZHI_PASSWORD_HISTORY")

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("password", flat=True)[: self.count]
        )
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(f"不能使用最近{self.count}次用过的密码。", code="password_reused")

    def get_help_text(self):
        return f"不能与最近{self.count}次用过的密码相同。"


def remember(user) -> None:
    """Store the current password hash and keep only as many rows as the history needs."""
    if not user.password or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user_id=user.pk, password=user.password)
    keep = param("FAZHI_PASSWORD_HISTORY")
    stale = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[keep:]
    stale_ids = list(stale.values_list("id", flat=True))
    if stale_ids:
        PasswordHistory.objects.filter(id__in=stale_ids).delete()


def password_expired(user, now: dt.datetime | None = None) -> bool:
    changed = getattr(user, "password_changed_at", None)
    if changed is None:
        return True  # set empty by an administrator: change at next login
    max_age = dt.timedelta(days=param("FAZHI_PASSWORD_MAX_AGE_DAYS"))
    return (now or timezone.now()) - changed > max_age
