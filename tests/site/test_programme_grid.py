"""The agenda grid as data: rows by start time whatever order the editor wrote, plenary spans, clashes kept."""

from __future__ import annotations

from content_model.models import ProgrammeItem
from events.programme import build_grid


def cells(row) -> list:
    return [cell.item.title if cell else None for cell in row.cells]


def test_rows_follow_the_clock_not_the_file_order():
    items = [ProgrammeItem("13:00", "Mittag"), ProgrammeItem("09:00", "Begrüßung"),
             ProgrammeItem("10:30", "Netze", track="Saal A"), ProgrammeItem("10:30", "Wärme", track="Saal B"),
             ProgrammeItem("09:30", "Keynote")]
    grid = build_grid(items)
    assert [row.time for row in grid.rows] == ["09:00", "09:30", "10:30", "13:00"]
    assert grid.tracks == ["Saal A", "Saal B"] and grid.parallel


def test_plenary_items_span_every_track():
    items = [ProgrammeItem("09:00", "Begrüßung", end="09:30"), ProgrammeItem("10:00", "Netze", track="A"),
             ProgrammeItem("10:00", "Wärme", track="B"), ProgrammeItem("10:00", "Wasser", track="C")]
    grid = build_grid(items)
    first, second = grid.rows
    assert first.plenary and first.cells[0].span == 3 and first.end == "09:30"
    assert not second.plenary and cells(second) == ["Netze", "Wärme", "Wasser"]


def test_a_clash_in_one_track_makes_a_second_row_and_loses_nothing():
    items = [ProgrammeItem("10:00", "Netze", track="A", end="11:00"), ProgrammeItem("10:00", "Wärme", track="B"),
             ProgrammeItem("10:00", "Noch ein Netzthema", track="A", end="10:45")]
    grid = build_grid(items)
    assert [cells(row) for row in grid.rows] == [["Netze", "Wärme"], ["Noch ein Netzthema", None]]
    assert [row.end for row in grid.rows] == ["11:00", "10:45"]


def test_single_track_programme_is_not_parallel():
    grid = build_grid([ProgrammeItem("09:00", "Start"), ProgrammeItem("10:00", "Ende")])
    assert grid.tracks == [] and not grid.parallel
    assert [(row.time, cells(row)) for row in grid.rows] == [("09:00", ["Start"]), ("10:00", ["Ende"])]
    assert build_grid([]).rows == []
