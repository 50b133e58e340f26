"""Selection edges the main tests do not reach: a previous issue with a clock time, scheduled items by their flag."""

from __future__ import annotations

import datetime as dt

from newsletter.selection import select
from tests.newsletter.test_selection import BERLIN, ISSUE, item, slugs


def test_item_dated_exactly_at_a_timed_previous_issue_belongs_to_that_issue():
    previous = dt.datetime(2026, 9, 15, 12, 0, tzinfo=BERLIN)
    items = [item("at-previous", "2026-09-15 12:00"), item("minute-later", "2026-09-15 12:01"),
             item("morning", "2026-09-15 08:00")]
    assert slugs(select(items, ISSUE, previous)) == ["minute-later"]
    assert slugs(select(items, previous, None)) == ["at-previous", "morning"]  # the previous issue itself


def test_scheduled_items_are_never_selected_even_when_marked_published():
    """The selection promises to filter scheduled items itself, whatever status the caller set."""
    items = [item("scheduled", "2026-11-20", scheduled=True), item("ok", "2026-11-01")]
    assert slugs(select(items, ISSUE, dt.date(2026, 9, 15))) == ["ok"]
    selection = select(items, ISSUE, dt.date(2026, 9, 15), pinned=["scheduled"])
    assert slugs(selection) == ["ok"] and selection.unpublished == [(0, "scheduled")]
