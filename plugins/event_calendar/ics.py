"""Events as RFC 5545 calendar data via icalendar: stable UIDs, deterministic DTSTAMP, Europe/Berlin times."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

from .settings import NAMESPACE

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")


def event_uid(uid: str, suffix: str = "") -> str:
    """A UUID (RFC 7986 recommends them) derived from the content uid; unchanged by slug or title edits."""
    return str(uuid.uuid5(uuid.UUID(NAMESPACE), f"{uid}{suffix}"))


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _at(day: dt.date, clock: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def occurrences(info) -> list[tuple]:
    """``[(start, end or None)]``: the main span, then every day of ``dates`` outside it, same clock times."""
    start, end = info.start, info.end
    if info.all_day:
        last = _day(end) if end is not None else start
        spans = [(start, last + dt.timedelta(days=1))]  # DTEND of a DATE event is exclusive
    else:
        spans = [(start, end)]
    covered_to = _day(end) if end is not None else _day(start)
    for day in sorted(set(info.dates)):
        if _day(start) <= day <= covered_to:
            continue
        if info.all_day:
            spans.append((day, day + dt.timedelta(days=1)))
        else:
            day_end = None
            if end is not None and _day(end) == _day(start):
                day_end = _at(day, end.strftime("%H:%M"))
            spans.append((_at(day, start.strftime("%H:%M")), day_end))
    return spans


def _stamp(article) -> dt.datetime:
    """DTSTAMP from the content (modified, else date) in UTC: the same input always gives the same file."""
    value = getattr(article, "modified", None) or article.date
    return value.astimezone(UTC)


def description(article, url: str) -> str:
    info = article.event
    parts = [str(getattr(article, "summary_text", "") or "").strip()]
    if info.online_url:
        parts.append(f"Online dabei: {info.online_url}")
    if info.registration_url and info.registration_open:
        parts.append(f"Anmeldung: {info.registration_url}")
    parts.append(f"Mehr: {url}")
    return "\n\n".join(p for p in parts if p)


def location(info) -> str | None:
    if info.location and info.online:
        return f"{info.location} (auch online)"
    if info.location:
        return info.location
    if info.online:
        return info.online_url or "Online"
    return None


def event_components(article, url: str, programme_items: bool = False) -> list[Event]:
    info = article.event
    stamp = _stamp(article)
    modified = (getattr(article, "modified", None) or article.date).astimezone(UTC)
    components = []
    for index, (start, end) in enumerate(occurrences(info)):
        event = Event()
        event.add("uid", event_uid(article.uid, "" if index == 0 else f"#{_day(start).isoformat()}"))
        event.add("dtstamp", stamp)
        event.add("last-modified", modified)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        event.add("summary", article.title)
        event.add("description", description(article, url))
        where = location(info)
        if where:
            event.add("location", where)
        event.add("url", url)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        components.append(event)
    if programme_items and not info.all_day:
        components.extend(programme_components(article, url, stamp, components[0]["uid"]))
    return components


def programme_components(article, url: str, stamp: dt.datetime, parent_uid: str) -> list[Event]:
    """Each programme item on its day (``date``, else the first day), related to the announcement's own event.
    An item's UID has its day only when ``date`` is given, so undated items keep the UIDs calendars know."""
    first = _day(article.event.start)
    result = []
    for item in getattr(article, "programme", None) or []:
        day = item.date or first
        dated = f"#{item.date.isoformat()}" if item.date else ""
        event = Event()
        event.add("uid", event_uid(article.uid, f"#programm{dated}#{item.time}#{item.track or ''}#{item.title}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", _at(day, item.time))
        if item.end:
            event.add("dtend", _at(day, item.end))
        event.add("summary", f"{item.title} ({article.title})")
        lines = [", ".join(item.speakers)] if item.speakers else []
        if item.track:
            lines.append(item.track)
        lines.append(f"Mehr: {url}")
        event.add("description", "\n".join(lines))
        place = ", ".join(p for p in (item.room, article.event.location) if p)
        if place:
            event.add("location", place)
        event.add("url", url)
        event.add("related-to", parent_uid)
        result.append(event)
    return result


def calendar(components: list[Event], *, prodid: str, name: str | None = None, description: str | None = None,
             refresh: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    if refresh:
        cal.add("refresh-interval", vDuration.from_ical(refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-wr-timezone", "Europe/Berlin")
    for component in components:
        cal.add_component(component)
    days = [_day(c.decoded("dtstart")) for c in components]
    if days:
        # Only the transitions the events need: keeps VTIMEZONE small and the output deterministic.
        cal.add_missing_timezones(first_date=dt.date(min(days).year - 1, 1, 1),
                                  last_date=dt.date(max(days).year + 1, 12, 31))
    return cal
