"""Confirm tokens: signed, bound to their purpose, valid for 7 days; unsubscribe tokens are a different kind."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.mail.tokens import make_token, verify_token
from delivery.subscriptions.tokens import TokenError, make_confirm_token, verify_confirm_token
from tests.subscriptions.web.webhelpers import NOW, SECRET

KEY = SECRET.encode()


def test_round_trip_carries_address_and_issue_time():
    token = make_confirm_token("Anna.Beispiel@Example.org", KEY, now=NOW)
    found = verify_confirm_token(token, KEY, now=NOW + dt.timedelta(days=6, hours=23))
    assert found.email == "anna.beispiel@example.org"
    assert found.issued_at == NOW


@pytest.mark.parametrize("age, expired", [(dt.timedelta(days=7), False), (dt.timedelta(days=7, seconds=1), True)])
def test_expires_after_seven_days(age, expired):
    token = make_confirm_token("a@example.org", KEY, now=NOW)
    if expired:
        with pytest.raises(TokenError) as caught:
            verify_confirm_token(token, KEY, now=NOW + age)
        assert caught.value.expired
    else:
        assert verify_confirm_token(token, KEY, now=NOW + age).email == "a@example.org"


def test_issued_in_the_future_is_refused():
    token = make_confirm_token("a@example.org", KEY, now=NOW + dt.timedelta(hours=1))
    with pytest.raises(TokenError):
        verify_confirm_token(token, KEY, now=NOW)


def _flip(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1:]


@pytest.mark.parametrize("part", [0, 1, 2])
def test_altered_token_is_refused_and_not_called_expired(part):
    token = make_confirm_token("a@example.org", KEY, now=NOW)
    pieces = token.split(".")
    pieces[part] = _flip(pieces[part], len(pieces[part]) // 2)
    with pytest.raises(TokenError) as caught:
        verify_confirm_token(".".join(pieces), KEY, now=NOW)
    assert not caught.value.expired


def test_other_secret_is_refused():
    token = make_confirm_token("a@example.org", KEY, now=NOW)
    with pytest.raises(TokenError):
        verify_confirm_token(token, b"another-secret-0123456789", now=NOW)


def test_unsubscribe_token_never_confirms():
    token = make_token("a@example.org", "2026-11", KEY)
    assert verify_token(token, KEY).email == "a@example.org"
    with pytest.raises(TokenError):
        verify_confirm_token(token, KEY, now=NOW)


def test_confirm_token_never_unsubscribes():
    token = make_confirm_token("a@example.org", KEY, now=NOW)
    assert verify_token(token, KEY) is None


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c", "x" * 5000, None])
def test_junk_is_refused(junk):
    with pytest.raises(TokenError):
        verify_confirm_token(junk, KEY, now=NOW)


def test_same_format_for_another_purpose_is_refused():
    """The purpose is part of the signature: a token of the same shape signed for something else does not confirm."""
    import hashlib

    from itsdangerous import URLSafeTimedSerializer

    other = URLSafeTimedSerializer(KEY, salt="netzbrief-something-else", signer_kwargs={"digest_method": hashlib.sha256})
    with pytest.raises(TokenError):
        verify_confirm_token(other.dumps({"e": "a@example.org"}), KEY)
