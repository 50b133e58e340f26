"""Small mailing parts at their edges: unsubscribe URLs with a query, escaping, salutations, CSV dialects, address
case in the audience and the ledger, rows in flight."""

from __future__ import annotations

import quopri
from email import message_from_bytes, policy

import pytest
from tests.mail.mailhelpers import DEFAULT_SALUTATION, ISSUE, SECRET, SUBJECT

from delivery.mail.artifacts import load_issue
from delivery.mail.audience import Audience
from delivery.mail.ledger import Ledger
from delivery.mail.message import Composer, Recipient
from delivery.mail.settings import load_settings
from delivery.mail.subscribers import Reject, read_csv
from delivery.mail.tokens import make_token, unsubscribe_url, verify_token

QUERY = "https://netzbrief.example/abmelden?liste=rundbrief"


def test_unsubscribe_url_joins_a_template_with_a_query():
    token = make_token("anna@example.org", ISSUE, SECRET.encode())
    assert unsubscribe_url(QUERY, token) == f"{QUERY}&token={token}"
    assert unsubscribe_url("https://x.example/ab", token) == f"https://x.example/ab?token={token}"
    assert unsubscribe_url("https://x.example/ab/{token}/", token) == f"https://x.example/ab/{token}/"


def test_address_with_a_bar_round_trips():
    token = make_token("a|b@example.org", ISSUE, SECRET.encode())
    assert verify_token(token, SECRET) is not None and verify_token(token, SECRET).email == "a|b@example.org"


def parts(data: bytes) -> tuple[str, str, object]:
    msg = message_from_bytes(data, policy=policy.default)
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content(), msg


def test_query_url_is_escaped_in_html_and_default_salutation_applies(artifacts):
    settings = load_settings({"MAILING_UNSUBSCRIBE_URL": QUERY})
    composer = Composer.from_settings(load_issue(ISSUE, artifacts), settings, SECRET.encode())
    text, body, msg = parts(composer.compose(Recipient("anna@example.org")).data)
    assert f"{QUERY}&token=" in text and f"{QUERY}&amp;token=" in body and f"{QUERY}&token=" not in body
    assert text.startswith(DEFAULT_SALUTATION) and f"<p>{DEFAULT_SALUTATION}</p>" in body
    assert msg["Subject"] == SUBJECT
    test = parts(composer.compose(Recipient("anna@example.org"), test=True).data)[2]
    assert test["Subject"] == f"[TEST] {SUBJECT}"
    assert b"&amp;token=" in quopri.decodestring(composer.compose(Recipient("b@example.org")).data)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_dialects(tmp_path, delimiter):
    path = tmp_path / "liste.csv"
    rows = ["email,name,salutation", "anna@example.org,Anna,Liebe Anna", "bernd@example.org,Bernd,"]
    path.write_text("\n".join(row.replace(",", delimiter) for row in rows) + "\n", encoding="utf-8")
    got = [row for _, row in read_csv(path)]
    assert got == [Recipient("anna@example.org", "Anna", "Liebe Anna"), Recipient("bernd@example.org", "Bernd", "")]


@pytest.mark.parametrize("name", ["Anna\x00", "Anna\x1b[31m", "Anna\u0085Müller", "Anna\tMüller"])
def test_control_characters_are_rejected(tmp_path, name):
    path = tmp_path / "liste.csv"
    path.write_text(f"email;name\nanna@example.org;{name}\n", encoding="utf-8")
    (_, row), = read_csv(path)
    assert isinstance(row, Reject) and "control characters" in row.reason


def test_audience_duplicates_ignore_case():
    audience = Audience.collect([(2, Recipient("Anna@Example.org")), (3, Recipient("anna@example.org")),
                                 (4, Recipient("bernd@example.org"))])
    assert (audience.valid, audience.duplicates) == (2, 1)
    assert [r.email for r in audience.recipients()] == ["Anna@Example.org", "bernd@example.org"]
    assert audience.problems == ["line 3: anna@example.org: duplicate of line 2, not sent twice"]


def test_ledger_keys_ignore_case_and_rows_in_flight_stay_open(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite", create=True)
    try:
        assert ledger.create_run(ISSUE, "smtp", SUBJECT, "d", [Recipient("Anna@Example.org"),
                                                               Recipient("bernd@example.org")]) == 2
        assert ledger.get(ISSUE, "ANNA@example.org")["email"] == "Anna@Example.org"
        assert ledger.claim(ISSUE, "anna@example.org", "<m1>")  # in flight when the run died
        assert [row["key"] for row in ledger.open_rows(ISSUE)] == ["anna@example.org", "bernd@example.org"]
        ledger.finish(ISSUE, "bernd@example.org", "sent", provider_id="p1")
        assert ledger.counts(ISSUE) == {"sending": 1, "sent": 1}
        assert not ledger.claim(ISSUE, "bernd@example.org", "<m2>")  # a sent row is never claimed again
        ledger.record_resend(ISSUE, Recipient("ANNA@example.org"), "<m3>", "p3")
        assert ledger.counts(ISSUE) == {"sent": 2} and ledger.resend_count(ISSUE, "anna@example.org") == 1
    finally:
        ledger.close()
