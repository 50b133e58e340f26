"""A live send or resume of one issue, under the ledger lock.

First send: the audience is validated and de-duplicated, confirmed, then fixed in the ledger in one transaction
and delivered. A second send of the same issue sends nothing. A first send that finds no ledger file is refused
for a real provider (and for an outbox that already holds the issue) unless `new_ledger` says the ledger is
meant to be new. A resume re-reads the subscriber source and sends every open row: pending, deferred (temporary
errors) and sending (in flight when the previous run died: the only possible duplicates). An empty list stops a
resume; open rows whose address has left the list are skipped only after a confirmation, and a later resume
reopens them when they are back (presence.py). New subscribers are not added.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from .artifacts import Issue
from .audience import Audience
from .errors import MailingError
from .ledger import OPEN_STATES, Ledger
from .ledgercheck import exists, expect_ledger
from .message import Composer
from .presence import Presence
from .ratelimit import TokenBucket
from .report import confirm, console, progress_bar, show_audience, summary, warn
from .sender import RetryPolicy, deliver


@contextmanager
def _sigterm_as_interrupt():
    """A stop request (SIGTERM from systemd, cron, CI) ends the run like Ctrl-C: the workers finish their current
    message, so a stop never causes a duplicate; only SIGKILL and crashes can (see docs/mailing.md)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _open(counts: dict) -> int:
    return sum(counts.get(state, 0) for state in OPEN_STATES)


def live_send(s: dict, art: Issue, provider, composer: Composer, *, yes: bool, resume: bool, workers: int,
              new_ledger: bool = False) -> int:
    path = Path(s["MAILING_LEDGER"])
    if not exists(path):
        if resume:
            raise MailingError(f"issue {art.issue} has no run to resume: there is no delivery ledger at {path}")
        if new_ledger:
            console.print(f"Starting a new ledger at {path} (--new-ledger).", markup=False)
        else:
            expect_ledger(path, provider, art.issue)
    console.print(f"Ledger: {path}", markup=False)
    ledger = Ledger(path, create=True)
    try:
        with ledger.lock():
            return _locked(ledger, s, art, provider, composer, yes=yes, resume=resume, workers=workers)
    finally:
        ledger.close()


def _resume_plan(ledger: Ledger, issue: str, audience: Audience, source: str, yes: bool):
    """Who a resume sends to; None if the user declined skipping those who left the list."""
    counts = ledger.counts(issue)
    if not audience.valid:
        raise MailingError(f"no valid subscribers in {source}: refusing to resume issue {issue}, it would skip all "
                           f"{_open(counts)} open recipients. Check the list, then resume again")
    presence = Presence(ledger, issue, audience.keys())
    if presence.absent:
        more = ", ..." if presence.absent > 5 else ""
        console.print(f"{presence.absent} of {_open(counts)} open recipients are no longer in {source} "
                      f"({', '.join(presence.examples())}{more}): they are skipped, not sent; a later resume sends "
                      "them if they are back in the list.", markup=False)
        if not confirm(f"Skip these {presence.absent} recipients?", yes, action="Skip?"):
            console.print("Not resumed; nothing changed.")
            return None
    count = _open(counts) - presence.absent + presence.returned
    console.print(f"Resuming {issue}: {counts.get('sent', 0)} already sent, {count} to send ({presence.returned} of "
                  f"them back in the list), {presence.absent} left the list; {counts.get('sending', 0)} were in "
                  "flight when the last run stopped (they are sent again: at most these can arrive twice).",
                  markup=False)
    return presence, count, counts


def _locked(ledger: Ledger, s: dict, art: Issue, provider, composer, *, yes, resume, workers) -> int:
    issue, run = art.issue, ledger.run(art.issue)
    if run and run["provider"] != provider.name and "outbox" in (run["provider"], provider.name):
        raise MailingError(f"issue {issue} was sent with the {run['provider']} provider in {ledger.path}; "
                           f"use another MAILING_ENV or MAILING_LEDGER for {provider.name}")
    if run and not resume:
        counts = ledger.counts(issue)
        if _open(counts):
            console.print(f"Issue {issue} has an unfinished run ({_open(counts)} recipients open): "
                          f"continue it with `invoke newsletter.send {issue} --resume`.", markup=False)
            return 1
        skipped = f"; {counts['skipped']} skipped after leaving the list (`--resume` sends those who are back)" \
            if counts.get("skipped") else ""
        console.print(f"Issue {issue} was already sent ({counts.get('sent', 0)} sent, started {run['started']}"
                      f"{skipped}): nothing new to send. `invoke newsletter.resend --to ADDRESS` sends it again "
                      "to someone.", markup=False)
        return 0
    if resume and not run:
        raise MailingError(f"issue {issue} has no run to resume in {ledger.path}; send it without --resume")
    provider.check()
    audience = Audience.collect(provider.subscribers(), provider.source)
    show_audience(audience, provider.describe_source())
    if run:
        if run["digest"] != art.digest:
            warn(f"warning: the artifacts of {issue} changed since the run started; open recipients get the new build")
        planned = _resume_plan(ledger, issue, audience, provider.describe_source(), yes)
        if planned is None:
            return 1
        presence, count, counts = planned
        if not count:
            presence.apply()
            return 0 if not counts.get("failed") else 1
    else:
        count = audience.valid
        if not count:
            raise MailingError(f"no valid subscribers in {provider.describe_source()}: nothing to send")
    rate = provider.rate()
    if not confirm(f"{'Resume' if run else 'Send'} “{art.subject}” to {count} recipients via {provider.name}"
                   f"{f' at {rate:g}/s' if rate else ''}.", yes):
        console.print("Not sent.")
        return 1
    if run:
        presence.apply()
        ledger.update_run(issue, provider.name, art.digest)
    else:
        ledger.create_run(issue, provider.name, art.subject, art.digest, audience.recipients())
    audience.close()
    with progress_bar(count) as done, _sigterm_as_interrupt():
        outcome = deliver(ledger, issue, ledger.open_rows(issue), composer, provider, workers=workers,
                          bucket=TokenBucket(rate), policy=RetryPolicy.from_settings(s), on_done=done)
    counts = ledger.counts(issue)
    summary(issue, outcome.counts, counts, ledger.problems(issue), outcome.fatal, outcome.interrupted)
    if outcome.fatal or outcome.interrupted or counts.get("failed") or _open(counts):
        return 1
    return 0
