"""Helpers for the mailing tests: issue artifacts written here (the contract of docs/architecture.md), subscribers
put into the store, and the check every delivered newsletter message must pass."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from delivery.mail.settings import load_settings
from delivery.mail.subscribers import check_row
from delivery.mail.tokens import verify_token
from delivery.subscriptions import open_store

ROOT = Path(__file__).resolve().parents[2]
ISSUE = "2026-11"
SECRET = "test-secret-0123456789abcdef"
SUBJECT = "Netzbrief November 2026: Wärmeplanung, Glasfaser & Grüße aus Süd"
DEFAULT_SALUTATION = "Liebe Leserinnen und Leser,"
ARTICLE = """<tr><td style="padding:16px 24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1d1d1b">
<h2 style="margin:0 0 8px;font-size:20px">{n}. Kommunale Wärmeplanung in Görlitz – was Stadtwerke jetzt tun</h2>
<p style="margin:0 0 12px">Die Stadtwerke prüfen Fernwärme, Quartierslösungen und Großwärmepumpen. „Wir müssen
früh mit den Bürgerinnen und Bürgern sprechen“, sagt die Geschäftsführerin. Straßen, Plätze, Größe: äöüß ÄÖÜ €.</p>
<a href="https://netzbrief.example/artikel/waermeplanung-{n}/" style="color:#005a9c">Weiterlesen</a></td></tr>
"""


def issue_html() -> str:
    items = "".join(ARTICLE.format(n=n) for n in range(1, 13))
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Netzbrief</title></head>'
        '<body style="margin:0;background:#f4f4f4"><div style="display:none">Vorschau: Wärme &amp; Netze</div>'
        '<table role="presentation" width="600" style="margin:0 auto;background:#fff">'
        '<tr><td style="padding:24px"><p>%%SALUTATION%%</p></td></tr>' + items +
        '<tr><td style="padding:24px;font-size:12px">Sie erhalten diesen Newsletter, weil Sie ihn abonniert haben. '
        '<a href="%%UNSUBSCRIBE_URL%%">Newsletter abbestellen</a></td></tr></table></body></html>'
    )


def issue_text() -> str:
    items = "\n\n".join(f"{n}. Kommunale Wärmeplanung in Görlitz – was Stadtwerke jetzt tun\n"
                        f"https://netzbrief.example/artikel/waermeplanung-{n}/" for n in range(1, 13))
    return f"%%SALUTATION%%\n\n{items}\n\n-- \nAbbestellen: %%UNSUBSCRIBE_URL%%\n"


def write_issue(base: Path, issue: str = ISSUE) -> Path:
    folder = base / issue
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"issue": issue, "title": "Netzbrief November 2026", "subject": SUBJECT,
                "preheader": "Wärme & Netze", "date": "2026-11-23",
                "web_url": f"https://netzbrief.example/newsletter/{issue}/", "items": ["a", "b"], "events": [],
                "default_salutation": DEFAULT_SALUTATION}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (folder / "email.html").write_text(issue_html(), encoding="utf-8")
    (folder / "email.txt").write_text(issue_text(), encoding="utf-8")
    return base


def write_csv(path: Path, rows, header=("email", "name", "salutation"), encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def people(n: int, domain: str = "example.org"):
    """n subscribers; every third has a personal salutation (some with characters that need HTML escaping)."""
    for i in range(n):
        salutation = "" if i % 3 else f"Liebe Frau Müller-{i} <&> „Kollegin“,"
        yield (f"person{i:05d}@{domain}", f"Person Nummer {i} – Größe", salutation)


def subscribe(settings: dict, rows, source: str = "Testliste"):
    """Rows (email, name, salutation) become confirmed subscribers of the settings' store, the way
    `invoke subscribers.import` adds them; returns the ImportReport."""
    with open_store(load_settings(settings, environ={})) as store:
        checked = ((line, check_row(line, *row)) for line, row in enumerate(rows, 2))
        return store.import_rows(checked, source=source, now=datetime.now(timezone.utc))


def leave(settings: dict, *addresses: str) -> None:
    """These subscribers unsubscribe (one-click), as the endpoint records it."""
    with open_store(load_settings(settings, environ={})) as store:
        for address in addresses:
            assert store.unsubscribe(address, now=datetime.now(timezone.utc), reason="one-click")


def smtp_settings(make_settings, controller, rows=(), **extra) -> dict:
    """Settings for the aiosmtpd server; `rows` are subscribed to the store first."""
    settings = make_settings(MAILING_PROVIDER="smtp", MAILING_SMTP_HOST="127.0.0.1", MAILING_SMTP_PORT=controller.port,
                             MAILING_SMTP_SECURITY="none")
    settings.update(extra)
    subscribe(settings, rows)
    return settings


def check_message(msg: EmailMessage, address: str, salutation: str = "", issue: str = ISSUE) -> str:
    """Everything a newsletter message must have; returns the personal unsubscribe URL."""
    assert msg["Subject"] == SUBJECT
    assert msg["From"].addresses[0].display_name == "Netzbrief"
    assert msg["From"].addresses[0].addr_spec == "newsletter@netzbrief.example"
    assert msg["To"].addresses[0].addr_spec.lower() == address.lower()
    assert msg["Reply-To"] == "redaktion@netzbrief.example"
    assert re.fullmatch(rf"<{issue}\.[0-9a-f]{{24}}@netzbrief\.example>", msg["Message-ID"])
    assert msg["List-Id"] == "Netzbrief <netzbrief.netzbrief.example>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = re.findall(r"<([^<>]+)>", str(msg["List-Unsubscribe"]))
    assert len(links) == 2 and links[0].startswith("https://netzbrief.example/abmelden?token=")
    assert links[1].startswith("mailto:abmelden@netzbrief.example?subject=unsubscribe%20")
    url = links[0]
    token = url.split("token=", 1)[1]
    assert verify_token(token, SECRET).email == address.lower()
    assert verify_token(token, SECRET).issue == issue
    assert verify_token(token, "another-secret-0123456789") is None
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    body = msg.get_body(("html",)).get_content()
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    shown = salutation or DEFAULT_SALUTATION
    expected_text = issue_text().replace("%%UNSUBSCRIBE_URL%%", url).replace("%%SALUTATION%%", shown)
    assert text.replace("\r\n", "\n").rstrip("\n") == expected_text.rstrip("\n")
    expected_html = issue_html().replace("%%UNSUBSCRIBE_URL%%", html.escape(url)).replace(
        "%%SALUTATION%%", html.escape(shown))
    assert body.replace("\r\n", "\n").rstrip("\n") == expected_html  # exactly the issue: nothing added, no tracking pixel
    assert "%%" not in text and "%%" not in body
    return url


def swap_store(settings: dict, path: Path, rows) -> None:
    """Point the settings at another subscriber store holding only `rows` (a restored backup, a lost var/ folder,
    a wrong MAILING_SUBSCRIBERS_DB): what a resume then finds is a different audience."""
    settings["MAILING_SUBSCRIBERS_DB"] = str(path)
    subscribe(settings, rows)
