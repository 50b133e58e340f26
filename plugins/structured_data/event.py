"""schema.org Event for announcements (and the event a report is about): dates, attendance mode, location,
organisers, performers, offer and the programme as sub-events."""

from __future__ import annotations

import datetime as dt

from content_model.settings import TIMEZONE

from .address import place
from .common import SCHEMA, Site, common, iso, organisation, person


def attendance(info) -> str:
    if info.online and info.location:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if info.online:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode"


def location(info, site: Site):
    places = []
    if info.location:
        places.append(place(info.location, site.country))
    if info.online:
        virtual = {"@type": "VirtualLocation"}
        if info.online_url:
            virtual["url"] = info.online_url
        else:
            virtual["name"] = "Online"
        places.append(virtual)
    return places[0] if len(places) == 1 else places


def _end(info):
    """endDate: the end; when further ``dates`` lie beyond it, the last of those days."""
    end_day = info.end if info.end is not None else info.start
    end_day = end_day.date() if isinstance(end_day, dt.datetime) else end_day
    later = [day for day in info.dates if day > end_day]
    return max(later) if later else info.end


def _at(day: dt.date, clock: str) -> str:
    hour, minute = map(int, clock.split(":"))
    return iso(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE))


def sub_events(item) -> list:
    info = item.event
    if info.all_day:
        return []
    result = []
    for entry in getattr(item, "programme", None) or []:
        day = entry.date or info.first_day  # items without a day are on the first day
        sub = {"@type": "Event", "name": entry.title, "startDate": _at(day, entry.time)}
        if entry.end:
            sub["endDate"] = _at(day, entry.end)
        if entry.room:
            sub["location"] = {"@type": "Place", "name": entry.room}
        if entry.speakers:
            sub["performer"] = [{"@type": "Person", "name": name} for name in entry.speakers]
        result.append(sub)
    return result


def event(item, site: Site, nested: bool = False) -> dict:
    info = item.event
    data = {"@type": "Event", "name": item.title, **common(item, site)}
    data["startDate"] = iso(info.start)
    end = _end(info)
    if end is not None:
        data["endDate"] = iso(end)
    data["eventStatus"] = f"{SCHEMA}/EventScheduled"
    data["eventAttendanceMode"] = attendance(info)
    where = location(info, site)
    if where:
        data["location"] = where
    organisers = [organisation(site, name) for name in info.organisers] or [organisation(site)]
    data["organizer"] = organisers
    speakers = [person(p) for p in getattr(item, "speakers", None) or []]
    if speakers:
        data["performer"] = speakers
    if info.registration_url and info.registration_open:
        data["offers"] = {"@type": "Offer", "url": info.registration_url, "availability": f"{SCHEMA}/InStock"}
    subs = sub_events(item) if not nested else []
    if subs:
        data["subEvent"] = subs
    return data
