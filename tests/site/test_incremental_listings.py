"""Listing pages (topics, rubrics, authors, home, archives) reused from the previous output only while unchanged.

Twelve articles on one topic make two pages of every listing. Each edit below changes some listing pages and not
others; after each, the rebuild must equal a full build byte for byte and still reuse some listing pages.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build
from tests.newsletter.content import FAST, article
from tests.site.test_incremental import edit
from tests.site.test_incremental_keys import assert_equals_full_build


def listings() -> int:
    from incremental import LAST_BUILD

    return LAST_BUILD["listings"]


def twelve(content: Path) -> list[Path]:
    """n01 … n12, oldest first, all on the topic „Netze“: page 1 of a listing shows n12 … n03, page 2 n02, n01."""
    return [article(content, f"n{n:02d}", f"2026-03-{n:02d}", title=f"Nachricht {n}", tags=["Netze"])
            for n in range(1, 13)]


def rebuild(tmp_path: Path, content: Path, out: Path, name: str) -> int:
    assert run_build(content, out, **FAST) == 0
    reused = listings()
    assert_equals_full_build(tmp_path, content, out, name)
    return reused


def test_listing_pages_follow_every_edit_and_the_rest_is_reused(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    assert listings() == 0  # nothing to reuse yet
    everything = rebuild(tmp_path, content, out, "same")
    assert everything >= 8  # topic, rubric, author and home pages 1 and 2, archive, topics …

    edit(paths[11], "title: Nachricht 12", "title: Die zwölfte Nachricht")  # on every page 1, on no page 2
    assert 0 < rebuild(tmp_path, content, out, "title") < everything
    assert "Die zwölfte Nachricht" in (out / "themen/netze/index.html").read_text("utf-8")

    edit(paths[0], "summary: Worum es in n01 geht.", "summary: Ein neuer Vorspann.")  # on page 2 only
    assert 0 < rebuild(tmp_path, content, out, "summary") < everything
    assert "Ein neuer Vorspann." in (out / "themen/netze/seite/2/index.html").read_text("utf-8")

    article(content, "n00", "2026-02-01", title="Die älteste Nachricht", tags=["Netze"])  # joins page 2
    rebuild(tmp_path, content, out, "older")
    assert "13 Beiträge" in (out / "themen/netze/index.html").read_text("utf-8")  # page 1: only its count changed

    edit(paths[1], "date: '2026-03-02'", "date: '2026-04-01'")  # the second oldest becomes the newest
    rebuild(tmp_path, content, out, "date")
    first = (out / "fachbeitraege/index.html").read_text("utf-8")
    assert first.index("Nachricht 2<") < first.index("Die zwölfte Nachricht")


def test_a_listing_template_edit_renders_its_pages_again(tmp_path):
    import shutil

    from tests.conftest import ROOT

    content, out, theme = tmp_path / "content", tmp_path / "site" / "output", tmp_path / "theme"
    twelve(content)
    shutil.copytree(ROOT / "theme", theme)
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    edit(theme / "templates/partials/teaser.html", "Min. Lesezeit", "Minuten Lesezeit")  # every listing's cards
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert "Minuten Lesezeit" in (out / "themen/netze/seite/2/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "teaser", THEME=str(theme))
