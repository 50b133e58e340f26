"""URL fields (event.registration_url, event.online, exhibitors[].url) take plain http(s) addresses only.

Each refused address is reported by `invoke check` as ``datei:zeile: feld: meldung`` in German; a title may hold
the same characters (test_escaping.py), an address may not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content_model import fields
from content_model.validate import check

REFUSED = [  # (value, what the message says)
    ("javascript:alert(1)", "sie muss mit https:// oder http:// beginnen"),
    ("JavaScript:alert(document.cookie)", "sie muss mit https:// oder http:// beginnen"),
    ("data:text/html;base64,PHNjcmlwdD4=", "sie muss mit https:// oder http:// beginnen"),
    ("ftp://example.org/datei", "sie muss mit https:// oder http:// beginnen"),
    ("www.example.org/anmeldung", "sie muss mit https:// oder http:// beginnen"),
    ("//example.org/anmeldung", "sie muss mit https:// oder http:// beginnen"),
    ('https://example.org/"><script>alert(1)</script>', "darin ist das Zeichen \" nicht erlaubt"),
    ("https://example.org/'onmouseover='alert(1)", "darin ist das Zeichen ' nicht erlaubt"),
    ("https://example.org/<b>", "darin ist das Zeichen < nicht erlaubt"),
    ("https://example.org/a>b", "darin ist das Zeichen > nicht erlaubt"),
    ("https://example.org\\@evil.example/", "darin ist das Zeichen \\ nicht erlaubt"),
    ("https://exa mple.org/", "darin ist Leerraum"),
    ("https://example.org/\tx", "darin ist Leerraum"),
    ("https://example.org/\u202egpj.exe", "darin ist das unsichtbare Steuerzeichen U+202E nicht erlaubt"),
    ("https://bank.example@evil.example/", "Zugangsdaten (name@ vor dem Rechnernamen)"),
    ("https:///anmeldung", "der Rechnername fehlt"),
    ("https://localhost/", "„localhost“ ist kein gültiger Rechnername"),
    ("https://exa_mple.org/", "„exa_mple.org“ ist kein gültiger Rechnername"),
    ("https://-netz-.example/", "„-netz-.example“ ist kein gültiger Rechnername"),
    ("https://example.org:99999/", "die Portnummer lässt sich nicht lesen"),
]
ACCEPTED = ["https://example.org", "HTTPS://Example.org/Anmeldung?a=1&b=2#formular", "http://127.0.0.1:8080/x",
            "https://bücher.example/anmeldung", "https://xn--bcher-kva.example/", "https://[2001:db8::1]/live",
            "https://example.org/@netzwerk/termine", "https://example.org/a%22b"]


def announcement(**event_extra) -> dict:
    return {"title": "Netzwerktreffen", "date": "2026-01-05", "summary": "Ein Treffen.", "type": "announcement",
            "event": {"start": "2026-12-01 09:00", "location": "Stadthalle", **event_extra}}


def problems(tmp_path: Path, meta: dict) -> tuple[list[str], str]:
    path = tmp_path / "content" / "events" / "e.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\nText.\n"
    path.write_text(text, encoding="utf-8")
    _, found = check(tmp_path / "content", tmp_path)
    return [str(p) for p in found], text


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.lstrip(" -").startswith(f"{key}:"))


@pytest.mark.parametrize("value,reason", REFUSED, ids=[f"refused{i}" for i in range(len(REFUSED))])
def test_check_refuses_registration_url(tmp_path, value, reason):
    found, text = problems(tmp_path, announcement(registration_url=value))
    line = line_of(text, "registration_url")
    expected = (f"content/events/e.md:{line}: event.registration_url: „{fields.urls.visible(value)}“ ist keine "
                f"gültige Web-Adresse: ")
    assert len(found) == 1 and found[0].startswith(expected) and reason in found[0], found


@pytest.mark.parametrize("value", ["javascript:alert(1)", 'https://example.org/"onclick="alert(1)'])
def test_check_refuses_online_and_exhibitor_urls(tmp_path, value):
    meta = {**announcement(online=value), "exhibitors": [{"name": "Firma", "url": value}]}
    found, text = problems(tmp_path, meta)
    assert [p.split(": ", 2)[:2] for p in found] == [
        [f"content/events/e.md:{line_of(text, 'online')}", "event.online"],
        [f"content/events/e.md:{line_of(text, 'url')}", "exhibitors[1].url"]], found
    assert all("ist keine gültige Web-Adresse" in p for p in found)


@pytest.mark.parametrize("value", ACCEPTED)
def test_check_accepts_web_addresses(tmp_path, value):
    meta = {**announcement(registration_url=value, online=value), "exhibitors": [{"name": "Firma", "url": value}]}
    assert problems(tmp_path, meta)[0] == []


def test_message_shows_invisible_characters():
    with pytest.raises(fields.Invalid) as caught:
        fields.url("https://example.org/\x1b[2Jx")
    assert "\x1b" not in str(caught.value) and "„https://example.org/U+001B[2Jx“" in str(caught.value)
