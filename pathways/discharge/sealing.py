"""The discharge map's secret: a link token the server hands out once and never keeps.

From the token we derive two unrelated values with HKDF (separate `info` strings):
- a *lookup* (hex) stored in the database to find the row, and
- a 256-bit AES-GCM *key* that encrypts the personal additions.
The server stores the lookup and the ciphertext only, so a copy of the database, or an
administrator, cannot read a map; whoever holds the link (or its QR code) can. The map's id is the
associated data, so a ciphertext cannot be moved to another row. No Django models here.
"""

import json
import secrets
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TOKEN_BYTES = 16  # 128 bits: unguessable, and still a short URL (22 characters)
NONCE_BYTES = 12  # 96-bit nonce, random per encryption, as AES-GCM expects
FORMAT = b"\x01"  # first byte of every ciphertext: lets a later format coexist
_SALT = b"rehabkartan discharge map"
_LOOKUP_INFO = b"rehabkartan/discharge/lookup/v1"
_KEY_INFO = b"rehabkartan/discharge/aes-gcm-key/v1"
_COMPACT_JSON = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":")
)  # UTF-8, no spaces: short rows


class CannotDecrypt(Exception):
    """Wrong token for this row, or a ciphertext that was tampered with."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _derive(token: str, info: bytes) -> bytes:
    # A token from new_token is ASCII, so its ASCII and UTF-8 bytes are the same (the mutation
    # check's "utf-8" or "ASCII" mutants are equivalent); a link typed with other letters finds
    # no row either way, and does not fail.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(
        token.encode("ascii", errors="replace")  # pragma: no mutate
    )


def lookup_for(token: str) -> str:
    """What the database stores to find the row; reveals nothing about the key."""
    return _derive(token, _LOOKUP_INFO).hex()


def _aad(map_id: UUID) -> bytes:
    return f"discharge-map:{map_id}".encode()


def encrypt(token: str, map_id: UUID, additions: dict[str, Any]) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    plaintext = _COMPACT_JSON.encode(additions).encode()
    sealed = AESGCM(_derive(token, _KEY_INFO)).encrypt(nonce, plaintext, _aad(map_id))
    return FORMAT + nonce + sealed


def decrypt(token: str, map_id: UUID, stored: bytes | memoryview) -> dict[str, Any]:
    blob = bytes(stored)  # a memoryview from some database drivers
    if not blob.startswith(FORMAT):
        raise CannotDecrypt("unknown format")
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        plaintext = AESGCM(_derive(token, _KEY_INFO)).decrypt(nonce, sealed, _aad(map_id))
    except InvalidTag as error:
        raise CannotDecrypt("wrong token or tampered data") from error
    additions: dict[str, Any] = json.loads(plaintext)
    return additions
