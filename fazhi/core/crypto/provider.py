"""The key provider interface (docs/security.md 16).

Everything that touches key material goes through a :class:`CryptoProvider`: encrypting and
decrypting personal identifiers and computing their blind index. The default
:class:`fazhi.core.crypto.software.SoftwareProvider` keeps its keys as files in the data
directory's ``keys/`` folder, outside the database. A deployment that must use a certified
cryptographic module (密码模块, GB/T 37092) writes a class with the same four members that calls
the module's API, and names it in the ``FAZHI_CRYPTO_PROVIDER`` setting (dotted path); nothing
else changes, since ciphertexts carry their format version and key id.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "fazhi.core.crypto.software.SoftwareProvider"


class CryptoError(Exception):
    """A ciphertext could not be decrypted (wrong key, tampered, unknown format)."""


class CryptoProvider(ABC):
    """Encrypts text values at rest and computes keyed blind indexes.

    ``context`` binds a ciphertext to where it is stored (e.g. ``"reconsideration.party.id_number"``)
    so a value copied into another column does not decrypt. ``purpose`` separates blind indexes of
    different kinds of identifier.
    """

    @property
    @abstractmethod
    def key_id(self) -> str:
        """Identifier of the key new values are encrypted with (hex, stored in each ciphertext)."""

    @abstractmethod
    def encrypt(self, plaintext: str, context: str) -> str:
        """A printable, versioned ciphertext (``"v1:" + base64``) of ``plaintext``."""

    @abstractmethod
    def decrypt(self, token: str, context: str) -> str:
        """The plaintext of ``token``; raises :class:`CryptoError` if it does not authenticate."""

    @abstractmethod
    def blind_index(self, normalised: str, purpose: str) -> str:
        """A keyed digest (hex) of an already-normalised value, for exact-match search."""


_provider: CryptoProvider | None = None


def get_provider() -> CryptoProvider:
    global _provider
    if _provider is None:
        path = getattr(settings, "FAZHI_CRYPTO_PROVIDER", "") or DEFAULT_PROVIDER
        _provider = import_string(path)()
    return _provider


def reset_provider() -> None:
    global _provider
    _provider = None


@receiver(setting_changed)
def _setting_changed(setting, **kwargs):
    if setting == "FAZHI_CRYPTO_PROVIDER":
        reset_provider()
