"""Event calendar (plugins/event_calendar): .ics per event and for all events, RFC 5545 via icalendar."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import run_build

FIXTURE = Path(__file__).parent / "content"
SITEURL = "http://127.0.0.1:8000"
UTC = dt.timezone.utc


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_by_summary(cal: Calendar) -> dict:
    found: dict[str, list] = {}
    for event in cal.walk("VEVENT"):
        found.setdefault(str(event["SUMMARY"]), []).append(event)
    return found


@pytest.fixture
def site(fixture_site) -> Path:
    return fixture_site


def test_files_exist_next_to_pages(site):
    for slug in ("wintertagung", "sommer-webinar", "aktionstage-wasser", "herbstforum-2026",
                 "herbstforum-2026-bericht"):
        assert (site / "veranstaltungen" / slug / "index.html").exists()
        assert (site / "veranstaltungen" / slug / "termin.ics").exists()
    assert (site / "veranstaltungen/kalender.ics").exists()


def test_berlin_times_in_winter_and_summer(site):
    winter = read(site / "veranstaltungen/wintertagung/termin.ics").walk("VEVENT")[0]
    summer = read(site / "veranstaltungen/sommer-webinar/termin.ics").walk("VEVENT")[0]
    assert winter["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert winter.decoded("DTSTART").astimezone(UTC) == dt.datetime(2027, 1, 14, 8, 0, tzinfo=UTC)
    assert winter.decoded("DTEND").astimezone(UTC) == dt.datetime(2027, 1, 14, 11, 0, tzinfo=UTC)
    assert summer.decoded("DTSTART").astimezone(UTC) == dt.datetime(2027, 7, 8, 7, 0, tzinfo=UTC)
    assert summer.decoded("DTEND").astimezone(UTC) == dt.datetime(2027, 7, 8, 10, 30, tzinfo=UTC)
    raw = (site / "veranstaltungen/wintertagung/termin.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20270114T090000" in raw
    # The VTIMEZONE is there and tells the offsets apart.
    cal = read(site / "veranstaltungen/kalender.ics")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert not cal.get_missing_tzids()
    all_raw = (site / "veranstaltungen/kalender.ics").read_text(encoding="utf-8")
    assert "TZOFFSETTO:+0200" in all_raw and "TZOFFSETTO:+0100" in all_raw


def test_event_properties(site):
    event = read(site / "veranstaltungen/wintertagung/termin.ics").walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Wintertagung Netze 2027"
    assert str(event["URL"]) == f"{SITEURL}/veranstaltungen/wintertagung/"
    assert str(event["LOCATION"]) == "Rathaus Lindenau, Markt 1, 34567 Lindenau"
    description = str(event["DESCRIPTION"])
    assert "Rathaus Lindenau" in description and f"{SITEURL}/veranstaltungen/wintertagung/" in description
    assert "Anmeldung: https://example.org/anmeldung/winter" in description
    # DTSTAMP: the item's date in UTC, not the build's clock.
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 1, 23, 0, tzinfo=UTC)
    online = read(site / "veranstaltungen/sommer-webinar/termin.ics").walk("VEVENT")[0]
    assert str(online["LOCATION"]) == "https://stream.example.org/sommer"


def test_all_day_and_multi_day(site):
    events = read(site / "veranstaltungen/aktionstage-wasser/termin.ics").walk("VEVENT")
    assert len(events) == 2  # 3 and 4 May as one span, 10 May as a further occurrence
    main, extra = events
    assert main.decoded("DTSTART") == dt.date(2027, 5, 3) and main["DTSTART"].params.get("VALUE") == "DATE"
    assert main.decoded("DTEND") == dt.date(2027, 5, 5)  # exclusive
    assert extra.decoded("DTSTART") == dt.date(2027, 5, 10) and extra.decoded("DTEND") == dt.date(2027, 5, 11)
    assert main["UID"] != extra["UID"]
    assert str(main["LOCATION"]) == "Stadthalle Elmsfeld (auch online)"


def test_calendar_of_all_events(site):
    cal = read(site / "veranstaltungen/kalender.ics")
    cal.validate()  # icalendar: required properties and components present
    assert str(cal["X-WR-CALNAME"]) == "Netzbrief – Veranstaltungen"
    assert str(cal["METHOD"]) == "PUBLISH" and str(cal["VERSION"]) == "2.0"
    found = events_by_summary(cal)
    # The report has an announcement: the announcement stands for the event, once.
    assert set(found) == {"Wintertagung Netze 2027", "Sommer-Webinar 2027", "Aktionstage Wasser", "Herbstforum 2026"}
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 5
    # Each event has the same UID in its own file and in the calendar of all events.
    own = read(site / "veranstaltungen/wintertagung/termin.ics").walk("VEVENT")[0]
    assert own["UID"] == found["Wintertagung Netze 2027"][0]["UID"]


def test_event_page_links_the_calendar(site):
    upcoming = (site / "veranstaltungen/wintertagung/index.html").read_text(encoding="utf-8")
    past = (site / "veranstaltungen/herbstforum-2026/index.html").read_text(encoding="utf-8")
    assert 'href="../../veranstaltungen/wintertagung/termin.ics"' in upcoming  # relative: any port works
    assert "In den Kalender" in upcoming
    assert "In den Kalender" not in past


def test_uids_survive_a_slug_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    before = read_uid(content, tmp_path / "a", "wintertagung")
    source = content / "events/winter.md"
    source.write_text(source.read_text(encoding="utf-8").replace("slug: wintertagung", "slug: wintertagung-2027")
                      .replace('title: "Wintertagung Netze 2027"', 'title: "Wintertagung 2027"'), encoding="utf-8")
    after = read_uid(content, tmp_path / "b", "wintertagung-2027")
    assert before == after


def read_uid(content: Path, out: Path, slug: str) -> str:
    assert run_build(content, out) == 0
    return str(read(out / "veranstaltungen" / slug / "termin.ics").walk("VEVENT")[0]["UID"])


def test_programme_items_as_events(tmp_path):
    out = tmp_path / "output"
    assert run_build(FIXTURE, out, CALENDAR_PROGRAMME_ITEMS=True, CALENDAR_INCLUDE_REPORTS=False) == 0
    events = read(out / "veranstaltungen/wintertagung/termin.ics").walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Wintertagung Netze 2027", "Begrüßung (Wintertagung Netze 2027)", "Netze im Winter (Wintertagung Netze 2027)"]
    parent = str(events[0]["UID"])
    assert all(str(e["RELATED-TO"]) == parent for e in events[1:])
    assert events[1].decoded("DTSTART") == dt.datetime(2027, 1, 14, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert str(events[1]["LOCATION"]) == "Ratssaal, Rathaus Lindenau, Markt 1, 34567 Lindenau"


def test_sample_calendar_parses(sample_site):
    cal = read(sample_site / "veranstaltungen/kalender.ics")
    events = cal.walk("VEVENT")
    assert events and all(e.get("UID") and e.get("DTSTAMP") and e.get("DTSTART") for e in events)
    assert not cal.get_missing_tzids()


def test_calendars_are_reused_while_unchanged_and_follow_an_event_edit(tmp_path):
    """A rebuild takes every ``.ics`` from the previous output while its event is unchanged; an event's edit
    reaches its own file and the calendar of all events, and the result equals a full build. A new build date
    renders them again (registration closes on the event's first day)."""
    from incremental import LAST_BUILD
    from tests.site.test_incremental_keys import assert_equals_full_build

    fast = {"SEARCH_INDEX": False}
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    assert run_build(content, out, **fast) == 0
    calendars = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ics"))
    assert len(calendars) == 6  # five events and the calendar of all
    assert run_build(content, out, **fast) == 0
    assert LAST_BUILD["files"] >= len(calendars)  # the feeds too
    inodes = {name: (out / name).stat().st_ino for name in calendars}  # a reused file is the previous one, linked
    herbst = content / "events/herbst.md"
    herbst.write_text(herbst.read_text(encoding="utf-8").replace("Werkhalle Kalkberg", "Werkhalle Nord Kalkberg"),
                      encoding="utf-8")
    assert run_build(content, out, **fast) == 0
    rendered = sorted(name for name in calendars if (out / name).stat().st_ino != inodes[name])
    assert rendered == ["veranstaltungen/herbstforum-2026/termin.ics", "veranstaltungen/kalender.ics"]
    for name in rendered:
        assert "Werkhalle Nord Kalkberg" in (out / name).read_text(encoding="utf-8"), name
    assert_equals_full_build(tmp_path, content, out, "calendar")
    later = "2027-01-14"  # the winter meeting's first day: its registration is closed
    assert run_build(content, out, date=later, **fast) == 0
    assert "Anmeldung:" not in (out / "veranstaltungen/wintertagung/termin.ics").read_text(encoding="utf-8")
    assert_equals_full_build(tmp_path, content, out, "later", date=later)


def test_the_calendar_plugin_loads_icalendar_only_to_render():
    """A rebuild that takes every calendar from the previous output never needs icalendar (a tenth of a second
    to import): the plugin loads it on first render."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import sys; sys.path[:0] = ['plugins', '.']; import event_calendar, event_calendar.generator; "
              "print('icalendar' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"
