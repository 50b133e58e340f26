"""The nested blocks of the content model: interviewee, event, programme, speakers, exhibitors."""

from __future__ import annotations

import datetime as dt

from . import fields as f
from .dates import days, short_day
from .models import EventInfo, Exhibitor, Person, ProgrammeItem
from .settings import TIMEZONE

PERSON_KEYS = {"name": f.text, "role": f.text, "organisation": f.text}
EVENT_KEYS = {"start": f.date_or_datetime, "end": None, "dates": None, "location": f.text, "online": None,
              "registration_url": f.url, "organisers": f.text_list, "series": f.text}
PROGRAMME_KEYS = {"time": f.time_of_day, "end": f.time_of_day, "title": f.text, "track": f.text,
                  "speakers": f.text_list, "room": f.text, "date": f.date_only}
EXHIBITOR_KEYS = {"name": f.text, "url": f.url}


def person(checker, key_path: tuple, value) -> Person | None:
    if isinstance(value, str):
        return Person(name=value.strip()) if value.strip() else None
    data = checker.mapping(key_path, value, PERSON_KEYS)
    if data is None:
        return None
    if not data.get("name"):
        if "name" not in (value or {}):
            checker.problem(key_path + ("name",), "Pflichtangabe fehlt: der Name der Person.")
        return None
    return Person(**data)


def people(checker, key: str, value) -> list:
    if not isinstance(value, list):
        checker.problem((key,), f"Erwartet wird eine Liste (Zeilen mit „- “), gefunden: {f.type_name(value)}.")
        return []
    return [p for i, item in enumerate(value) if (p := person(checker, (key, i), item))]


def _end(checker, start, value):
    """``end`` is a date, a datetime, or only a time (``16:30``) on the start day."""
    key_path = ("event", "end")
    if isinstance(value, str) and len(value.strip()) == 5 and ":" in value:
        time = checker.convert(key_path, value, f.time_of_day)
        if time is None or not isinstance(start, dt.datetime):
            if time is not None:
                checker.problem(key_path, "Eine Uhrzeit als Ende geht nur, wenn „start“ auch eine Uhrzeit hat.")
            return None
        hour, minute = map(int, time.split(":"))
        return start.replace(hour=hour, minute=minute)
    return checker.convert(key_path, value, f.date_or_datetime)


def _comparable(value):
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)


def event(checker, value) -> EventInfo | None:
    data = checker.mapping(("event",), value, EVENT_KEYS)
    if data is None:
        return None
    start = data.get("start")
    if start is None:
        if "start" not in value or value.get("start") is None:
            checker.problem(("event", "start"), "Pflichtangabe fehlt: wann beginnt die Veranstaltung?")
        return None
    info = EventInfo(start=start, location=data.get("location"), registration_url=data.get("registration_url"),
                     organisers=data.get("organisers", []), series=data.get("series"))
    if value.get("end") is not None:
        info.end = _end(checker, start, value["end"])
        if info.end is not None and _comparable(info.end) < _comparable(start):
            checker.problem(("event", "end"), f"Das Ende ({value['end']}) liegt vor dem Beginn ({value['start']}).")
    if value.get("dates") is not None:
        raw = value["dates"] if isinstance(value["dates"], list) else [value["dates"]]
        info.dates = [d for i, item in enumerate(raw)
                      if (d := checker.convert(("event", "dates", i), item, f.date_only)) is not None]
    online = value.get("online")
    if isinstance(online, str):
        info.online_url = checker.convert(("event", "online"), online, f.url)
        info.online = info.online_url is not None
    elif online is not None:
        info.online = bool(checker.convert(("event", "online"), online, f.boolean))
    return info


def programme(checker, value) -> list:
    if not isinstance(value, list):
        checker.problem(("programme",), f"Erwartet wird eine Liste von Programmpunkten, gefunden: "
                                        f"{f.type_name(value)}.")
        return []
    items = []
    for index, raw in enumerate(value):
        key_path = ("programme", index)
        data = checker.mapping(key_path, raw, PROGRAMME_KEYS)
        if data is None:
            continue
        missing = [key for key in ("time", "title") if key not in raw or raw[key] in (None, "")]
        for key in missing:
            checker.problem(key_path + (key,), "Pflichtangabe des Programmpunkts fehlt.")
        if missing or "time" not in data or "title" not in data:
            continue
        if data.get("end") and data["end"] < data["time"]:
            checker.problem(key_path + ("end",), f"Das Ende ({data['end']}) liegt vor dem Beginn ({data['time']}).")
        info = checker.values.get("event")
        if data.get("date") and info is not None and not info.includes_day(data["date"]):
            checker.problem(key_path + ("date",), f"Am {short_day(data['date'])} findet die Veranstaltung nicht "
                                                  f"statt ({days(info)}). Erlaubt sind der erste Tag, ein Tag "
                                                  f"zwischen „start“ und „end“ oder ein Tag aus „dates“.")
            del data["date"]
        items.append(ProgrammeItem(**data))
    return items


def exhibitors(checker, value) -> list:
    if not isinstance(value, list):
        checker.problem(("exhibitors",), f"Erwartet wird eine Liste, gefunden: {f.type_name(value)}.")
        return []
    result = []
    for index, raw in enumerate(value):
        if isinstance(raw, str):
            result.append(Exhibitor(name=checker.convert(("exhibitors", index), raw, f.text) or raw))
            continue
        data = checker.mapping(("exhibitors", index), raw, EXHIBITOR_KEYS)
        if data is not None and data.get("name"):
            result.append(Exhibitor(**data))
        elif data is not None:
            checker.problem(("exhibitors", index, "name"), "Pflichtangabe fehlt: der Name des Ausstellers.")
    return result


def check_blocks(checker) -> None:
    meta, values, kind = checker.doc.meta, checker.values, checker.kind
    if kind == "interview" and meta.get("interviewee") is not None:
        values["interviewee"] = person(checker, ("interviewee",), meta["interviewee"])
    if kind != "event":
        return
    event_type = values.get("type")
    if meta.get("event") is not None:
        values["event"] = event(checker, meta["event"])
        info = values["event"]
        if info and event_type == "announcement" and not info.location and not info.online:
            checker.problem(("event",), "Ort fehlt: bitte „location“ angeben oder „online: true“ setzen.")
    for key in ("programme", "speakers", "exhibitors"):
        if meta.get(key) is None:
            continue
        if event_type == "report":
            checker.problem((key,), f"„{key}“ gehört nur zu Ankündigungen (type: announcement).")
            continue
        values[key] = {"programme": programme, "speakers": lambda c, v: people(c, "speakers", v),
                       "exhibitors": exhibitors}[key](checker, meta[key])
    if "report_of" in values and event_type == "announcement":
        checker.problem(("report_of",), "„report_of“ gehört nur zu Berichten (type: report).")
