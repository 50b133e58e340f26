"""Entry points for the invoke tasks: `send_issue` (send, --resume, --test, --dry-run) and `resend`.

Exit codes: 0 everything done (or nothing to do), 1 some recipients not sent / declined / stopped, 2 an error
the user must fix (message printed; nothing was sent because of it).

`root` is the project folder (the folder of the settings file): relative paths in the settings and
`artifacts_dir` are relative to it, never to the current directory. Default: the folder holding `delivery/`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape

from .artifacts import check_links_are_public, latest_issue, load_issue
from .errors import MailingError
from .ledger import Ledger
from .ledgercheck import damaged, exists
from .message import Composer, Recipient
from .preview import dry_run_report, send_tests
from .providers import get_provider
from .ratelimit import TokenBucket
from .report import confirm, console, warn
from .sender import RetryPolicy, attempt
from .settings import anchored, load_settings
from .subscribers import normalise_address
from .tokens import get_secret


def _setup(issue: str, settings, artifacts_dir, root):
    s = load_settings(settings, root=root)
    art = load_issue(issue, anchored(artifacts_dir, root))
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


def _failed(exc: Exception, settings, root) -> int:
    """Print a MailingError (or a ledger that broke while in use) as one clear error; exit code 2."""
    if isinstance(exc, sqlite3.DatabaseError):
        exc = damaged(Path(load_settings(settings, root=root)["MAILING_LEDGER"]), f"SQLite failed on it ({exc})")
    console.print(f"[red bold]error:[/] {escape(str(exc))}")
    return 2


def send_issue(issue: str, settings, *, artifacts_dir: str | os.PathLike, root: str | os.PathLike | None = None,
               test_addresses: Sequence[str] | None = None, dry_run: bool = False, yes: bool = False,
               resume: bool = False, workers: int | None = None, new_ledger: bool = False) -> int:
    try:
        if issue == "latest":
            issue = latest_issue(anchored(artifacts_dir, root))
        s, art, provider, composer = _setup(issue, settings, artifacts_dir, root)
        if test_addresses:
            return send_tests(s, provider, composer, _addresses(test_addresses))
        if dry_run:
            return dry_run_report(s, art, provider)
        from .run import live_send

        workers = int(s["MAILING_WORKERS"] if workers is None else workers)
        if workers < 1:
            raise MailingError("--workers must be at least 1")
        return live_send(s, art, provider, composer, yes=yes, resume=resume, workers=workers, new_ledger=new_ledger)
    except (MailingError, sqlite3.DatabaseError) as exc:
        return _failed(exc, settings, root)
    except KeyboardInterrupt:
        console.print("interrupted: nothing more is sent; open recipients stay open for --resume")
        return 130


def resend(issue: str, settings, *, to: str | Sequence[str], artifacts_dir: str | os.PathLike,
           root: str | os.PathLike | None = None, yes: bool = False) -> int:
    """The only way to send an issue to someone a second time: a new Message-ID, logged in the ledger."""
    try:
        s, art, provider, composer = _setup(issue, settings, artifacts_dir, root)
        addresses = _addresses(to)
        if not exists(Path(s["MAILING_LEDGER"])):
            raise MailingError(f"issue {issue} has not been sent yet: there is no delivery ledger at "
                               f"{s['MAILING_LEDGER']}")
        ledger = Ledger(s["MAILING_LEDGER"])
        try:
            with ledger.lock():
                return _resend(ledger, s, art, provider, composer, addresses, yes)
        finally:
            ledger.close()
    except (MailingError, sqlite3.DatabaseError) as exc:
        return _failed(exc, settings, root)


def _resend(ledger: Ledger, s: dict, art, provider, composer: Composer, addresses: list[str], yes: bool) -> int:
    issue = art.issue
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
