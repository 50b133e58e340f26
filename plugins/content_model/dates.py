"""German dates via Babel, the single place that spells dates for pages, feeds and the newsletter."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_datetime

from .settings import TIMEZONE

LOCALE = "de_DE"


def _local(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(TIMEZONE) if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    return value


def day(value, weekday: bool = True) -> str:
    """``Donnerstag, 26. November 2020`` (or without the weekday)."""
    value = _local(value)
    return _day(value.date() if isinstance(value, dt.datetime) else value, weekday)


@lru_cache(maxsize=8192)
def _day(value: dt.date, weekday: bool) -> str:  # listings repeat the same days on every page
    return format_date(value, "EEEE, d. MMMM y" if weekday else "d. MMMM y", locale=LOCALE)


def short_day(value) -> str:
    """``26.11.2020`` (numeric: no Babel needed, and it runs in long archive loops)."""
    return _local(value).strftime("%d.%m.%Y")


def clock(value: dt.datetime) -> str:
    return format_datetime(_local(value), "HH:mm", locale=LOCALE)


def span(start, end=None) -> str:
    """A German label for an event: ``Donnerstag, 26. November 2020, 09:00–16:30 Uhr`` and its variants."""
    timed = isinstance(start, dt.datetime)
    if end is None:
        return f"{day(start)}, {clock(start)} Uhr" if timed else day(start)
    same_day = (_local(start).date() if timed else start) == (_local(end).date()
                                                              if isinstance(end, dt.datetime) else end)
    if timed and isinstance(end, dt.datetime):
        if same_day:
            return f"{day(start)}, {clock(start)}–{clock(end)} Uhr"
        return f"{day(start)}, {clock(start)} Uhr bis {day(end)}, {clock(end)} Uhr"
    if same_day:
        return day(start)
    return f"{day(start)} bis {day(end)}"


def days(info) -> str:
    """The days an event takes place on, for messages: ``23.09.2027 bis 24.09.2027, außerdem 01.10.2027``."""
    first = info.first_day
    end = info.end.date() if isinstance(info.end, dt.datetime) else info.end
    text = short_day(first) + (f" bis {short_day(end)}" if end and end != first else "")
    others = [short_day(day) for day in info.extra_dates]
    return text + (f", außerdem {', '.join(others)}" if others else "")
