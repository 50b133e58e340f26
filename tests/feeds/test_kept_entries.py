"""A process that builds again (``invoke livereload``) keeps the feed entries it made (plugins/feeds/kept.py): an
edit makes the entry of the edited item only, though every feed that shows it is written again, and the feeds
still equal a full build's, after an edit, a new setting and a new build date."""

from __future__ import annotations

import pytest

from tests.conftest import run_build
from tests.newsletter.content import FAST
from tests.site.test_incremental import edit
from tests.site.test_incremental_keys import assert_equals_full_build
from tests.site.test_incremental_listings import twelve


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The source files of the feed entries made from now on."""
    from feeds import items

    found, real = [], items.from_article

    def from_article(article, settings, full):
        found.append(article.source_path.rsplit("/", 1)[-1])
        return real(article, settings, full)

    monkeypatch.setattr(items, "from_article", from_article)
    return found


def test_an_edit_makes_the_entry_of_the_edited_item_only(tmp_path, made):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)  # all twelve in every feed (all, the rubric, the topic)
    assert run_build(content, out, **FAST) == 0
    assert sorted(made) == sorted(path.name for path in paths)
    made.clear()
    edit(paths[0], "Ein Absatz Text.", "Ein Absatz Text. Neu im Feed.")
    assert run_build(content, out, **FAST) == 0
    assert made == ["n01.md"]
    assert "Neu im Feed." in (out / "feeds" / "alle.atom.xml").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "kept-edit")


def test_a_new_setting_or_build_date_makes_every_entry_again(tmp_path, made):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    moved = {"TAG_URL": "stichwort/{slug}/", "TAG_SAVE_AS": "stichwort/{slug}/index.html"}
    edit(paths[0], "Ein Absatz Text.", "Ein Absatz Text. Neu im Feed.")  # the feeds are written again
    made.clear()
    assert run_build(content, out, **FAST, **moved) == 0
    assert len(made) == 12
    assert "/stichwort/netze/" in (out / "feeds" / "alle.atom.xml").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "kept-setting", **moved)
    made.clear()
    assert run_build(content, out, date="2026-12-01", **FAST, **moved) == 0
    assert len(made) == 12
    assert_equals_full_build(tmp_path, content, out, "kept-date", date="2026-12-01", **moved)
