"""German date labels around New Year show the calendar year, never the week-based year (Babel ``y``, not ``Y``).

2026-12-28…2027-01-03 is ISO week 53 of 2026 and 2027-12-27…2028-01-02 is week 52 of 2027: a ``Y`` pattern would
print the wrong year for the January days of the first range and for 1–2 January 2028; 2025-12-29…31 already
belong to week 1 of 2026.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from content_model import dates
from newsletter.cli import scaffold_issue
from tests.newsletter.content import article

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS = {12: "Dezember", 1: "Januar"}
RANGES = [(dt.date(2025, 12, 29), 7), (dt.date(2026, 12, 28), 7), (dt.date(2027, 12, 27), 7)]
DAYS = [first + dt.timedelta(days=n) for first, count in RANGES for n in range(count)]


def expected(day: dt.date, weekday: bool = True) -> str:
    text = f"{day.day}. {MONTHS[day.month]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]}, {text}" if weekday else text


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_day_label_shows_the_calendar_year(day):
    assert dates.day(day) == expected(day)
    assert dates.day(day, weekday=False) == expected(day, weekday=False)
    evening = dt.datetime(day.year, day.month, day.day, 23, 30, tzinfo=BERLIN)
    assert dates.day(evening) == expected(day)
    assert dates.short_day(day) == f"{day.day:02d}.{day.month:02d}.{day.year}"


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_event_labels_across_new_year(day):
    start = dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=BERLIN)
    assert dates.span(start) == f"{expected(day)}, 18:00 Uhr"
    following = day + dt.timedelta(days=1)
    assert dates.span(day, following) == f"{expected(day)} bis {expected(following)}"
    end = start + dt.timedelta(days=1, hours=2)
    assert dates.span(start, end) == f"{expected(day)}, 18:00 Uhr bis {expected(following)}, 20:00 Uhr"


def test_new_issue_title_names_the_calendar_year(tmp_path, capsys):
    content = tmp_path / "content"
    article(content, "neujahr", "2027-01-01")
    assert scaffold_issue(content, "2027-01-02") == 0
    text = (content / "newsletter" / "2027-01.md").read_text(encoding="utf-8")
    assert 'title: "Rundbrief Januar 2027"' in text
    assert scaffold_issue(content, "2027-01-02") == 0  # the month is taken: the day's own name
    assert 'title: "Rundbrief 2. Januar 2027"' in (content / "newsletter" / "2027-01-02.md").read_text("utf-8")
