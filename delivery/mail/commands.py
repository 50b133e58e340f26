"""Entry points for the invoke tasks: `send_issue` (send, --resume, --test, --dry-run) and `resend`.

Exit codes: 0 everything done (or nothing to do), 1 some recipients not sent / declined / stopped, 2 an error
the user must fix (message printed; nothing was sent because of it).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape

from .artifacts import check_links_are_public, load_issue
from .audience import Audience
from .errors import MailingError
from .ledger import OPEN_STATES, Ledger
from .message import Composer, Recipient
from .providers import get_provider
from .ratelimit import TokenBucket
from .report import confirm, console, show_audience, warn
from .sender import RetryPolicy, attempt
from .settings import load_settings
from .subscribers import normalise_address
from .tokens import get_secret


def _setup(issue: str, settings, artifacts_dir):
    s = load_settings(settings)
    art = load_issue(issue, artifacts_dir)
    check_links_are_public(art, s["MAILING_PROVIDER"])
    secret = get_secret(s["MAILING_PROVIDER"], warn=warn)
    provider = get_provider(s, issue, warn=warn)
    return s, art, provider, Composer.from_settings(art, s, secret)


def _addresses(addresses: str | Sequence[str]) -> list[str]:
    addresses = [addresses] if isinstance(addresses, str) else list(addresses or [])
    good, bad = [], []
    for address in addresses:
        try:
            good.append(normalise_address(address))
        except ValueError as exc:
            bad.append(f"{address}: {exc}")
    if bad or not good:
        raise MailingError("invalid address(es): " + ("; ".join(bad) or "none given"))
    return good


def send_issue(issue: str, settings, *, artifacts_dir: str | Path, test_addresses: Sequence[str] | None = None,
               dry_run: bool = False, yes: bool = False, resume: bool = False, workers: int | None = None) -> int:
    try:
        s, art, provider, composer = _setup(issue, settings, artifacts_dir)
        if test_addresses:
            return _send_tests(s, provider, composer, _addresses(test_addresses))
        if dry_run:
            return _dry_run(s, art, provider)
        from .run import live_send

        workers = int(s["MAILING_WORKERS"] if workers is None else workers)
        if workers < 1:
            raise MailingError("--workers must be at least 1")
        return live_send(s, art, provider, composer, yes=yes, resume=resume, workers=workers)
    except MailingError as exc:
        console.print(f"[red bold]error:[/] {escape(str(exc))}")
        return 2
    except KeyboardInterrupt:
        console.print("interrupted: nothing more is sent; open recipients stay open for --resume")
        return 130


def _send_tests(s: dict, provider, composer: Composer, addresses: list[str]) -> int:
    """Test recipients: `[TEST]` subject, random Message-ID, no ledger, no confirmation."""
    provider.test = True
    provider.check()
    conn, bucket, failures = provider.connect(), TokenBucket(provider.rate()), 0
    try:
        for address in addresses:
            out = composer.compose(Recipient(address), test=True)
            state, detail = attempt(conn, out, bucket, RetryPolicy.from_settings(s), threading.Event())
            failures += state != "sent"
            console.print(f"test {state}: {address} ({detail})", markup=False)
    finally:
        conn.close()
    return 1 if failures else 0


def _dry_run(s: dict, art, provider) -> int:
    audience = Audience.collect(provider.subscribers(), provider.source)
    console.print(f"Issue {art.issue}: “{art.subject}” via {provider.name}", markup=False)
    show_audience(audience, provider.describe_source())
    would = audience.valid
    path = Path(s["MAILING_LEDGER"])
    if path.exists():
        ledger = Ledger(path)
        if ledger.run(art.issue):
            counts = ledger.counts(art.issue)
            would = sum(counts.get(state, 0) for state in OPEN_STATES)
            console.print(f"Ledger {path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), markup=False)
        ledger.close()
    console.print(f"Dry run: would send {would} messages; nothing sent.", markup=False)
    return 0


def resend(issue: str, settings, *, to: str | Sequence[str], artifacts_dir: str | Path, yes: bool = False) -> int:
    """The only way to send an issue to someone a second time: a new Message-ID, logged in the ledger."""
    try:
        s, art, provider, composer = _setup(issue, settings, artifacts_dir)
        addresses = _addresses(to)
        ledger = Ledger(s["MAILING_LEDGER"])
        with ledger.lock():
            if not ledger.run(issue):
                raise MailingError(f"issue {issue} has not been sent yet: use `invoke newsletter.send {issue}`")
            rows = {address: ledger.get(issue, address) for address in addresses}
            for address, row in rows.items():
                before = f"{row['state']} {row['updated']}" if row else "not in the audience of this issue"
                console.print(f"{address}: {before}", markup=False)
            if not confirm(f"Resend “{art.subject}” to {len(addresses)} address(es)?", yes):
                return 1
            provider.check()
            conn, bucket, failures = provider.connect(), TokenBucket(provider.rate()), 0
            try:
                for address, row in rows.items():
                    who = Recipient(row["email"], row["name"], row["salutation"]) if row else Recipient(address)
                    number = ledger.resend_count(issue, address) + 1
                    out = composer.compose(who, suffix=f".resend{number}")
                    state, detail = attempt(conn, out, bucket, RetryPolicy.from_settings(s), threading.Event())
                    if state == "sent":
                        ledger.record_resend(issue, who, out.message_id, detail)
                    failures += state != "sent"
                    console.print(f"resend {state}: {address} ({detail})", markup=False)
            finally:
                conn.close()
        return 1 if failures else 0
    except MailingError as exc:
        console.print(f"[red bold]error:[/] {escape(str(exc))}")
        return 2
