"""The default selection is a pure function: plain objects in, groups and Termine out (no Pelican run)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from newsletter.selection import Selection, select

BERLIN = ZoneInfo("Europe/Berlin")
ISSUE = dt.date(2026, 11, 23)
PREVIOUS = dt.date(2026, 9, 15)


def when(value: str) -> dt.datetime:
    """``2026-11-23`` (midnight, as Pelican dates a bare day) or ``2026-11-23 18:00``, in Berlin."""
    return dt.datetime.fromisoformat(value if " " in value else value + " 00:00").replace(tzinfo=BERLIN)


def item(slug: str, date: str, kind: str = "article", **extra) -> SimpleNamespace:
    values = {"kind": kind, "slug": slug, "date": when(date), "status": "published", "newsletter": True,
              "event_type": None, "event": None}
    values.update(extra)
    return SimpleNamespace(**values)


def announcement(slug: str, date: str, start: dt.date | dt.datetime, **extra) -> SimpleNamespace:
    first = start.date() if isinstance(start, dt.datetime) else start
    info = SimpleNamespace(start=start, first_day=first)
    return item(slug, date, "event", event_type="announcement", event=info, **extra)


def slugs(selection: Selection) -> list[str]:
    return [i.slug for i in selection.items]


def run(items, **options) -> Selection:
    options.setdefault("previous", PREVIOUS)
    return select(items, ISSUE, **options)


def test_window_boundaries_previous_date_excluded_issue_date_included():
    items = [item("at-previous", "2026-09-15"), item("at-previous-evening", "2026-09-15 20:00"),
             item("day-after-previous", "2026-09-16"), item("at-issue", "2026-11-23"),
             item("issue-evening", "2026-11-23 23:30"), item("after-issue", "2026-11-24")]
    assert slugs(run(items)) == ["issue-evening", "at-issue", "day-after-previous"]


def test_issue_with_a_time_is_a_precise_cutoff():
    items = [item("morning", "2026-11-23 08:00"), item("evening", "2026-11-23 18:00")]
    selection = select(items, dt.datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN), PREVIOUS)
    assert slugs(selection) == ["morning"]


def test_first_issue_has_no_lower_bound():
    assert slugs(run([item("old", "2020-01-01")], previous=None)) == ["old"]


def test_grouped_by_kind_newest_first():
    items = [item("a1", "2026-10-01"), item("i1", "2026-10-02", "interview"), item("a2", "2026-11-01"),
             item("r1", "2026-10-03", "event", event_type="report"), item("i2", "2026-11-02", "interview")]
    selection = run(items)
    assert [(g.label, [i.slug for i in g.items]) for g in selection.groups] == [
        ("Interviews", ["i2", "i1"]), ("Veranstaltungsberichte", ["r1"]), ("Fachbeiträge", ["a2", "a1"])]


def test_pinned_first_in_given_order_and_may_be_older_or_opted_out():
    items = [item("new", "2026-11-01"), item("old", "2025-01-01"), item("older", "2024-01-01"),
             item("opted-out", "2024-06-01", newsletter=False), item("pinned-new", "2026-10-01")]
    selection = run(items, pinned=["older", "pinned-new", "old", "opted-out"])
    assert slugs(selection) == ["older", "pinned-new", "old", "opted-out", "new"]


def test_pinned_twice_appears_once():
    assert slugs(run([item("x", "2026-10-01")], pinned=["x", "x"])) == ["x"]


def test_excluded_items_and_events_are_dropped():
    items = [item("keep", "2026-10-01"), item("drop", "2026-10-02"),
             announcement("drop-event", "2026-10-01", dt.date(2026, 12, 1))]
    selection = run(items, exclude=["drop", "drop-event"])
    assert slugs(selection) == ["keep"] and selection.events == []


def test_drafts_scheduled_and_opted_out_items_are_not_selected():
    items = [item("draft", "2026-10-01", status="draft"),
             item("scheduled", "2026-11-20", status="draft", scheduled=True),
             item("preview-draft", "2026-10-02", is_draft=True),  # SHOW_DRAFTS: published, marked is_draft
             item("opted-out", "2026-10-03", newsletter=False), item("ok", "2026-10-04")]
    assert slugs(run(items)) == ["ok"]


def test_pinned_draft_is_reported_not_shown():
    selection = run([item("draft", "2026-10-01", status="draft"), item("ok", "2026-10-04")], pinned=["ok", "draft"])
    assert slugs(selection) == ["ok"] and selection.unpublished == [(1, "draft")]


def test_unknown_pinned_and_excluded_slugs_are_reported():
    selection = run([item("ok", "2026-10-04")], pinned=["ok", "nope"], exclude=["gone"])
    assert selection.missing == [("items", 1, "nope"), ("exclude", 0, "gone")]
    assert slugs(selection) == ["ok"]


def test_termine_window_starts_on_issue_day_and_ends_after_events_weeks():
    items = [announcement("yesterday", "2026-10-01", dt.date(2026, 11, 22)),
             announcement("today", "2026-10-01", dt.datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN)),
             announcement("in-8-weeks", "2026-10-01", ISSUE + dt.timedelta(weeks=8)),
             announcement("too-late", "2026-10-01", ISSUE + dt.timedelta(weeks=8, days=1)),
             announcement("soon", "2026-06-01", dt.date(2026, 12, 1)),
             announcement("announced-after-issue", "2026-11-24", dt.date(2026, 12, 2)),
             announcement("draft", "2026-10-01", dt.date(2026, 12, 3), status="draft")]
    selection = run(items)
    assert [e.slug for e in selection.events] == ["today", "soon", "in-8-weeks"]
    assert selection.items == []  # announcements are never teasers
    assert [e.slug for e in run(items, events_weeks=1).events] == ["today"]
    assert [e.slug for e in run(items, events_weeks=2).events] == ["today", "soon"]


def test_pinned_announcement_comes_first_in_termine_whatever_its_date():
    items = [announcement("soon", "2026-10-01", dt.date(2026, 12, 1)),
             announcement("next-year", "2026-11-12", dt.date(2027, 9, 23))]
    selection = run(items, pinned=["next-year"])
    assert [e.slug for e in selection.events] == ["next-year", "soon"] and selection.later == []
    assert [e.slug for e in run(items).later] == ["next-year"]  # hint for the scaffold


def test_empty_issue():
    selection = run([item("old", "2026-01-01"), announcement("far", "2026-10-01", dt.date(2027, 5, 1))])
    assert selection.empty
    assert not run([announcement("soon", "2026-10-01", dt.date(2026, 12, 1))]).empty


def test_pages_and_unknown_kinds_are_ignored():
    assert slugs(run([item("impressum", "2026-10-01", "page")])) == []


@pytest.mark.parametrize("weeks", [1, 8, 52])
def test_selection_is_deterministic(weeks):
    items = [item(f"a{n}", "2026-10-01") for n in range(5)]  # same date: ordered by slug, reproducibly
    assert slugs(run(items, events_weeks=weeks)) == slugs(run(list(reversed(items)), events_weeks=weeks))
