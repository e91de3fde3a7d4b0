"""Deployment checks: `fazhi check --deploy` refuses parameters weaker than docs/security.md 2–5 and 7."""

from __future__ import annotations

from django.core import checks

from fazhi.core.security import DEFAULTS, param

#: name → True if a larger value is weaker (max age, lock threshold…), False if a smaller one is.
_LARGER_IS_WEAKER = {
    "FAZHI_PASSWORD_MIN_LENGTH": False,
    "FAZHI_PASSWORD_MIN_CLASSES": False,
    "FAZHI_PASSWORD_HISTORY": False,
    "FAZHI_PASSWORD_MAX_AGE_DAYS": True,
    "FAZHI_LOGIN_MAX_FAILURES": True,
    "FAZHI_LOGIN_LOCK_MINUTES": False,
    "FAZHI_LOGIN_IP_MAX_FAILURES": True,
    "FAZHI_SESSION_IDLE_MINUTES": True,
    "FAZHI_SESSION_IDLE_MINUTES_ADMIN": True,
    "FAZHI_SESSION_ABSOLUTE_HOURS": True,
    "FAZHI_DORMANT_DAYS": True,
}


@checks.register(checks.Tags.security, deploy=True)
def security_parameters(app_configs=None, **kwargs):
    errors = []
    for name, larger_is_weaker in _LARGER_IS_WEAKER.items():
        value, baseline = param(name), DEFAULTS[name]
        if (value > baseline) if larger_is_weaker else (value < baseline):
            errors.append(
                checks.Error(
                    f"安全参数 {name}={value} 弱于基线 {baseline}（docs/security.md）。",
                    id="fazhi.security.E001",
                )
            )
    if not param("FAZHI_TOTP_REQUIRED_FOR_ADMINS"):
        errors.append(
            checks.Error(
                "管理员账号必须启用第二因素（FAZHI_TOTP_REQUIRED_FOR_ADMINS=True，docs/security.md 5）。",
                id="fazhi.security.E002",
            )
        )
    return errors
