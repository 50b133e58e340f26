"""Fixtures for the store tests: each store on a real backend (an SQLite file in tmp_path, moto's SES v2 server),
opened through `open_store` as the endpoint and the commands open them. `dump` shows everything a store holds,
read past our code (the raw file bytes, or every contact as the SES server returns it)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

import pytest

from delivery.subscriptions import open_store

T0 = datetime(2026, 11, 23, 9, 0, 0, tzinfo=timezone.utc)
AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
LIST, TOPIC = "netzbrief", "newsletter"


@pytest.fixture(autouse=True)
def _store_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("NETZBRIEF_MAILING_") or name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in AWS.items():
        monkeypatch.setenv(name, value)


def ses_list(server, *, default: str = "OPT_OUT") -> None:
    server.client().create_contact_list(ContactListName=LIST, Topics=[
        {"TopicName": TOPIC, "DisplayName": "Netzbrief", "DefaultSubscriptionStatus": default}])


def ses_settings(server) -> dict:
    return {"MAILING_PROVIDER": "ses", "MAILING_ENV": "test", "MAILING_SES_REGION": "eu-central-1",
            "MAILING_SES_ENDPOINT_URL": server.url, "MAILING_SES_CONTACT_LIST": LIST, "MAILING_SES_TOPIC": TOPIC}


def ses_contacts(server) -> list[dict]:
    client = server.client()
    found = client.list_contacts(ContactListName=LIST)["Contacts"]
    return [client.get_contact(ContactListName=LIST, EmailAddress=c["EmailAddress"]) for c in found]


@pytest.fixture(params=["sqlite", "ses"])
def backend(request, tmp_path):
    """(settings for open_store, dump()) for each store."""
    if request.param == "sqlite":
        settings = {"MAILING_PROVIDER": "outbox", "MAILING_ENV": "test", "PROJECT_ROOT": str(tmp_path)}

        def dump() -> str:
            files = sorted((tmp_path / "var").glob("subscribers-test.sqlite*"))
            return "".join(f.read_bytes().decode("latin-1") for f in files)
        return settings, dump
    server = request.getfixturevalue("ses")
    ses_list(server)

    def dump() -> str:
        return json.dumps([{k: v for k, v in c.items() if k != "ResponseMetadata"} for c in ses_contacts(server)],
                          default=str, ensure_ascii=False)
    return ses_settings(server), dump


@pytest.fixture
def store(backend):
    store = open_store(backend[0])
    yield store
    store.close()
