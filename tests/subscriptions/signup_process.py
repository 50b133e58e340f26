"""A sign-up in its own process, killed by the test: `python -m tests.subscriptions.signup_process SETTINGS EMAIL
STAGE` opens the store, saves the sign-up (and, for STAGE "mailed", counts the confirmation mail and writes the
mail to MAILBOX), prints "ready" and waits for SIGKILL: a crash with no cleanup, at the point the test names."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from delivery.subscriptions import open_store


def main(settings: str, email: str, stage: str, now: str, mailbox: str) -> None:
    store = open_store(json.loads(settings))
    at = datetime.fromisoformat(now)
    store.request(email, name="Absturz", form_hash="a" * 64, now=at)
    if stage == "mailed":
        assert store.note_confirmation_mail(email, now=at)
        Path(mailbox).write_text(f"Bestätigungslink für {email}\n", encoding="utf-8")  # "the mail was sent"
    print("ready", flush=True)
    time.sleep(600)


if __name__ == "__main__":
    main(*sys.argv[1:])
