"""The TOTP secret encrypted at rest (#17 L14): a database dump or a read-only SQL injection no
longer hands out every officer's second factor.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with a key from SODSONG_TOTP_KEY, or
derived from SECRET_KEY when that is unset (then rotating the secret key needs
SECRET_KEY_FALLBACKS, which are tried for reading). The field is transparent: Python code sees the
plain secret, the column holds the token. A value that cannot be decrypted stops the request
(fail closed) instead of reading as "no second factor", which would let a password alone enrol a
new one.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

FERNET_PREFIX = "gAAAA"  # every Fernet token starts so (version byte 0x80, then the timestamp)


def _derived(secret: str) -> bytes:
    digest = hashlib.sha256(b"sodsong-totp-at-rest:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def fernet() -> MultiFernet:
    explicit = getattr(settings, "SODSONG_TOTP_KEY", "")
    keys = [_derived(explicit)] if explicit else []
    keys += [_derived(settings.SECRET_KEY)]
    keys += [_derived(k) for k in getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(FERNET_PREFIX):
        return stored  # empty, or a secret stored before encryption (the migration encrypts it)
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A TOTP secret cannot be decrypted: SODSONG_TOTP_KEY or SECRET_KEY changed "
            "(keep the old one in SECRET_KEY_FALLBACKS)."
        ) from exc


class EncryptedSecretField(models.CharField):
    """A short secret stored encrypted; reads and writes plain text in Python."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if isinstance(value, str) and value and not value.startswith(FERNET_PREFIX):
            return encrypt(value)
        return value
