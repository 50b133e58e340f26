"""Plain data objects the schema produces; templates and plugins read them (see docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Person:
    name: str
    role: str | None = None
    organisation: str | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def affiliation(self) -> str:
        """"Role, Organisation" or whichever of the two is known."""
        return ", ".join(part for part in (self.role, self.organisation) if part)


@dataclass
class Exhibitor:
    name: str
    url: str | None = None


@dataclass
class ProgrammeItem:
    time: str
    title: str
    end: str | None = None
    track: str | None = None
    speakers: list = field(default_factory=list)
    room: str | None = None
    date: dt.date | None = None  # the day of a multi-day event; None: the first day


@dataclass
class EventInfo:
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    dates: list = field(default_factory=list)
    location: str | None = None
    online: bool = False
    online_url: str | None = None
    registration_url: str | None = None
    organisers: list = field(default_factory=list)
    series: str | None = None
    # Filled in by the events plugin for the build date:
    state: str | None = None
    registration_open: bool = False
    label: str | None = None
    place_label: str | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def is_past(self) -> bool:
        return self.state == "past"

    @property
    def last_day(self) -> dt.date:
        """The last calendar day the event takes place on (end, or the latest of ``dates``)."""
        days = [_day(self.start), *(_day(d) for d in self.dates)]
        if self.end is not None:
            days.append(_day(self.end))
        return max(days)

    @property
    def first_day(self) -> dt.date:
        return _day(self.start)

    @property
    def multi_day(self) -> bool:
        return self.last_day != self.first_day

    def includes_day(self, day: dt.date) -> bool:
        """The event takes place on ``day``: the start day, a day of ``dates``, or one between start and end."""
        end = _day(self.end) if self.end is not None else self.first_day
        return self.first_day <= day <= end or day in self.dates

    @property
    def extra_dates(self) -> list:
        """Further days outside the start–end span (those inside it are already said by the label)."""
        end = _day(self.end) if self.end is not None else self.first_day
        return sorted(d for d in self.dates if d < self.first_day or d > end)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
