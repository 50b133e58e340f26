"""A sign-up killed (SIGKILL) after its state was saved, or after the confirmation mail went out, leaves a state
that a repeated sign-up repairs and in which the mailed link still confirms; on both stores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from delivery.subscriptions import open_store
from tests.subscriptions.conftest import T0

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def crash_during_sign_up(settings: dict, email: str, stage: str, mailbox) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.subscriptions.signup_process", json.dumps(settings), email, stage,
         T0.isoformat(), str(mailbox)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("stage", ["requested", "mailed"])
def test_a_repeated_sign_up_repairs_a_crashed_one(backend, stage, tmp_path):
    settings, _ = backend
    mailbox = tmp_path / "mail.txt"
    crash_during_sign_up(settings, "absturz@example.org", stage, mailbox)
    assert mailbox.exists() == (stage == "mailed")
    store = open_store(settings)
    try:
        left = store.get("absturz@example.org")
        assert (left.state, left.consent.requested_at) == ("pending", "2026-11-23T09:00:00Z")
        later = T0 + timedelta(minutes=10)
        again = store.request("absturz@example.org", name="Absturz", form_hash="b" * 64, now=later)
        assert (again.state, again.consent.requested_at, again.consent.form_hash) == (
            "pending", "2026-11-23T09:10:00Z", "b" * 64)
        # the crashed mail counts against the limit of 3, the repeat gets its own
        sent_before = 1 if stage == "mailed" else 0
        assert [store.note_confirmation_mail("absturz@example.org", now=later) for _ in range(3)] == (
            [True] * (3 - sent_before) + [False] * sent_before)
        confirmed = store.confirm("absturz@example.org", now=later + timedelta(minutes=1))
        assert confirmed.state == "confirmed" and confirmed.consent.confirmed_at == "2026-11-23T09:11:00Z"
        assert [s.email for s in store.audience()] == ["absturz@example.org"]
    finally:
        store.close()


def test_the_link_of_a_crashed_sign_up_still_confirms(backend, tmp_path):
    settings, _ = backend
    crash_during_sign_up(settings, "link@example.org", "mailed", tmp_path / "mail.txt")
    store = open_store(settings)
    try:
        assert store.confirm("link@example.org", now=T0 + timedelta(hours=2)).state == "confirmed"
        assert store.confirm("link@example.org", now=T0 + timedelta(hours=3)).consent.confirmed_at == (
            "2026-11-23T11:00:00Z")
    finally:
        store.close()
