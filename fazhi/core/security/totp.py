"""Time-based one-time passwords (docs/security.md 5).

The construction is RFC 6238 (TOTP over RFC 4226 HOTP): ``HMAC(key, counter)`` with the counter the
number of 30-second steps since the Unix epoch as 8 big-endian bytes, dynamic truncation to 31 bits
and the last 6 decimal digits. The HMAC hash is SM3 by default (GB/T 32905, via OpenSSL in
``hashlib``), which gives the factor a commercial-cryptography (商用密码) basis; ``sha1`` is offered per
account only for compatibility with common authenticator apps, which implement SHA1 only.

Note for deployments: an SM3 account needs a token or an app that can compute HMAC-SM3 TOTP with
these parameters (the ``otpauth://`` URI carries ``algorithm=SM3``); standard authenticator apps
(Google/Microsoft Authenticator…) ignore an unknown algorithm and would show wrong codes.

A code is accepted in the current step or one step either side (clock drift), and only once: the
accepted step is stored and any code of that step or an earlier one is refused (replay).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import quote, urlencode

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core.security import param
from fazhi.core.security.models import TotpAlgorithm, TotpDevice

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends


def hotp(key: bytes, counter: int, algorithm: str = "sm3", digits: int = DIGITS) -> str:
    mac = hmac.new(key, counter.to_bytes(8, "big"), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def step_at(when: float | None = None) -> int:
    return int((time.time() if when is None else when) // STEP_SECONDS)


def totp(key: bytes, when: float | None = None, algorithm: str = "sm3") -> str:
    return hotp(key, step_at(when), algorithm)


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def b32(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=")


def otpauth_uri(key: bytes, account: str, algorithm: str) -> str:
    issuer = param("FAZHI_TOTP_ISSUER")
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {
            "secret": b32(key),
            "issuer": issuer,
            "algorithm": algorithm.upper(),
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


# --- secret at rest: SM4-GCM with a key kept outside the database --------------------------------


def _sm4_key() -> bytes:
    material = getattr(settings, "FAZHI_TOTP_KEY", "") or ""
    if len(material) < 16:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("动态口令密钥（FAZHI_TOTP_KEY）未配置或过短。")
    return hashlib.new("sm3", material.encode()).digest()[:16]


def seal(key: bytes) -> str:
    nonce = secrets.token_bytes(12)
    enc = Cipher(algorithms.SM4(_sm4_key()), modes.GCM(nonce)).encryptor()
    body = enc.update(key) + enc.finalize()
    return "sm4gcm:" + base64.urlsafe_b64encode(nonce + enc.tag + body).decode("ascii")


def unseal(value: str) -> bytes:
    scheme, _, data = value.partition(":")
    if scheme != "sm4gcm":
        raise ValueError("unknown secret scheme")
    raw = base64.urlsafe_b64decode(data)
    nonce, tag, body = raw[:12], raw[12:28], raw[28:]
    dec = Cipher(algorithms.SM4(_sm4_key()), modes.GCM(nonce, tag)).decryptor()
    return dec.update(body) + dec.finalize()


# --- devices -------------------------------------------------------------------------------------


def start_enrolment(user, algorithm: str | None = None) -> tuple[TotpDevice, bytes]:
    """A new unconfirmed device (replacing an unconfirmed one); the secret is returned for display."""
    algorithm = algorithm or param("FAZHI_TOTP_DEFAULT_ALGORITHM")
    if algorithm not in TotpAlgorithm.values:
        raise ValueError("不支持的动态口令算法。")
    key = new_secret()
    device, _ = TotpDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret_encrypted": seal(key),
            "algorithm": algorithm,
            "confirmed_at": None,
            "last_step": None,
        },
    )
    return device, key


def secret_of(device: TotpDevice) -> bytes:
    return unseal(device.secret_encrypted)


def verify(device: TotpDevice, code: str, when: float | None = None) -> bool:
    """True once per valid code; the accepted step is recorded atomically, so a replay is refused."""
    code = "".join((code or "").split())
    if len(code) != DIGITS or not code.isdigit():
        return False
    key = secret_of(device)
    now_step = step_at(when)
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if hmac.compare_digest(hotp(key, step, device.algorithm), code):
            with transaction.atomic():
                fresh = TotpDevice.objects.select_for_update().get(pk=device.pk)
                if fresh.last_step is not None and step <= fresh.last_step:
                    return False  # this code (or a later one) was already used
                fresh.last_step = step
                if fresh.confirmed_at is None:
                    fresh.confirmed_at = timezone.now()
                fresh.save(update_fields=["last_step", "confirmed_at"])
            device.last_step, device.confirmed_at = fresh.last_step, fresh.confirmed_at
            return True
    return False


def confirmed_device(user) -> TotpDevice | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()


def reset_pending(user) -> bool:
    """A security administrator reset this account's factor and no new device is confirmed yet."""
    if user is None or not getattr(user, "pk", None):
        return False
    return TotpDevice.objects.filter(
        user_id=user.pk, confirmed_at__isnull=True, reset_at__isnull=False
    ).exists()
