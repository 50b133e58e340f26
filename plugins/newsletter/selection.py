"""Which items an issue shows: a pure function of the published items and the issue's own settings.

Default selection: every published item with ``newsletter: true`` dated after the previous issue's date and up
to this issue's date, grouped by kind, newest first. Pinned slugs come first in their group, in the order given
(they may be older, and they override ``newsletter: false``); excluded slugs are dropped. Announcements are never
teasers: the "Termine" block lists those whose event starts on the issue day or within ``events_weeks`` after it.
A bare date as issue date means the whole day (an item dated that day belongs to that issue, not to the next).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Berlin")

#: Teaser groups in the order an issue shows them: (key, heading).
GROUPS = (("interview", "Interviews"), ("report", "Veranstaltungsberichte"), ("article", "Fachbeiträge"))
EVENTS_LABEL = "Termine"


@dataclass
class Group:
    key: str
    label: str
    items: list


@dataclass
class Selection:
    groups: list  # non-empty Groups, in GROUPS order
    events: list  # announcements for the "Termine" block, pinned first, then by start
    missing: list = field(default_factory=list)  # (key, index, slug): pinned/excluded slugs matching nothing
    unpublished: list = field(default_factory=list)  # (index, slug): pinned items that are drafts/scheduled
    later: list = field(default_factory=list)  # new announcements starting after the Termine window (a hint)

    @property
    def items(self) -> list:
        return [item for group in self.groups for item in group.items]

    @property
    def empty(self) -> bool:
        return not self.items and not self.events


def cutoff(value: dt.date | dt.datetime) -> dt.datetime:
    """The last moment an issue date covers: a datetime itself, a bare day up to its end (Berlin time)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    return dt.datetime.combine(value, dt.time.max, tzinfo=TIMEZONE)


def day_of(value: dt.date | dt.datetime) -> dt.date:
    return value.astimezone(TIMEZONE).date() if isinstance(value, dt.datetime) else value


def group_key(item) -> str:
    """interview, report, article, or announcement (Termine)."""
    if getattr(item, "kind", None) == "event":
        return "report" if getattr(item, "event_type", None) == "report" else "announcement"
    return item.kind


def is_published(item) -> bool:
    return (getattr(item, "status", "published") == "published" and not getattr(item, "is_draft", False)
            and not getattr(item, "scheduled", False))


def _start_key(item):
    start = item.event.start
    return (item.event.first_day, start.strftime("%H:%M") if isinstance(start, dt.datetime) else "", item.slug)


def select(candidates, date, previous=None, pinned=(), exclude=(), events_weeks: int = 8) -> Selection:
    """Select the items of an issue dated ``date`` whose predecessor is dated ``previous`` (None: first issue).

    ``candidates`` are content objects (``kind``, ``slug``, ``date``, ``status``, ``newsletter``, events with
    ``event_type`` and ``event.first_day``), drafts and scheduled ones included: they are filtered out here.
    """
    candidates = [c for c in candidates if getattr(c, "kind", None) in ("interview", "article", "event")]
    upper, lower = cutoff(date), cutoff(previous) if previous is not None else None
    excluded, missing = set(exclude), []
    by_slug: dict[str, list] = {}
    for item in candidates:
        by_slug.setdefault(item.slug, []).append(item)
    for key, slugs in (("items", pinned), ("exclude", exclude)):
        missing += [(key, index, slug) for index, slug in enumerate(slugs) if slug not in by_slug]
    chosen, unpublished = [], []
    for index, slug in enumerate(pinned):
        for item in by_slug.get(slug, []):
            if not is_published(item):
                unpublished.append((index, slug))
            elif all(item is not other for other in chosen):
                chosen.append(item)
    pinned_ids = {id(item) for item in chosen}
    usable = [c for c in candidates if is_published(c) and getattr(c, "newsletter", True)
              and c.slug not in excluded and id(c) not in pinned_ids and c.date <= upper]
    fresh = sorted((c for c in usable if group_key(c) != "announcement" and (lower is None or c.date > lower)),
                   key=lambda c: (c.date, c.slug), reverse=True)
    first, last = day_of(date), day_of(date) + dt.timedelta(weeks=events_weeks)
    upcoming = sorted((c for c in usable if group_key(c) == "announcement" and c.event is not None
                       and first <= c.event.first_day <= last), key=_start_key)
    later = sorted((c for c in usable if group_key(c) == "announcement" and c.event is not None
                    and c.event.first_day > last and (lower is None or c.date > lower)), key=_start_key)
    groups = [Group(key, label, [i for i in chosen + fresh if group_key(i) == key]) for key, label in GROUPS]
    events = [i for i in chosen if group_key(i) == "announcement"] + upcoming
    return Selection([g for g in groups if g.items], events, missing, unpublished, later)
