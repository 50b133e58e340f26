"""Unsubscribe tokens: the MAC covers the whole payload (address and issue); any altered payload fails."""

from __future__ import annotations

import base64

import pytest

from delivery.mail.tokens import make_token, message_id, verify_token

SECRET = b"test-secret-0123456789abcdef"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def with_payload(token: str, payload: bytes) -> str:
    """The token's MAC on another payload (what a reader of the link could try)."""
    return f"{b64(payload)}.{token.split('.')[1]}"


def test_a_token_is_bound_to_its_issue():
    token = make_token("anna@example.org", "2026-11", SECRET)
    assert verify_token(token, SECRET).issue == "2026-11"
    for other in ("2026-12", "2026-1", "2026-11x", ""):
        assert verify_token(with_payload(token, f"anna@example.org|{other}".encode()), SECRET) is None, other
    assert make_token("anna@example.org", "2026-12", SECRET) != token


def test_a_token_is_bound_to_its_address():
    token = make_token("anna@example.org", "2026-11", SECRET)
    for other in ("bernd@example.org", "anna@example.com", "anna@example.org.evil", "xanna@example.org"):
        assert verify_token(with_payload(token, f"{other}|2026-11".encode()), SECRET) is None, other


def test_every_single_byte_change_of_the_payload_fails():
    token = make_token("anna@example.org", "2026-11", SECRET)
    payload = unb64(token.split(".")[0])
    for index in range(len(payload)):
        for flip in (0x01, 0x20):
            changed = bytearray(payload)
            changed[index] ^= flip
            assert verify_token(with_payload(token, bytes(changed)), SECRET) is None, (index, flip)
    assert verify_token(with_payload(token, payload + b"x"), SECRET) is None
    assert verify_token(with_payload(token, payload[:-1]), SECRET) is None


def test_mac_changes_with_the_secret_and_is_truncated_consistently():
    token = make_token("anna@example.org", "2026-11", SECRET)
    other = make_token("anna@example.org", "2026-11", b"another-secret-0123456789")
    assert token.split(".")[0] == other.split(".")[0] and token != other
    assert verify_token(other, SECRET) is None
    assert len(unb64(token.split(".")[1])) == 16
    assert verify_token(token, SECRET.decode()) == verify_token(token, SECRET)


@pytest.mark.parametrize("issue,email", [("2026-12", "anna@example.org"), ("2026-11", "bernd@example.org")])
def test_message_id_depends_on_issue_and_address(issue, email):
    base = message_id("2026-11", "anna@example.org", "kv-mitte.example.org", SECRET)
    assert base.startswith("<2026-11.") and base.endswith("@kv-mitte.example.org>")
    assert message_id(issue, email, "kv-mitte.example.org", SECRET) != base
    assert message_id("2026-11", "Anna@Example.org", "kv-mitte.example.org", SECRET) == base
    assert message_id("2026-11", "anna@example.org", "kv-mitte.example.org", b"x" * 20) != base
