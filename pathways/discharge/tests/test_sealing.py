"""The discharge map's seal (pathways/discharge.py), tested against its promises rather than itself.

The promises (docs/decisions/0003): the database holds a lookup and a ciphertext, and neither opens
the other; only the link's token does. Each test below fails for a one-line slip that would still
let every map open for its own link: the key derived with the lookup's label, a constant nonce, a
ciphertext not bound to its row, or a changed derivation that strands every stored map.
"""

import base64
import json
import re
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pathways.discharge import sealing as discharge

ADDITIONS = {"goal": "Gå till affären själv", "contacts": [{"phone": "0980-123 45"}]}
MAP_ID = uuid.UUID("6f1c2a3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f")
# A map sealed by this version on 1 December 2026 (token, its lookup, the stored ciphertext). A
# later version must still find and open it: maps live for 30 days across upgrades.
KNOWN_TOKEN = "Yx0ucSDgG0bVXBLOLOc5VQ"
KNOWN_LOOKUP = "ab9a84c5f7a2781384bff6202182b867fb5459ac3a8f70110fe3bf40de47e5a4"
KNOWN_BLOB = bytes.fromhex(
    "0154ab42dce854e1f1727f81feea8b6eadfab54bd543416987c370412967c6ff01bfabe3e7211c674c9eddd4"
    "084f7fb79f43ae2b4f2921f8936fee5c21d48749"
)
KNOWN_ADDITIONS = {"goal": "Gå till affären själv"}
TAG_BYTES = 16  # AES-GCM's authentication tag


def parts(blob):
    """(format byte, nonce, ciphertext with tag), as the decision record lays the blob out."""
    return blob[:1], blob[1 : 1 + discharge.NONCE_BYTES], blob[1 + discharge.NONCE_BYTES :]


def hkdf(token, info):
    """HKDF-SHA256 as the decision record specifies it, written out here independently."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"rehabkartan discharge map", info=info
    ).derive(token.encode())


@pytest.fixture
def token():
    return discharge.new_token()


# The token


def test_a_token_is_22_url_safe_characters_holding_128_random_bits():
    tokens = {discharge.new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
        assert len(base64.urlsafe_b64decode(token + "==")) == 16


# The lookup: what the database keeps to find the row


def test_the_lookup_is_fixed_for_a_token_so_stored_maps_are_found_after_an_upgrade():
    assert discharge.lookup_for(KNOWN_TOKEN) == KNOWN_LOOKUP
    assert hkdf(KNOWN_TOKEN, b"rehabkartan/discharge/lookup/v1").hex() == KNOWN_LOOKUP


def test_the_lookup_is_64_hex_characters_and_differs_between_tokens(token):
    lookup = discharge.lookup_for(token)
    assert re.fullmatch(r"[0-9a-f]{64}", lookup)
    assert lookup != discharge.lookup_for(discharge.new_token())
    assert token not in lookup


def test_a_link_with_letters_outside_ascii_finds_nothing_rather_than_failing():
    # Someone types /d/åäö/: the lookup is still computed (and matches no row).
    assert re.fullmatch(r"[0-9a-f]{64}", discharge.lookup_for("åäö-länk"))


# The seal: a database copy (lookup + ciphertext) opens nothing


def test_the_stored_lookup_does_not_open_the_additions(token):
    """The key and the lookup come from different HKDF labels: the lookup is no key."""
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    lookup = discharge.lookup_for(token)
    _format, nonce, sealed = parts(blob)
    aad = f"discharge-map:{MAP_ID}".encode()
    with pytest.raises(InvalidTag):
        AESGCM(bytes.fromhex(lookup)).decrypt(nonce, sealed, aad)
    with pytest.raises(discharge.CannotDecrypt):  # nor does the lookup, used as a token
        discharge.decrypt(lookup, MAP_ID, blob)


def test_the_additions_open_with_the_key_the_decision_record_describes(token):
    """Byte 0 the format, then a 96-bit nonce, then AES-GCM under HKDF(token, key label) with the
    map's id as associated data, over compact UTF-8 JSON."""
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    format_byte, nonce, sealed = parts(blob)
    assert format_byte == b"\x01"
    key = hkdf(token, b"rehabkartan/discharge/aes-gcm-key/v1")
    assert key.hex() != discharge.lookup_for(token)
    plaintext = AESGCM(key).decrypt(nonce, sealed, f"discharge-map:{MAP_ID}".encode())
    assert plaintext == json.dumps(ADDITIONS, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(blob) == 1 + 12 + len(plaintext) + TAG_BYTES


def test_a_map_sealed_by_this_version_opens_after_an_upgrade():
    assert discharge.decrypt(KNOWN_TOKEN, MAP_ID, KNOWN_BLOB) == KNOWN_ADDITIONS
    # As the database hands it back (a memoryview on PostgreSQL).
    assert discharge.decrypt(KNOWN_TOKEN, MAP_ID, memoryview(KNOWN_BLOB)) == KNOWN_ADDITIONS


def test_two_sealings_of_the_same_additions_differ_in_nonce_and_ciphertext(token):
    blobs = [discharge.encrypt(token, MAP_ID, ADDITIONS) for _ in range(50)]
    nonces = {parts(blob)[1] for blob in blobs}
    assert len(nonces) == 50  # never the same nonce twice under one key
    assert len({parts(blob)[2] for blob in blobs}) == 50
    for blob in blobs:
        assert discharge.decrypt(token, MAP_ID, blob) == ADDITIONS


def test_only_the_maps_own_token_opens_it(token):
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    assert discharge.decrypt(token, MAP_ID, blob) == ADDITIONS
    for wrong in (discharge.new_token(), token[:-1], token + "A", ""):
        with pytest.raises(discharge.CannotDecrypt, match="^wrong token or tampered data$"):
            discharge.decrypt(wrong, MAP_ID, blob)


def test_a_ciphertext_moved_to_another_row_does_not_open(token):
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    for other in (uuid.uuid4(), str(MAP_ID).upper(), None):
        with pytest.raises(discharge.CannotDecrypt):
            discharge.decrypt(token, other, blob)
    assert discharge.decrypt(token, str(MAP_ID), blob) == ADDITIONS  # the same id as text


def test_every_changed_byte_is_refused(token):
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    for index in range(len(blob)):
        tampered = bytearray(blob)
        tampered[index] ^= 0x01
        with pytest.raises(discharge.CannotDecrypt):
            discharge.decrypt(token, MAP_ID, bytes(tampered))


def test_an_unknown_format_is_refused_even_with_a_valid_seal(token):
    """A later format may coexist: a blob that does not start with this one's byte is not read as
    this format, even when the bytes after it would open."""
    blob = discharge.encrypt(token, MAP_ID, ADDITIONS)
    for first in (b"\x00", b"\x02", b"{"):
        with pytest.raises(discharge.CannotDecrypt, match="^unknown format$"):
            discharge.decrypt(token, MAP_ID, first + blob[1:])
    with pytest.raises(discharge.CannotDecrypt, match="^unknown format$"):
        discharge.decrypt(token, MAP_ID, b"")
