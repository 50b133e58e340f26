"""Indexing ahead (plugins/site_search/worker.py, ``Bundler.ahead``): the worker runs from the build's start, and a
content page written anew has its part indexed while the build still writes the rest of the site. Only a cache is
filled: whatever the guess, the output equals a fresh build."""

from __future__ import annotations

import shutil

from tests.conftest import run_build
from tests.search.test_search_cache import FIXTURE, files


def run() -> dict:
    from site_search import LAST_RUN

    return dict(LAST_RUN)


def build(content, out) -> None:
    assert run_build(content, out, SEARCH_PART_PAGES=3, SEARCH_RECENT_DAYS=0) == 0


def equals_fresh(tmp_path, content, out, name: str) -> None:
    fresh = tmp_path / f"fresh-{name}" / "output"
    build(content, fresh)
    assert files(out) == files(fresh)


def test_an_edited_page_has_its_part_indexed_ahead_and_the_output_equals_a_fresh_build(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    build(content, out)
    assert run() == {"pages": 8, "parts": 3, "indexed": 3, "ahead": 0}  # no parts known before: nothing guessed
    page = content / "interviews" / "gespraech.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz für die Suche.\n", encoding="utf-8")
    build(content, out)
    assert run() == {"pages": 8, "parts": 3, "indexed": 1, "ahead": 1}  # made before the build asked for it
    equals_fresh(tmp_path, content, out, "edit")


def test_a_new_page_that_the_last_split_does_not_know_gives_a_fresh_builds_output(tmp_path):
    """Guesses come from the last build's parts; a new page is in none of them (and may change their number)."""
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    build(content, out)
    source = (content / "articles" / "beitrag.md").read_text(encoding="utf-8")
    (content / "articles" / "noch-ein-beitrag.md").write_text(
        source.replace("Glasfaser im Kooperationsmodell", "Glasfaser im zweiten Kooperationsmodell"), encoding="utf-8")
    build(content, out)
    assert run()["pages"] == 9
    equals_fresh(tmp_path, content, out, "new")


def test_a_damaged_record_of_the_parts_is_ignored(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    build(content, out)
    for manifest in (out.parent / "cache" / "search").glob("parts-*.json"):
        manifest.write_text('[[["/x/", "kaputt", "fehlt.json", "0"]]]', encoding="utf-8")
    page = content / "interviews" / "gespraech.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNoch ein Absatz.\n", encoding="utf-8")
    build(content, out)
    assert run()["ahead"] == 0 and run()["indexed"] == 1
    equals_fresh(tmp_path, content, out, "damaged")


def test_a_damaged_record_behind_a_page_taken_from_the_previous_output_is_made_again(tmp_path):
    """A page that is the very file the last run saw (a hard link from the previous output: same inode, size and
    time) keeps its record without being read. A damaged record file behind such a page is noticed when its part
    is indexed: the run reads every page again, and the output equals a fresh build."""
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    assert run_build(content, out) == 0
    page = content / "interviews" / "gespraech.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin Absatz.\n", encoding="utf-8")
    records = out.parent / "cache" / "search"
    before = {path.name for path in records.glob("records-*/*.json")}
    assert run_build(content, out) == 0
    assert len({path.name for path in records.glob("records-*/*.json")} - before) == 1  # the edited page's
    for path in records.glob("records-*/*.json"):
        path.write_bytes(path.read_bytes().replace("Wärme".encode(), "Kälte".encode()))  # all damaged
    page.write_text(page.read_text(encoding="utf-8") + "\nNoch ein Absatz.\n", encoding="utf-8")
    assert run_build(content, out) == 0
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)
