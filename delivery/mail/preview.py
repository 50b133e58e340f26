"""Sends that leave the ledger alone: `--test` (a few addresses, `[TEST]` subject) and `--dry-run` (counts only)."""

from __future__ import annotations

import threading
from pathlib import Path

from .audience import Audience
from .ledger import OPEN_STATES, Ledger
from .ledgercheck import exists
from .message import Composer, Recipient
from .ratelimit import TokenBucket
from .report import console, show_audience
from .sender import RetryPolicy, attempt


def send_tests(s: dict, provider, composer: Composer, addresses: list[str]) -> int:
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


def dry_run_report(s: dict, art, provider) -> int:
    audience = Audience.collect(provider.subscribers(), provider.source)
    console.print(f"Issue {art.issue}: “{art.subject}” via {provider.name}", markup=False)
    show_audience(audience, provider.describe_source())
    would = audience.valid
    path = Path(s["MAILING_LEDGER"])
    console.print(f"Ledger: {path}" + ("" if exists(path) else " (not there yet)"), markup=False)
    if exists(path):
        ledger = Ledger(path)
        if ledger.run(art.issue):
            counts = ledger.counts(art.issue)
            would = sum(counts.get(state, 0) for state in OPEN_STATES)
            console.print(f"Ledger {path}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), markup=False)
        ledger.close()
    console.print(f"Dry run: would send {would} messages; nothing sent.", markup=False)
    return 0
