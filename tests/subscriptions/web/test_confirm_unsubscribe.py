"""Confirmation and unsubscribe links: a GET never changes anything, a POST does; tokens are checked for purpose,
age and integrity; RFC 8058 one-click answers 200."""

from __future__ import annotations

import html
import re

import pytest

from delivery.mail.tokens import make_token
from delivery.subscriptions import consent
from delivery.subscriptions.tokens import make_confirm_token
from tests.subscriptions.web.webhelpers import SECRET, SITEURL, confirm_link, read_mails, token_of

KEY = SECRET.encode()


@pytest.fixture
def pending(app, client, outbox):
    """Anna signed up through the form; returns the token of her confirmation mail."""
    client.post("/abo/anmelden", data={"email": "anna@example.org", "einwilligung": "ja",
                                       "formular": consent.CURRENT_HASH})
    [mail] = read_mails(outbox)
    return token_of(confirm_link(mail))


def hidden_token(page: str) -> str:
    return html.unescape(re.search(r'name="token" value="([^"]*)"', page).group(1))


def test_get_shows_one_button_and_changes_nothing(client, app, pending):
    for _ in range(3):  # a mail scanner, a preview, the reader
        response = client.get(f"/abo/bestaetigen?token={pending}")
        assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert app.store.get("anna@example.org").state == "pending"
    assert hidden_token(page) == pending
    assert '<form class="abo-action" method="post" action="http://127.0.0.1:8000/abo/bestaetigen"' in page
    assert "data-abo-auto-submit" in page and "anna@example.org" in page
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"


def test_post_confirms_and_a_second_post_is_harmless(client, app, clock, pending):
    response = client.post("/abo/bestaetigen", data={"token": pending})
    assert response.status_code == 303 and response.headers["Location"] == SITEURL + "/newsletter/anmeldung/bestaetigt/"
    first = app.store.get("anna@example.org")
    assert first.state == "confirmed" and first.consent.confirmed_at == "2026-11-23T10:00:00Z"
    clock.advance(hours=2)
    again = client.post("/abo/bestaetigen", data={"token": pending})
    assert again.headers["Location"] == response.headers["Location"]
    assert app.store.get("anna@example.org").consent.confirmed_at == "2026-11-23T10:00:00Z"


def test_expired_link_shows_the_error_page_and_changes_nothing(client, app, clock, pending):
    clock.advance(days=7, seconds=1)
    for response in (client.get(f"/abo/bestaetigen?token={pending}"),
                     client.post("/abo/bestaetigen", data={"token": pending})):
        page = response.get_data(as_text=True)
        assert response.status_code == 410 and "abgelaufen" in page
        assert 'href="/newsletter/#anmelden"' in page  # a way to sign up again (from the site's root: any port)
    assert app.store.get("anna@example.org").state == "pending"


def test_altered_link_is_refused(client, app, pending):
    altered = pending[:-3] + ("AAA" if not pending.endswith("AAA") else "BBB")
    response = client.post("/abo/bestaetigen", data={"token": altered})
    assert response.status_code == 400 and "verändert" in response.get_data(as_text=True)
    assert app.store.get("anna@example.org").state == "pending"


def test_unsubscribe_token_cannot_confirm(client, app, pending):
    response = client.post("/abo/bestaetigen", data={"token": make_token("anna@example.org", "2026-11", KEY)})
    assert response.status_code == 400
    assert app.store.get("anna@example.org").state == "pending"


def test_confirm_token_cannot_unsubscribe(client, app, clock, pending):
    app.store.confirm("anna@example.org", now=clock())
    for response in (client.post(f"/abmelden/?token={pending}", data={"List-Unsubscribe": "One-Click"}),
                     client.post("/abmelden/", data={"token": pending})):
        assert response.status_code == 400
    assert app.store.get("anna@example.org").state == "confirmed"


def test_confirming_after_unsubscribing_needs_a_new_sign_up(client, app, clock, pending):
    app.store.unsubscribe("anna@example.org", now=clock(), reason="test")
    response = client.post("/abo/bestaetigen", data={"token": pending})
    assert response.headers["Location"] == SITEURL + "/newsletter/anmeldung/fehler/"
    assert app.store.get("anna@example.org").state == "unsubscribed"


@pytest.fixture
def subscribed(app, clock):
    app.store.request("bernd@example.org", name="Bernd", form_hash=consent.CURRENT_HASH, now=clock())
    app.store.confirm("bernd@example.org", now=clock())
    return make_token("bernd@example.org", "2026-11", KEY)


def test_one_click_post_unsubscribes_at_once_with_200(client, app, subscribed):
    response = client.post(f"/abmelden/?token={subscribed}", data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    sub = app.store.get("bernd@example.org")
    assert sub.state == "unsubscribed" and sub.reason == "one-click (2026-11)"
    assert client.post(f"/abmelden?token={subscribed}", data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_one_click_as_multipart_form_data(client, app, subscribed):
    response = client.post(f"/abmelden/?token={subscribed}", data={"List-Unsubscribe": "One-Click"},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and app.store.get("bernd@example.org").state == "unsubscribed"


def test_unsubscribe_get_shows_one_button_and_changes_nothing(client, app, subscribed):
    for _ in range(3):
        response = client.get(f"/abmelden/?token={subscribed}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "bernd@example.org" in page and "Jetzt abmelden" in page
    assert hidden_token(page) == subscribed
    assert app.store.get("bernd@example.org").state == "confirmed"


def test_unsubscribe_button_leads_to_the_page_with_subscribe_again(client, app, sample_site, subscribed):
    response = client.post("/abmelden/", data={"token": subscribed})
    assert response.status_code == 303 and response.headers["Location"] == SITEURL + "/newsletter/abgemeldet/"
    assert app.store.get("bernd@example.org").state == "unsubscribed"
    assert app.store.get("bernd@example.org").reason == "link (2026-11)"
    page = (sample_site / "newsletter" / "abgemeldet" / "index.html").read_text()
    assert '<a class="button" href="../../newsletter/#anmelden">Wieder anmelden</a>' in page


@pytest.mark.parametrize("token", ["", "kaputt", make_token("bernd@example.org", "2026-11", b"another-secret-123456")])
def test_bad_unsubscribe_tokens_change_nothing(client, app, subscribed, token):
    assert client.post(f"/abmelden/?token={token}", data={"List-Unsubscribe": "One-Click"}).status_code == 400
    page = client.get(f"/abmelden/?token={token}")
    assert page.status_code == 400 and "Abmeldelink" in page.get_data(as_text=True)
    assert app.store.get("bernd@example.org").state == "confirmed"


def test_unknown_address_unsubscribes_quietly(client):
    token = make_token("nie-gesehen@example.org", "2026-11", KEY)
    assert client.post(f"/abmelden/?token={token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_the_token_is_escaped_into_the_page(client, app, clock):
    """A token is data: whatever it holds is text in the page, never markup."""
    token = make_confirm_token('x"><img src=x onerror=alert(1)>@example.org', KEY, now=clock())
    page = client.get(f"/abo/bestaetigen?token={token}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_other_methods_and_paths(client):
    opened = client.get("/abo/anmelden")
    assert opened.status_code == 303 and opened.headers["Location"] == SITEURL + "/newsletter/#anmelden"
    assert client.get("/abo/ses-ereignisse").status_code == 405
    assert client.get("/abo/sonstwas").status_code == 404


def test_oversized_form_is_refused(client):
    response = client.post("/abo/anmelden", data={"email": "a@example.org", "name": "x" * 40000})
    assert response.status_code == 413
