"""Personal identifiers at rest: SM4 encryption, HMAC-SM3 blind index, key provider (docs/security.md 16).

- :mod:`.provider`: the interface every key provider implements and ``get_provider()``
  (``settings.FAZHI_CRYPTO_PROVIDER``, default the software provider).
- :mod:`.software`: SM4-GCM + HMAC-SM3 with keys in the data directory's ``keys/``.
- :mod:`.fields`: ``EncryptedCharField`` (the column holds ciphertext, the attribute plaintext),
  ``BlindIndexField`` (its exact-match companion) and ``IdentifierQuerySet.filter_by_identifier``.
- :mod:`.reveal` and :mod:`.staff_urls`: "查看明文" with a stated reason, one audit row
  ``personal_data.view`` per view (docs/security.md 11, 12).
- :mod:`.migration`: encrypting the rows of a column that used to hold plaintext.
"""

from __future__ import annotations

import re
import unicodedata

from fazhi.core.crypto.provider import CryptoError, CryptoProvider, get_provider

__all__ = [
    "CryptoError",
    "CryptoProvider",
    "blind_index",
    "decrypt",
    "encrypt",
    "get_provider",
    "is_ciphertext",
    "normalise_identifier",
]

_IGNORED = re.compile(r"[\s\-]")


def normalise_identifier(value: str | None) -> str:
    """The form a blind index is computed over: full-width → half-width (NFKC), no spaces or
    hyphens, upper case — so "11010519491231002x", "１１０１０５…００２Ｘ" and "110105 19491231 002X"
    find the same person, and "0771-1234567" the same phone as "07711234567"."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def encrypt(plaintext: str, context: str) -> str:
    return get_provider().encrypt(plaintext, context)


def decrypt(token: str, context: str) -> str:
    return get_provider().decrypt(token, context)


def blind_index(value: str | None, purpose: str) -> str:
    """The keyed digest of ``value`` after normalisation; ``""`` for an empty value."""
    normalised = normalise_identifier(value)
    if not normalised:
        return ""
    return get_provider().blind_index(normalised, purpose)


def is_ciphertext(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"v[0-9]+:[A-Za-z0-9+/=]+", value) is not None
