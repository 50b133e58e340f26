"""Small parts: tokens, message building, settings, the token bucket, address normalisation."""

from __future__ import annotations

import quopri
import re
from email import message_from_bytes, policy

import pytest
from tests.mail.mailhelpers import ISSUE, ROOT, SECRET, check_message

from delivery.mail.artifacts import load_issue
from delivery.mail.errors import MailingError
from delivery.mail.message import Composer, Recipient
from delivery.mail.ratelimit import TokenBucket, backoff
from delivery.mail.settings import load_settings
from delivery.mail.subscribers import normalise_address
from delivery.mail.tokens import make_token, verify_token


@pytest.fixture
def composer(artifacts):
    return Composer.from_settings(load_issue(ISSUE, artifacts), load_settings({}), SECRET.encode())


def test_token_round_trip_and_forgeries():
    token = make_token("Anna@Example.org", ISSUE, SECRET.encode())
    assert verify_token(token, SECRET).email == "anna@example.org"
    assert verify_token(token).issue == ISSUE  # secret from NETZBRIEF_UNSUBSCRIBE_SECRET
    payload, mac = token.split(".")
    forged = make_token("bernd@example.org", ISSUE, b"guessed-secret-123456").split(".")[0] + "." + mac
    for bad in (forged, payload, token[:-2], token + "x", "", "a.b.c", "!!!.???", payload + "." + mac[::-1]):
        assert verify_token(bad, SECRET) is None
    assert verify_token(token, "a-different-secret-000") is None


def test_message_headers_and_parts(composer):
    out = composer.compose(Recipient("anna@example.org", "Anna Müller", "Liebe Anna <3 & so,"))
    check_message(message_from_bytes(out.data, policy=policy.default), "anna@example.org", "Liebe Anna <3 & so,")
    assert b"Liebe Anna &lt;3 &amp; so," in quopri.decodestring(out.data)  # escaped in the HTML part
    raw_header = re.search(rb"\r\nList-Unsubscribe: (.*?)\r\n(?! )", out.data, re.S).group(1)
    assert raw_header.startswith(b"<https://netzbrief.example/abmelden?token=") and b"=?" not in raw_header
    out.data.decode("ascii")  # 7-bit clean: encoded headers, quoted-printable bodies
    head, _, body = out.data.partition(b"\r\n\r\n")
    long_urls = (b"List-Unsubscribe: <https:", b" <mailto:")  # URLs cannot be folded (they may reach 998)
    assert all(len(line) <= 78 for line in head.split(b"\r\n") if not line.startswith(long_urls))
    assert all(len(line) <= 76 for line in body.split(b"\r\n"))  # RFC 2045 quoted-printable lines
    assert b"\n" not in out.data.replace(b"\r\n", b"")  # CRLF only


def test_message_id_is_stable_per_issue_and_recipient(composer):
    first = composer.compose(Recipient("anna@example.org")).message_id
    assert composer.compose(Recipient("ANNA@example.org", "Anna")).message_id == first
    assert composer.compose(Recipient("bernd@example.org")).message_id != first
    assert composer.compose(Recipient("anna@example.org"), suffix=".resend1").message_id != first
    assert composer.compose(Recipient("anna@example.org"), test=True).message_id.startswith("<test.")


def test_settings_merge_defaults_conf_and_environment(monkeypatch):
    s = load_settings({"MAILING_WORKERS": 8, "MAILING_FROM_ADDRESS": "nl@stadtwerke.example"})
    assert s["MAILING_WORKERS"] == 8 and s["MAILING_MESSAGE_ID_DOMAIN"] == "stadtwerke.example"
    assert s["MAILING_LEDGER"] == str(ROOT / "var/ledger-development.sqlite") and s["MAILING_PROVIDER"] == "outbox"
    monkeypatch.setenv("NETZBRIEF_MAILING_WORKERS", "2")
    monkeypatch.setenv("NETZBRIEF_MAILING_SMTP_VERIFY", "false")
    monkeypatch.setenv("NETZBRIEF_MAILING_RATE", "12.5")
    monkeypatch.setenv("NETZBRIEF_MAILING_ENV", "production")
    monkeypatch.setenv("NETZBRIEF_MAILING_SMTP_SECURITY", "none")
    s = load_settings({"MAILING_WORKERS": 8})
    assert (s["MAILING_WORKERS"], s["MAILING_SMTP_VERIFY"], s["MAILING_RATE"]) == (2, False, 12.5)
    assert s["MAILING_LEDGER"] == str(ROOT / "var/ledger-production.sqlite") and s["MAILING_SMTP_SECURITY"] == "none"
    anchored = load_settings({"MAILING_OUTBOX_DIR": "post", "MAILING_SUBSCRIBERS_CSV": "/abs/liste.csv"}, root="/p")
    assert (anchored["MAILING_OUTBOX_DIR"], anchored["MAILING_SUBSCRIBERS_CSV"]) == ("/p/post", "/abs/liste.csv")
    assert anchored["MAILING_LEDGER"] == "/p/var/ledger-production.sqlite"
    with pytest.raises(MailingError, match="unknown setting"):
        load_settings({"MAILING_WORKRES": 3})


def test_token_bucket_keeps_the_rate():
    now = [0.0]
    bucket = TokenBucket(10.0, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(51):
        bucket.acquire()
    assert now[0] == pytest.approx(5.0)  # 1 token at once, then 10 per second
    unlimited = TokenBucket(None, sleep=lambda s: pytest.fail("no limit must not sleep"))
    assert unlimited.acquire() == 0.0


def test_backoff_grows_and_is_capped():
    assert backoff(1, 1.0, 60.0, rng=lambda: 1.0) == 1.0
    assert backoff(4, 1.0, 60.0, rng=lambda: 1.0) == 8.0
    assert backoff(20, 1.0, 60.0, rng=lambda: 1.0) == 60.0
    assert backoff(3, 1.0, 60.0, rng=lambda: 0.0) == 2.0


def test_address_normalisation():
    assert normalise_address("  Anna@Example.ORG ") == "Anna@example.org"
    assert normalise_address("post@müller.de") == "post@xn--mller-kva.de"  # IDN domain as punycode
    for bad in ("", "anna", "anna@", "@example.org", "anna@example..org", "jürgen@example.org"):
        with pytest.raises(ValueError):
            normalise_address(bad)
