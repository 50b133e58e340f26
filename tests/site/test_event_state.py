"""Event state on the edges of the build date: start day, end day, the day after, multi-day, all-day, ``dates``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from content_model.models import EventInfo
from events.state import annotate

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 23)  # the pinned build date


def at(day: dt.date, clock: str = "09:00") -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


CASES = [
    # (name, EventInfo, expected state)
    ("timed, starts tomorrow", EventInfo(start=at(days(1))), "upcoming"),
    ("timed, starts tomorrow just after midnight", EventInfo(start=at(days(1), "00:05")), "upcoming"),
    ("timed, starts late today", EventInfo(start=at(TODAY, "23:30")), "running"),
    ("timed, started yesterday, no end", EventInfo(start=at(days(-1))), "past"),
    ("timed, ended yesterday evening", EventInfo(start=at(days(-1)), end=at(days(-1), "23:59")), "past"),
    ("timed, ends today", EventInfo(start=at(days(-2)), end=at(TODAY, "10:00")), "running"),
    ("timed, ends tomorrow", EventInfo(start=at(days(-1)), end=at(days(1))), "running"),
    ("all-day, today", EventInfo(start=TODAY), "running"),
    ("all-day, tomorrow", EventInfo(start=days(1)), "upcoming"),
    ("all-day, in two days", EventInfo(start=days(2), end=days(3)), "upcoming"),
    ("all-day, yesterday", EventInfo(start=days(-1)), "past"),
    ("all-day multi-day, ends today", EventInfo(start=days(-3), end=TODAY), "running"),
    ("all-day multi-day, ended yesterday", EventInfo(start=days(-3), end=days(-1)), "past"),
    ("all-day multi-day, starts tomorrow", EventInfo(start=days(1), end=days(4)), "upcoming"),
    ("further date today", EventInfo(start=days(-7), dates=[TODAY]), "running"),
    ("further date tomorrow", EventInfo(start=at(days(-7)), dates=[days(1)]), "running"),
    ("further dates all before today", EventInfo(start=days(-7), dates=[days(-3), days(-1)]), "past"),
    ("further dates listed out of order", EventInfo(start=days(-9), dates=[days(5), days(-4)]), "running"),
]


@pytest.mark.parametrize("info,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_state_on_the_day_boundaries(info, expected):
    annotate(info, TODAY)
    assert info.state == expected
    assert info.is_past == (expected == "past")


@pytest.mark.parametrize("start,open_", [(days(1), True), (TODAY, False), (days(-1), False)])
def test_registration_is_open_only_before_the_first_day(start, open_):
    info = EventInfo(start=at(start), registration_url="https://anmeldung.example.org/")
    annotate(info, TODAY)
    assert info.registration_open is open_
    closed = EventInfo(start=at(days(5)))
    annotate(closed, TODAY)
    assert closed.registration_open is False  # nothing to register at


def test_label_and_place_are_filled():
    info = EventInfo(start=at(days(3), "09:00"), end=at(days(3), "16:30"), location="Stadthalle", online=True)
    annotate(info, TODAY)
    assert info.label == "Donnerstag, 26. November 2026, 09:00–16:30 Uhr"
    assert info.place_label == "Stadthalle und online"


def test_a_series_lists_its_other_events_by_date_whatever_the_order_they_were_read_in():
    """Each event's series list is the other members in date order (start day, then clock time), the report of
    an announced event left out."""
    from types import SimpleNamespace

    from events import link_events

    class Item:  # like Pelican's articles: compared and hashed by identity
        def __init__(self, **values):
            self.__dict__.update(values)

    def event(slug, start, kind="announcement", report_of=None):
        return Item(slug=slug, kind="event", event_type=kind, report_of=report_of, programme=None,
                    event=EventInfo(start=start, series="Forum"))

    later, first, evening, morning = (event("later", at(days(40))), event("first", at(days(-60))),
                                      event("evening", at(days(5), "18:00")), event("morning", at(days(5), "08:30")))
    report = event("report", at(days(-60)), kind="report", report_of="first")
    generator = SimpleNamespace(settings={"BUILD_DATE": TODAY}, articles=[later, report, evening, first, morning],
                                context={})
    link_events(generator)
    assert [other.slug for other in later.series_events] == ["first", "morning", "evening"]
    assert [other.slug for other in first.series_events] == ["morning", "evening", "later"]
    assert [other.slug for other in report.series_events] == ["morning", "evening", "later"]
