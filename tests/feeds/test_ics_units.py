"""Calendar entries as data: one VEVENT per day not already covered, a distinct UID each, registration only while
it is open."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from content_model.models import EventInfo
from event_calendar.ics import event_components, occurrences
from events.state import annotate

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 23)
URL = "https://www.kv-mitte.example/veranstaltungen/x/"


def at(day: int, clock: str, month: int = 12) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def test_further_dates_inside_the_span_are_not_repeated():
    info = EventInfo(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 3),
                     dates=[dt.date(2026, 12, 2), dt.date(2026, 12, 3), dt.date(2026, 12, 10), dt.date(2026, 12, 10)])
    assert occurrences(info) == [(dt.date(2026, 12, 1), dt.date(2026, 12, 4)),
                                 (dt.date(2026, 12, 10), dt.date(2026, 12, 11))]


def test_timed_further_dates_keep_the_clock_times():
    info = EventInfo(start=at(1, "09:00"), end=at(1, "16:30"), dates=[dt.date(2026, 12, 8), dt.date(2026, 12, 1)])
    assert occurrences(info) == [(at(1, "09:00"), at(1, "16:30")), (at(8, "09:00"), at(8, "16:30"))]
    overnight = EventInfo(start=at(1, "18:00"), end=at(2, "12:00"), dates=[dt.date(2026, 12, 8)])
    assert occurrences(overnight)[1] == (at(8, "18:00"), None)  # the end is not a clock time on that day


def article(info: EventInfo, **extra) -> SimpleNamespace:
    annotate(info, TODAY)
    values = {"uid": "events/x", "title": "Forum", "summary_text": "Worum es geht.", "event": info,
              "date": dt.datetime(2026, 10, 1, tzinfo=BERLIN), "modified": None, "programme": []}
    values.update(extra)
    return SimpleNamespace(**values)


def test_every_occurrence_has_its_own_uid():
    info = EventInfo(start=at(1, "09:00"), end=at(1, "12:00"), location="Stadthalle",
                     dates=[dt.date(2026, 12, 8), dt.date(2026, 12, 15)])
    uids = [str(c["UID"]) for c in event_components(article(info), URL)]
    assert len(uids) == 3 and len(set(uids)) == 3


def test_registration_link_only_while_registration_is_open():
    open_ = EventInfo(start=at(1, "09:00"), location="Stadthalle", registration_url="https://anmeldung.example/")
    running = EventInfo(start=at(23, "09:00", month=11), location="Stadthalle",
                        registration_url="https://anmeldung.example/")
    assert "Anmeldung: https://anmeldung.example/" in str(event_components(article(open_), URL)[0]["DESCRIPTION"])
    description = str(event_components(article(running), URL)[0]["DESCRIPTION"])
    assert "Anmeldung" not in description and description.endswith(f"Mehr: {URL}")
