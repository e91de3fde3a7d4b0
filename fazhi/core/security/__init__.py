"""Identity and session controls of docs/security.md 1–7 (and the login/logout rows of 12).

- :mod:`.passwords`  — password policy validators, history (last 5), 90-day age;
- :mod:`.lockout`    — 5 consecutive failures lock an account for 30 minutes; per-IP throttle;
- :mod:`.backends`   — the authentication backend that applies the lockout before any password check;
- :mod:`.sessions`   — session bookkeeping: idle/absolute limits, killing every session of a user;
- :mod:`.totp`       — the second factor: TOTP (RFC 6238 construction) with HMAC-SM3 by default;
- :mod:`.middleware` — timeouts, forced password change, second factor for administrators;
- :mod:`.dormant`    — disabling accounts unused for 90 days (``fazhi accounts disable-dormant``);
- :mod:`.accounts`   — the security administrator's account actions (reset a lost second factor,
  unlock, force a password change) and :mod:`.account_views` their staff screen; the same actions
  as break-glass on the server console for the accounts the screen refuses (系统/审计管理员):
  ``fazhi accounts reset-totp|unlock|force-password-change --user LOGIN --reason TEXT --operator NAME``;
- :mod:`.throttle`   — per-address and per-key limits on failed public look-ups (portal query); a
  refusal is audited at most once per address per window (the login throttle uses the same rule).

Every parameter comes from ``settings`` (the block "Security parameters (docs/security.md)"), read through
:func:`param` so a deployment can tighten them in one place.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "FAZHI_PASSWORD_MIN_LENGTH": 10,
    "FAZHI_PASSWORD_MIN_CLASSES": 3,
    "FAZHI_PASSWORD_HISTORY": 5,
    "FAZHI_PASSWORD_MAX_AGE_DAYS": 90,
    "FAZHI_LOGIN_MAX_FAILURES": 5,
    "FAZHI_LOGIN_LOCK_MINUTES": 30,
    "FAZHI_LOGIN_IP_MAX_FAILURES": 20,
    "FAZHI_LOGIN_IP_WINDOW_MINUTES": 10,
    "FAZHI_SESSION_IDLE_MINUTES": 30,
    "FAZHI_SESSION_IDLE_MINUTES_ADMIN": 15,
    "FAZHI_SESSION_ABSOLUTE_HOURS": 12,
    "FAZHI_TOTP_REQUIRED_FOR_ADMINS": True,
    "FAZHI_TOTP_DEFAULT_ALGORITHM": "sm3",
    "FAZHI_TOTP_ISSUER": "法治政府建设工作平台",
    "FAZHI_DORMANT_DAYS": 90,
    # Public look-ups (the 行政复议 progress query): failures per address / per 查询码 in the window.
    "FAZHI_PORTAL_LOOKUP_IP_MAX_FAILURES": 10,
    "FAZHI_PORTAL_LOOKUP_KEY_MAX_FAILURES": 5,
    "FAZHI_PORTAL_LOOKUP_WINDOW_MINUTES": 15,
    # Anonymous online applications: submissions per address / per applicant identifier in the window.
    "FAZHI_PORTAL_APPLY_IP_MAX": 5,
    "FAZHI_PORTAL_APPLY_KEY_MAX": 3,
    "FAZHI_PORTAL_APPLY_WINDOW_MINUTES": 60,
}


def param(name: str):
    return getattr(settings, name, DEFAULTS[name])
