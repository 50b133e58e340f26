"""The agenda as a grid: rows by start time, one column per track; plenary items span all tracks. A multi-day
event has one grid per day (items without ``date`` are on the first day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from content_model import dates


@dataclass
class Cell:
    item: object
    span: int = 1


@dataclass
class Row:
    time: str
    end: str | None
    cells: list = field(default_factory=list)  # one Cell (or None) per track, or a single spanning Cell

    @property
    def plenary(self) -> bool:
        return len(self.cells) == 1 and self.cells[0] is not None and self.cells[0].span > 1


@dataclass
class ProgrammeGrid:
    tracks: list
    rows: list

    @property
    def parallel(self) -> bool:
        return len(self.tracks) > 1


def build_grid(items: list) -> ProgrammeGrid:
    tracks = list(dict.fromkeys(item.track for item in items if item.track))
    width = max(len(tracks), 1)
    rows: list[Row] = []
    for time, group in groupby(sorted(items, key=lambda i: i.time), key=lambda i: i.time):
        group = list(group)
        for item in (i for i in group if not i.track):
            rows.append(Row(time, item.end, [Cell(item, span=width)]))
        tracked = [i for i in group if i.track]
        while tracked:  # normally one row; two items in one track at one time make a second row
            row = Row(time, max((i.end for i in tracked if i.end), default=None), [None] * width)
            rest = []
            for item in tracked:
                column = tracks.index(item.track)
                if row.cells[column] is None:
                    row.cells[column] = Cell(item)
                else:
                    rest.append(item)
            rows.append(row)
            tracked = rest
    return ProgrammeGrid(tracks=tracks, rows=rows)


@dataclass
class ProgrammeDay:
    date: dt.date
    heading: str | None  # "Donnerstag, 23. September 2027" for a multi-day event, else None
    grid: ProgrammeGrid


def programme_days(items: list, info) -> list[ProgrammeDay]:
    """One grid per day that has items, in date order."""
    by_day: dict[dt.date, list] = {}
    for item in items:
        by_day.setdefault(item.date or info.first_day, []).append(item)
    return [ProgrammeDay(day, dates.day(day) if info.multi_day else None, build_grid(by_day[day]))
            for day in sorted(by_day)]
