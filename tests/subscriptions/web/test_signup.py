"""Sign-up: the confirmation mail, the same answer for every address, honeypot, limits, form errors."""

from __future__ import annotations

import html

import pytest

from delivery.subscriptions import consent
from tests.subscriptions.web.webhelpers import SITEURL, confirm_link, read_mails

CHECK_MAIL = SITEURL + "/newsletter/anmeldung/pruefen/"


def form(email="anna@example.org", **extra) -> dict:
    data = {"email": email, "name": "", "anrede": "", "einwilligung": "ja", "formular": consent.CURRENT_HASH,
            "website": ""}
    data.update(extra)
    return data


def signup(client, remote="203.0.113.7", **fields):
    return client.post("/abo/anmelden", data=form(**fields), environ_base={"REMOTE_ADDR": remote})


def test_signup_stores_pending_with_consent_and_sends_the_confirmation_mail(client, app, outbox, clock):
    response = signup(client, email="Anna.Beispiel@Example.org", name="Ottilie Beispiel", anrede="frau")
    assert response.status_code == 303 and response.headers["Location"] == CHECK_MAIL
    sub = app.store.get("anna.beispiel@example.org")
    assert sub.state == "pending" and sub.name == "Ottilie Beispiel"
    assert sub.salutation == "Sehr geehrte Frau Ottilie Beispiel,"
    assert sub.consent.form_hash == consent.CURRENT_HASH and sub.consent.source == "website"
    assert sub.consent.requested_at == "2026-11-23T10:00:00Z" and sub.consent.confirmed_at is None
    [mail] = read_mails(outbox)
    assert mail["To"].addresses[0].addr_spec == "Anna.Beispiel@example.org"
    assert mail["From"].addresses[0].addr_spec == "rundbrief@kv-mitte.example.org"
    assert mail["Subject"] == "Bitte bestätigen Sie Ihre Anmeldung zum Rundbrief"
    assert mail["Auto-Submitted"] == "auto-generated" and mail["Message-ID"].endswith("@kv-mitte.example.org>")
    assert mail["List-Unsubscribe"] is None  # not a newsletter
    assert [p.get_content_type() for p in mail.iter_parts()] == ["text/plain", "text/html"]
    assert confirm_link(mail).startswith(SITEURL + "/abo/bestaetigen?token=")
    assert "Ottilie" not in mail.as_string()  # the form's name is never echoed into a mail to that address


def test_the_same_answer_for_new_pending_confirmed_and_suppressed(client, app, outbox, clock):
    answers = [signup(client, email="neu@example.org")]
    answers.append(signup(client, email="neu@example.org"))  # pending now
    app.store.confirm("neu@example.org", now=clock())
    answers.append(signup(client, email="neu@example.org"))  # confirmed
    app.store.request("weg@example.org", form_hash=consent.CURRENT_HASH, now=clock())
    app.store.suppress("weg@example.org", now=clock(), reason="complaint")
    answers.append(signup(client, email="weg@example.org"))
    assert {(r.status_code, r.headers["Location"], r.get_data()) for r in answers} == {
        (303, CHECK_MAIL, answers[0].get_data())}
    assert app.store.get("neu@example.org").state == "confirmed"  # a repeated sign-up does not reset it
    assert app.store.get("weg@example.org").state == "suppressed"
    assert [m["To"].addresses[0].addr_spec for m in read_mails(outbox)] == ["neu@example.org"] * 3


def test_honeypot_answers_like_success_but_stores_and_sends_nothing(client, app, outbox):
    response = signup(client, email="bot@example.org", website="https://spam.example")
    assert response.status_code == 303 and response.headers["Location"] == CHECK_MAIL
    assert app.store.get("bot@example.org") is None
    assert read_mails(outbox) == []


def test_at_most_three_confirmation_mails_per_address_and_day(client, app, outbox, clock):
    for _ in range(5):
        assert signup(client, email="oft@example.org").headers["Location"] == CHECK_MAIL
        clock.advance(hours=1)
    assert len(read_mails(outbox)) == 3
    clock.advance(hours=20)  # the first mail is now more than 24 hours old
    signup(client, email="oft@example.org")
    assert len(read_mails(outbox)) == 4


def test_per_client_limit_refuses_a_flood_with_429_and_mails_nothing(make_app, make_settings, outbox):
    from werkzeug.test import Client

    client = Client(make_app(make_settings(SUBSCRIPTIONS_CLIENT_LIMIT="3/minute")))
    codes = [signup(client, email=f"flut{i}@example.org").status_code for i in range(6)]
    assert codes == [303, 303, 303, 429, 429, 429]
    refused = signup(client, email="flut9@example.org")
    assert "Zu viele Anmeldungen" in refused.get_data(as_text=True) and refused.headers["Retry-After"] == "3600"
    assert len(read_mails(outbox)) == 3
    assert signup(client, remote="198.51.100.20", email="andere@example.org").status_code == 303  # another client
    same_net = [signup(client, remote=f"2001:db8:1:2::{n}", email=f"v6-{n}@example.org").status_code
                for n in range(1, 5)]
    assert same_net == [303, 303, 303, 429]  # IPv6: one /64 is one client


@pytest.mark.parametrize("fields, field, text", [
    ({"email": "kein-at-zeichen"}, "email", "gültige E-Mail-Adresse"),
    ({"email": ""}, "email", "gültige E-Mail-Adresse"),
    ({"einwilligung": ""}, "einwilligung", "Häkchen"),
    ({"anrede": "herr"}, "anrede", "brauchen wir Ihren Namen"),
    ({"anrede": "majestaet", "name": "X"}, "anrede", "aus der Liste"),
    ({"name": "x" * 101}, "name", "höchstens 100 Zeichen"),
    ({"name": "Zeile\neins"}, "name", "höchstens 100 Zeichen"),
    ({"formular": "0" * 64}, "einwilligung", "hat sich inzwischen geändert"),
])
def test_form_errors_show_the_form_again_with_linked_messages(client, app, outbox, fields, field, text):
    response = signup(client, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert text in page
    assert f'<a href="#abo-{field}">' in page  # the summary links to the field
    assert f'id="abo-{field}-fehler"' in page and f'aria-describedby="abo-{field}-fehler' in page
    assert page.count('aria-invalid="true"') == 1
    assert app.store.get("anna@example.org") is None and read_mails(outbox) == []


def test_form_page_shows_the_input_again_escaped(client):
    evil = '"><script>alert(1)</script>'
    response = signup(client, email="kaputt", name=evil, anrede="name")
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert f'value="{html.escape(evil, quote=True)}"' in page or "&#34;&gt;&lt;script&gt;" in page
    assert 'value="kaputt"' in page
    assert '<option value="name" selected>' in page
    assert 'name="formular" value="' + consent.CURRENT_HASH in page  # resubmitting uses the current text


def test_a_mail_failure_answers_503_and_a_repeat_repairs_it(make_app, make_settings, outbox, tmp_path):
    """The provider is down: the reader gets a 503 page; once it is back, the same sign-up sends the mail."""
    from werkzeug.test import Client

    from tests.servers import smtp as smtp_server

    port = smtp_server.free_port()
    settings = make_settings(MAILING_PROVIDER="smtp", MAILING_SMTP_HOST="127.0.0.1", MAILING_SMTP_PORT=port,
                             MAILING_SMTP_SECURITY="none", MAILING_SMTP_TIMEOUT=5.0)
    app = make_app(settings)
    client = Client(app)
    down = signup(client, email="spaeter@example.org")
    assert down.status_code == 503 and "nicht geklappt" in down.get_data(as_text=True)
    recorder = smtp_server.Recorder()
    controller = smtp_server.Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert signup(client, email="spaeter@example.org").status_code == 303
        assert signup(client, email="spaeter2@example.org").status_code == 303  # the pooled connection is reused
    finally:
        controller.stop()
    assert [rcpts for _, rcpts, _ in recorder.messages] == [["spaeter@example.org"], ["spaeter2@example.org"]]
    assert app.store.get("spaeter@example.org").state == "pending"
