"""Single front matter values at the edges of what they accept: times, dates, URLs, numbers, texts, lists."""

from __future__ import annotations

import datetime as dt

import pytest

from content_model import fields as f
from tests.site.test_validation import ANNOUNCEMENT, problems_of, write

REJECTED = [
    (f.time_of_day, "09:00 Uhr"), (f.time_of_day, "09:000"), (f.time_of_day, "24:00"), (f.time_of_day, "9:00"),
    (f.date_or_datetime, "2026-01-01 9 Uhr"), (f.date_or_datetime, "2026-01-01x"),
    (f.date_or_datetime, "2026-01-01 09:00:00"), (f.date_only, "2026-01-01 09:00"),
    (f.url, "https:///pfad"), (f.url, "http:beispiel.de"), (f.url, "https://"), (f.url, "ftp://x.example/"),
    (f.url, "https://x.example/a b"),
    (f.positive_int, 0), (f.positive_int, -3), (f.positive_int, True), (f.positive_int, "4"), (f.positive_int, 1.5),
    (f.text, True), (f.text, False), (f.text, "   "), (f.text, None), (f.text, ["a"]),
    (f.text_list, 5), (f.text_list, ["a", ""]), (f.text_list, ["a", True]),
    (f.boolean, "ja"), (f.boolean, 1),
    (f.slug, "Mit Leerzeichen"), (f.slug, "-vorne"), (f.slug, "ä-umlaut"),
]


@pytest.mark.parametrize("converter,value", REJECTED, ids=[f"{c.__name__}-{v!r}" for c, v in REJECTED])
def test_rejected_with_a_german_message(converter, value):
    with pytest.raises(f.Invalid) as error:
        converter(value)
    message = str(error.value)
    assert (message[0].isupper() or message[0] == "„") and message.endswith((".", ")."))


ACCEPTED = [
    (f.time_of_day, " 09:30 ", "09:30"), (f.time_of_day, "23:59", "23:59"),
    (f.date_or_datetime, "2026-02-28", dt.date(2026, 2, 28)),
    (f.date_or_datetime, "2026-07-01T18:15", dt.datetime(2026, 7, 1, 18, 15, tzinfo=f.TIMEZONE)),
    (f.url, "https://www.kv-mitte.example/anmeldung?x=1", "https://www.kv-mitte.example/anmeldung?x=1"),
    (f.positive_int, 1, 1), (f.positive_int, 12, 12),
    (f.text, 2026, "2026"), (f.text, 1.5, "1.5"), (f.text, "  Netze  ", "Netze"),
    (f.text_list, "Netze, Wärme,  ,Wasser", ["Netze", "Wärme", "Wasser"]),
    (f.text_list, ["Netze", 5], ["Netze", "5"]),
    (f.boolean, False, False),
]


@pytest.mark.parametrize("converter,value,expected", ACCEPTED,
                         ids=[f"{c.__name__}-{v!r}" for c, v, _ in ACCEPTED])
def test_accepted_and_normalised(converter, value, expected):
    assert converter(value) == expected


def test_datetime_is_aware_in_berlin():
    value = f.date_or_datetime("2026-03-29 03:30")  # the day the clocks go forward
    assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(hours=2)
    assert f.as_datetime("2026-01-05") == dt.datetime(2026, 1, 5, tzinfo=f.TIMEZONE)


def test_file_saved_with_a_byte_order_mark_is_valid(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", "\ufeff---\ntitle: Aus Windows\ndate: 2026-01-01\n---\nText.\n")
    write(content, "articles/b.md", b"\xef\xbb\xbf---\r\ntitle: Mit CRLF\r\ndate: 2026-01-02\r\nsumary: x\r\n---\r\n")
    assert problems_of(content) == ["content/articles/b.md:4: sumary: Unbekannte Angabe „sumary“ – meinten Sie "
                                    "„summary“?"]


BLOCK_CASES = [
    ("programme end before its start", ANNOUNCEMENT.replace("---\nText", "programme:\n  - time: \"10:00\"\n"
                                                            "    end: \"09:30\"\n    title: Start\n---\nText"),
     "content/events/e.md:12: programme[1].end: Das Ende (09:30) liegt vor dem Beginn (10:00)."),
    ("all-day end before start", ANNOUNCEMENT.replace("start: 2026-12-01 09:00", "start: 2026-12-03")
     .replace("end: 2026-12-01 16:30", "end: 2026-12-02"),
     "content/events/e.md:8: event.end: Das Ende (2026-12-02) liegt vor dem Beginn (2026-12-03)."),
    ("end as a time without a start time", ANNOUNCEMENT.replace("start: 2026-12-01 09:00", "start: 2026-12-01")
     .replace("end: 2026-12-01 16:30", "end: \"16:30\""),
     "content/events/e.md:8: event.end: Eine Uhrzeit als Ende geht nur, wenn „start“ auch eine Uhrzeit hat."),
    ("events_weeks zero", "---\ntitle: R\ndate: 2026-11-01\nsubject: S\npreheader: P\nevents_weeks: 0\n---\n",
     "content/newsletter/2026-11.md:6: events_weeks: Erwartet wird eine ganze Zahl ab 1, gefunden: „0“."),
    ("title yes", "---\ntitle: yes\ndate: 2026-01-01\n---\n",
     "content/articles/a.md:2: title: Erwartet wird ein Text, gefunden: Ja/Nein-Wert (true/false)."),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES])
def test_block_value_problems(tmp_path, text, expected):
    content = tmp_path / "content"
    relative = expected.split(":")[0].removeprefix("content/")
    write(content, relative, text)
    assert problems_of(content) == [expected]


def test_programme_ending_after_its_start_and_time_end_are_valid(tmp_path):
    content = tmp_path / "content"
    write(content, "events/e.md", ANNOUNCEMENT.replace("end: 2026-12-01 16:30", "end: \"16:30\"").replace(
        "---\nText", "programme:\n  - time: \"09:00\"\n    end: \"09:30\"\n    title: Start\n---\nText"))
    assert problems_of(content) == []
