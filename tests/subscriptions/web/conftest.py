"""Fixtures for the endpoint tests: the sample site's built page templates, settings and a SQLite store in
tmp_path, the endpoint app with a pinned clock and a werkzeug test client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.subscriptions.web.webhelpers import SECRET, SITEURL, Clock


@pytest.fixture(autouse=True)
def _endpoint_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("NETZBRIEF_MAILING_", "NETZBRIEF_SUBSCRIPTIONS_")) or name == "NETZBRIEF_SITEURL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("NETZBRIEF_UNSUBSCRIBE_SECRET", SECRET)


@pytest.fixture
def make_settings(tmp_path, sample_site):
    from delivery.subscriptions.config import load_settings

    def make(**overrides) -> dict:
        conf = {"SITEURL": SITEURL, "SITENAME": "Netzbrief",
                "MAILING_UNSUBSCRIBE_URL": SITEURL + "/abmelden/?token={token}",
                "MAILING_FROM_NAME": "Netzbrief – KV Mitte", "MAILING_FROM_ADDRESS": "rundbrief@kv-mitte.example.org",
                "MAILING_OUTBOX_DIR": str(tmp_path / "outbox"), "MAILING_LEDGER": str(tmp_path / "var" / "ledger.sqlite"),
                "MAILING_SUBSCRIBERS_DB": str(tmp_path / "var" / "subscribers.sqlite"),
                "SUBSCRIPTIONS_TEMPLATES": str(sample_site / "abo" / "vorlagen"),
                "SUBSCRIPTIONS_CLIENT_LIMIT": "1000/minute"}
        conf.update(overrides)
        return load_settings(conf, environ={}, root=tmp_path)

    return make


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_app(make_settings, clock):
    from delivery.subscriptions.app import SubscriptionApp

    apps = []

    def make(settings: dict | None = None, **kwargs):
        app = SubscriptionApp(settings or make_settings(), clock=clock, warn=lambda text: None, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    from werkzeug.test import Client

    return Client(app)


@pytest.fixture
def outbox(tmp_path) -> Path:
    return tmp_path / "outbox" / "anmeldung"
