"""The e-mail artifacts of one issue (docs/architecture.md, "Newsletter artifacts"), byte for byte reproducible."""

from __future__ import annotations

import json
from pathlib import Path

FILES = ("email.html", "email.txt", "manifest.json")


def manifest(issue, selection, web_url: str, default_salutation: str) -> str:
    """manifest.json: sorted keys, no timestamps, uids in the order the issue shows them."""
    data = {"issue": issue.id, "title": issue.title, "subject": issue.subject, "preheader": issue.preheader,
            "date": issue.day.isoformat(), "web_url": web_url, "items": [item.uid for item in selection.items],
            "events": [item.uid for item in selection.events], "default_salutation": default_salutation}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(folder: Path, html: str, text: str, manifest_json: str) -> None:
    """Write the three files as UTF-8 with ``\\n`` line ends (the mailing layer converts for SMTP)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in zip(FILES, (html, text, manifest_json)):
        (folder / name).write_bytes(body.encode("utf-8"))
