"""Fixtures for the mailing tests: artifacts and settings in tmp_path, real SMTP (aiosmtpd) and SES (moto server)
endpoints on 127.0.0.1 (the SES fixtures `ses_endpoint` and `ses` are shared: tests/conftest.py). Plain helpers
live in mailhelpers.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.mail.mailhelpers import SECRET, write_issue  # noqa: E402
from tests.servers import smtp as smtp_server  # noqa: E402


@pytest.fixture(autouse=True)
def _mail_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("NETZBRIEF_MAILING_") or name in ("NETZBRIEF_SMTP_PASSWORD",):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NETZBRIEF_UNSUBSCRIBE_SECRET", SECRET)


@pytest.fixture
def artifacts(tmp_path) -> Path:
    return write_issue(tmp_path / "build" / "newsletter")


@pytest.fixture
def make_settings(tmp_path):
    def make(**overrides) -> dict:
        settings = {"MAILING_LEDGER": str(tmp_path / "var" / "ledger.sqlite"),
                    "MAILING_SUBSCRIBERS_DB": str(tmp_path / "var" / "subscribers.sqlite"),
                    "MAILING_OUTBOX_DIR": str(tmp_path / "outbox"),
                    "MAILING_BACKOFF": 0.005, "MAILING_BACKOFF_MAX": 0.05, "MAILING_SMTP_TIMEOUT": 10.0}
        settings.update(overrides)
        return settings
    return make


@pytest.fixture
def smtp():
    """A plain SMTP server; yields (recorder, controller)."""
    recorder = smtp_server.Recorder()
    controller = smtp_server.start(recorder)
    yield recorder, controller
    controller.stop()
