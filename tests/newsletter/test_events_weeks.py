"""An issue's own ``events_weeks`` decides its Termine in a real build; without it the plugin default (8) applies."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_build
from tests.newsletter.content import FAST, article, event, issue


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("events-weeks")
    content = base / "content"
    article(content, "ein-beitrag", "2026-11-02")
    # Issue 2026-11 (23 November, events_weeks: 2): its window is 23 November … 7 December, both included.
    event(content, "heute", "2026-11-01", "2026-11-23 18:00")
    event(content, "letzter-tag", "2026-11-01", "2026-12-07 09:00")
    event(content, "ein-tag-zu-spaet", "2026-11-01", "2026-12-08")
    event(content, "in-sechs-wochen", "2026-11-01", "2027-01-04")
    event(content, "in-neun-wochen", "2026-11-01", "2027-01-26")
    event(content, "schon-vorbei", "2026-11-01", "2026-11-20")
    issue(content, "2026-11-09", "2026-11-09", "Ohne eigene Angabe: acht Wochen.")  # window 9 Nov … 4 Jan
    issue(content, "2026-11", "2026-11-23", "Mit zwei Wochen.", events_weeks=2)
    assert run_build(content, base / "output", **FAST) == 0
    return base


def manifest(base, name: str) -> dict:
    return json.loads((base / "newsletter" / name / "manifest.json").read_text(encoding="utf-8"))


def test_issue_events_weeks_narrows_the_termine(built):
    assert manifest(built, "2026-11")["events"] == ["events/heute", "events/letzter-tag"]
    text = (built / "newsletter" / "2026-11" / "email.txt").read_text(encoding="utf-8")
    assert "Letzter Tag" in text and "Ein Tag Zu Spaet" not in text and "In Sechs Wochen" not in text


def test_issue_without_events_weeks_uses_the_default(built):
    assert manifest(built, "2026-11-09")["events"] == [
        "events/schon-vorbei", "events/heute", "events/letzter-tag", "events/ein-tag-zu-spaet",
        "events/in-sechs-wochen"]
