"""The software key provider: SM4-GCM and HMAC-SM3 with keys from the data directory's ``keys/``.

Ciphertext format ``v1``: ``"v1:" + base64(key_id[4] ‖ nonce[12] ‖ SM4-GCM ciphertext ‖ tag[16])``,
with the storage context (model and field) as additional authenticated data. A fresh random nonce
is drawn for every value, so equal plaintexts never give equal ciphertexts (search uses the blind
index instead). SM4-GCM is 《GB/T 36624-2018》/RFC 8998; it is available here through the
``cryptography`` package on OpenSSL ≥ 3 (a known-answer test in tests/security proves it). On a
platform without it the format version leaves room for an SM4-CBC + HMAC-SM3 ``v2``.

Keys (《GB/T 39786-2021》 §8.4: keys kept apart from the data they protect): two independent random
secrets, ``keys/pii-sm4`` (encryption) and ``keys/pii-blind-index`` (blind index), created on
first use by :meth:`fazhi.conf.Config.stored_secret` with mode 0600. The 128-bit SM4 key and the
index key are derived from them with HMAC-SM3 and a fixed label. Losing ``keys/`` makes the
encrypted columns unreadable: it belongs in every backup, stored separately from the database copy.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from fazhi.core.crypto.provider import CryptoError, CryptoProvider

VERSION = "v1"
PREFIX = VERSION + ":"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16

ENCRYPTION_KEY_FILE = "pii-sm4"
INDEX_KEY_FILE = "pii-blind-index"


def sm3_hmac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, "sm3").digest()


def derive_key(secret: str, label: bytes, length: int) -> bytes:
    return sm3_hmac(secret.encode(), b"fazhi/" + label)[:length]


def key_id_for(key: bytes) -> bytes:
    return sm3_hmac(key, b"fazhi/key-id")[:KEY_ID_BYTES]


class SoftwareProvider(CryptoProvider):
    def __init__(
        self,
        encryption_secret: str | None = None,
        index_secret: str | None = None,
        retired_secrets: tuple[str, ...] = (),
    ):
        if encryption_secret is None or index_secret is None:
            from fazhi.conf import config

            encryption_secret = encryption_secret or config.stored_secret(ENCRYPTION_KEY_FILE, nbytes=32)
            index_secret = index_secret or config.stored_secret(INDEX_KEY_FILE, nbytes=32)
        if encryption_secret == index_secret:
            raise ValueError("加密密钥与盲索引密钥必须不同。")
        self._key = derive_key(encryption_secret, b"pii/sm4/v1", 16)
        self._kid = key_id_for(self._key)
        # Older keys still decrypt (rotation: re-encrypt, then drop them); new values use the current key.
        self._keys = {key_id_for(k): k for k in (derive_key(s, b"pii/sm4/v1", 16) for s in retired_secrets)}
        self._keys[self._kid] = self._key
        self._index_key = derive_key(index_secret, b"pii/blind-index/v1", 32)

    @property
    def key_id(self) -> str:
        return self._kid.hex()

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(context.encode())
        body = encryptor.update(plaintext.encode()) + encryptor.finalize()
        payload = self._kid + nonce + body + encryptor.tag
        return PREFIX + base64.b64encode(payload).decode("ascii")

    def decrypt(self, token: str, context: str) -> str:
        if not isinstance(token, str) or not token.startswith(PREFIX):
            raise CryptoError("密文格式无法识别。")
        try:
            payload = base64.b64decode(token[len(PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            raise CryptoError("密文格式无法识别。") from None
        if len(payload) < KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES:
            raise CryptoError("密文长度不正确。")
        kid = payload[:KEY_ID_BYTES]
        key = self._keys.get(kid)
        if key is None:
            raise CryptoError(f"密钥 {kid.hex()} 不可用。")
        nonce = payload[KEY_ID_BYTES : KEY_ID_BYTES + NONCE_BYTES]
        body, tag = payload[KEY_ID_BYTES + NONCE_BYTES : -TAG_BYTES], payload[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context.encode())
        try:
            return (decryptor.update(body) + decryptor.finalize()).decode()
        except (InvalidTag, UnicodeDecodeError):
            raise CryptoError("密文校验失败（密钥错误或数据被篡改）。") from None

    def blind_index(self, normalised: str, purpose: str) -> str:
        return hmac.new(self._index_key, purpose.encode() + b"\x00" + normalised.encode(), "sm3").hexdigest()
