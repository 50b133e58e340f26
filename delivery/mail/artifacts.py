"""Reading a rendered issue from `build/newsletter/<issue>/` (see docs/architecture.md, "Newsletter artifacts")."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import MailingError

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
SALUTATION = "%%SALUTATION%%"
ISSUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Issue:
    issue: str
    subject: str
    html: str
    text: str
    default_salutation: str
    manifest: dict
    digest: str  # sha256 over the three files: tells whether a resumed run sends the same content


def load_issue(issue: str, artifacts_dir: str | Path) -> Issue:
    if not ISSUE_RE.match(issue or ""):
        raise MailingError(f"not a valid issue name: {issue!r} (expected e.g. 2026-11)")
    folder = Path(artifacts_dir) / issue
    files = {name: folder / name for name in ("manifest.json", "email.html", "email.txt")}
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise MailingError(
            f"issue {issue} has not been built: {', '.join(missing)} missing in {folder}/. "
            "Run `invoke build` first."
        )
    raw = {name: path.read_bytes() for name, path in files.items()}
    try:
        manifest = json.loads(raw["manifest.json"])
        html, text = raw["email.html"].decode("utf-8"), raw["email.txt"].decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise MailingError(f"broken artifacts in {folder}/: {exc}. Run `invoke build` again.") from None
    if manifest.get("issue") != issue:
        raise MailingError(f"{files['manifest.json']} is for issue {manifest.get('issue')!r}, not {issue!r}")
    if not (manifest.get("subject") or "").strip():
        raise MailingError(f"{files['manifest.json']} has no subject")
    for name, body in (("email.html", html), ("email.txt", text)):
        if UNSUBSCRIBE not in body:
            raise MailingError(f"{folder / name} lacks the {UNSUBSCRIBE} placeholder: refusing to send")
    digest = hashlib.sha256(b"\0".join(raw[n] for n in sorted(raw))).hexdigest()
    return Issue(
        issue=issue,
        subject=" ".join(manifest["subject"].split()),
        html=html,
        text=text,
        default_salutation=manifest.get("default_salutation") or "Liebe Leserinnen und Leser,",
        manifest=manifest,
        digest=digest,
    )


def latest_issue(artifacts_dir: str | Path) -> str:
    """The newest built issue (issue names sort by date: 2026-09 < 2026-11 < 2026-11-30)."""
    folder = Path(artifacts_dir)
    built = sorted(p.name for p in folder.iterdir() if (p / "manifest.json").is_file()) if folder.is_dir() else []
    if not built:
        raise MailingError(f"no built issue in {folder}/. Run `invoke build` first.")
    return built[-1]


def check_links_are_public(art: Issue, provider: str) -> None:
    """Real subscribers must never get links to a development build (http://127.0.0.1:8000/…)."""
    url = art.manifest.get("web_url") or ""
    if provider != "outbox" and re.match(r"^https?://(127\.|localhost[:/]|\[::1\])", url):
        raise MailingError(f"issue {art.issue} was built for local preview ({url}): build it with "
                           f"`invoke build --production` before sending through {provider}")
