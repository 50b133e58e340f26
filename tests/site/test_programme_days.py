"""Programme items on the days of a multi-day event: `date:` checked, grouped on the page, in ICS and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from icalendar import Calendar

from content_model.validate import check
from event_calendar.ics import event_uid
from tests.conftest import run_build

BERLIN = ZoneInfo("Europe/Berlin")
TWO_DAYS = """---
title: Fachtage Wasser
date: 2026-10-01
summary: Zwei Tage rund ums Wasser.
type: announcement
event:
  start: 2026-12-01 09:00
  end: 2026-12-02 15:00
  dates: [2026-12-04]
  location: Stadthalle Lindenau
programme:
  - time: "09:00"
    title: Begrüßung
  - time: "10:00"
    title: Rundgang Wasserwerk
    date: DAY
---
Text zur Veranstaltung.
"""


def write(tmp_path, day: str, text: str = TWO_DAYS):
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True, exist_ok=True)
    (content / "events/fachtage.md").write_text(text.replace("DAY", day), encoding="utf-8")
    return content


def messages(content) -> list[str]:
    return [str(p) for p in check(content, content.parent)[1]]


@pytest.mark.parametrize("day", ["2026-12-01", "2026-12-02", "2026-12-04"])
def test_a_day_of_the_event_is_accepted(tmp_path, day):
    assert messages(write(tmp_path, day)) == []


@pytest.mark.parametrize("day", ["2026-11-30", "2026-12-03", "2026-12-05"])
def test_a_day_outside_the_event_is_refused_with_the_event_days(tmp_path, day):
    german = dt.date.fromisoformat(day).strftime("%d.%m.%Y")
    assert messages(write(tmp_path, day)) == [
        f"content/events/fachtage.md:16: programme[2].date: Am {german} findet die Veranstaltung nicht statt "
        f"(01.12.2026 bis 02.12.2026, außerdem 04.12.2026). Erlaubt sind der erste Tag, ein Tag zwischen „start“ "
        f"und „end“ oder ein Tag aus „dates“."]


def test_a_programme_day_takes_no_clock_time(tmp_path):
    assert messages(write(tmp_path, '"2026-12-02 10:00"')) == [
        "content/events/fachtage.md:16: programme[2].date: Erwartet wird ein Tag ohne Uhrzeit (JJJJ-MM-TT), "
        "gefunden: „2026-12-02 10:00“."]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("days")
    content = write(base, "2026-12-02")
    out = base / "output"
    assert run_build(content, out, CALENDAR_PROGRAMME_ITEMS=True) == 0
    return out / "veranstaltungen/fachtage-wasser"


def test_page_has_one_table_per_day_under_a_german_heading(built):
    doc = lxml.html.fromstring((built / "index.html").read_bytes())
    days = doc.cssselect(".programme h3.programme__day")
    assert [h.text_content() for h in days] == ["Dienstag, 1. Dezember 2026", "Mittwoch, 2. Dezember 2026"]
    tables = doc.cssselect(".programme table.programme__table")
    titles = [[t.text_content() for t in table.cssselect(".programme__title")] for table in tables]
    assert titles == [["Begrüßung"], ["Rundgang Wasserwerk"]]  # undated: the first day
    assert tables[1].cssselect("caption")[0].text_content().endswith(", Mittwoch, 2. Dezember 2026")


def test_calendar_sub_events_are_on_their_day(built):
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical((built / "termin.ics").read_bytes()).walk("VEVENT")}
    first, second = events["Begrüßung (Fachtage Wasser)"], events["Rundgang Wasserwerk (Fachtage Wasser)"]
    assert first.decoded("DTSTART") == dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
    assert second.decoded("DTSTART") == dt.datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    # An undated item keeps the UID calendars already know; a dated one has its day in the UID.
    assert str(first["UID"]) == event_uid("events/fachtage", "#programm#09:00##Begrüßung")
    assert str(second["UID"]) == event_uid("events/fachtage", "#programm#2026-12-02#10:00##Rundgang Wasserwerk")


def test_json_ld_sub_events_are_on_their_day(built):
    doc = lxml.html.fromstring((built / "index.html").read_bytes())
    [event] = [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]
    starts = {sub["name"]: sub["startDate"] for sub in event["subEvent"]}
    assert starts == {"Begrüßung": "2026-12-01T09:00:00+01:00", "Rundgang Wasserwerk": "2026-12-02T10:00:00+01:00"}


def test_one_day_event_keeps_a_single_table_without_day_heading(sample_site):
    doc = lxml.html.fromstring((sample_site / "veranstaltungen/forum-waermewende-2026/index.html").read_bytes())
    assert doc.cssselect(".programme table.programme__table") and not doc.cssselect(".programme__day")
