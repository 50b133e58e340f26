"""Each item's path below the content folder computed once (plugins/speedups/relpaths.py): Pelican's answer, from
one ``os.path.relpath`` per item instead of one per call, and a new answer when the item's path or folder changes."""

from __future__ import annotations

import datetime as dt
import os

import pytest


@pytest.fixture
def relpaths(monkeypatch):
    """Counts calls of ``os.path.relpath``."""
    calls = []
    pelicans = os.path.relpath

    def counted(*args):
        calls.append(args)
        return pelicans(*args)

    monkeypatch.setattr(os.path, "relpath", counted)
    return calls


def _item(source_path: str, folder: str = "/inhalt"):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    return Article("<p>Text</p>", metadata={"title": "Netz", "date": dt.datetime(2026, 11, 23)},
                   settings={**DEFAULT_CONFIG, "PATH": folder}, source_path=source_path, context={})


def test_the_answer_is_pelicans_and_computed_once(relpaths):
    from speedups.relpaths import KEPT, PELICANS, get_relative_source_path

    item = _item("/inhalt/articles/2026/netz im wandel.md")
    item.__dict__.pop(KEPT, None)  # kept already where the build's plugins ran in this process before
    relpaths.clear()
    answers = [get_relative_source_path(item) for _ in range(5)]
    assert len(relpaths) == 0  # a path inside the folder is sliced (Pelican: five relpath calls)
    assert answers == [PELICANS(item)] * 5 == ["articles/2026/netz im wandel.md"] * 5
    odd = _item("/inhalt/articles/../events/tag.md")  # only relpath can tell: asked once
    odd.__dict__.pop(KEPT, None)
    relpaths.clear()
    answers = [get_relative_source_path(odd) for _ in range(5)]
    assert len(relpaths) == 1
    assert answers == [PELICANS(odd)] * 5 == ["events/tag.md"] * 5


PATHS = ["/inhalt/a.md", "/inhalt/x/y/z.md", "/inhalt/a b/ä.md", "/inhalt//a.md", "/inhalt/./a.md",
         "/inhalt/x/../a.md", "/inhalt/", "/inhalt", "/inhaltx/a.md", "/andere/a.md", "/inhalt/a.md/", "a.md",
         "x/../a.md", "/a.md", "//inhalt/a.md"]
FOLDERS = ["/inhalt", "/inhalt/", "/inhalt//", "/inhalt/.", "/", "//inhalt", "/x/../inhalt", "inhalt", "."]


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_slice_is_pelicans_answer_for_every_kind_of_path(folder):
    from speedups.relpaths import KEPT, PELICANS, get_relative_source_path

    for path in PATHS:
        item = _item(path, folder)
        item.__dict__.pop(KEPT, None)
        assert get_relative_source_path(item) == PELICANS(item), (path, folder)


def test_a_changed_path_or_folder_and_another_path_get_pelicans_answer(relpaths):
    from speedups.relpaths import get_relative_source_path

    item = _item("/inhalt/articles/netz.md")
    assert get_relative_source_path(item) == "articles/netz.md"
    item.source_path = "/inhalt/interviews/gespraech.md"
    assert get_relative_source_path(item) == "interviews/gespraech.md"
    item.settings = {**item.settings, "PATH": "/inhalt/interviews"}
    assert get_relative_source_path(item) == "gespraech.md"
    assert get_relative_source_path(item, "/inhalt/interviews/../events/tag.md") == "../events/tag.md"
    assert get_relative_source_path(item) == "gespraech.md"


def test_the_build_uses_it():
    from pelican import contents

    import speedups
    from speedups import relpaths

    speedups.register()
    assert contents.Content.get_relative_source_path is relpaths.get_relative_source_path
