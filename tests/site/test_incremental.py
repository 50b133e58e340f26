"""Incremental rebuilds copy unchanged article pages; the result must equal a full build byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT, run_build


def files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def reused(out: Path) -> int:
    """Pages the last build copied (``out`` names the build the caller means)."""
    from incremental import LAST_BUILD

    return LAST_BUILD["reused"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuild_equals_full_build_after_edits(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    incremental = tmp_path / "site" / "output"
    assert run_build(content, incremental) == 0
    assert reused(incremental) == 0  # first build: nothing to reuse
    assert run_build(content, incremental) == 0
    unchanged = reused(incremental)
    assert unchanged >= 8  # articles and interviews of the sample content came from the previous output

    # A body edit, and a title change that the neighbours show in their previous/next links.
    edit(content / "articles/gemeinsame-beschaffung-wie-mitglieder-zaehler-und-transformatoren-buendeln.md",
         "\n---\n", "\n---\nEin neuer erster Absatz.\n\n")
    edit(content / "interviews/beim-smart-meter-rollout-entscheidet-die-terminplanung.md",
         "title: ", "title: Neu – ")
    assert run_build(content, incremental) == 0
    assert 0 < reused(incremental) < unchanged

    full = tmp_path / "fresh" / "output"
    assert run_build(content, full) == 0
    first, second = files(incremental), files(full)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert not (incremental / ".netzbrief-pages.json").exists()  # the page keys never go out with the site


def test_failed_rebuild_keeps_output_and_page_keys(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    before = files(out)
    (content / "articles/kaputt.md").write_text("---\ntitle: Kaputt\n---\n", encoding="utf-8")
    assert run_build(content, out) == 1
    (content / "articles/kaputt.md").unlink()
    assert files(out) == before
    assert run_build(content, out) == 0
    assert files(out) == before


def test_the_folder_of_a_deleted_page_is_gone_and_the_folders_equal_a_full_build(tmp_path):
    """The staging folder gets the previous output's folders before the build writes (content_model/folders.py);
    the folder of a page that is gone must not stay behind, empty, in the output."""
    from content_model import folders

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    started = []
    original = folders.Folders.__init__

    def spy(self, previous, staging):
        started.append(staging)
        original(self, previous, staging)

    folders.Folders.__init__ = spy
    try:
        gone = content / "articles/gemeinsame-beschaffung-wie-mitglieder-zaehler-und-transformatoren-buendeln.md"
        gone.unlink()
        assert run_build(content, out) == 0
    finally:
        folders.Folders.__init__ = original
    assert len(started) == 1  # the rebuild made its folders from the previous output
    assert not list(out.rglob("gemeinsame-beschaffung*"))
    full = tmp_path / "full" / "output"
    assert run_build(content, full) == 0

    def tree(top: Path) -> list[str]:
        return sorted(p.relative_to(top).as_posix() + ("/" if p.is_dir() else "") for p in top.rglob("*"))

    assert tree(out) == tree(full)


def test_a_rebuild_after_a_folder_became_a_file_equals_a_full_build(tmp_path):
    """Extension-less pages (an S3 scheme): the previous output has the folder ``<rubric>/<slug>/``, the new build
    writes the file ``<rubric>/<slug>``. The premade folder is in the way: the build runs once more without premade
    folders (otherwise every later build would fail the same way until output/ is deleted by hand)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "feeds" / "content", content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    flat = {"ARTICLE_URL": "{category}/{slug}", "ARTICLE_SAVE_AS": "{category}/{slug}"}
    assert run_build(content, out, SEARCH_INDEX=False, **flat) == 0
    full = tmp_path / "full" / "output"
    assert run_build(content, full, SEARCH_INDEX=False, **flat) == 0
    assert files(out) == files(full)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()) == \
        sorted(p.relative_to(full).as_posix() for p in full.rglob("*") if p.is_dir())


def test_files_changed_in_the_output_by_hand_are_made_anew_by_the_next_build(tmp_path):
    """A rebuild takes a file from the previous output only while it has the size and time its build left it with
    (content_model/outputstamps.py): a calendar, a page and a listing changed by hand (or by a half-finished sync)
    are made anew, and the result equals a full build."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "feeds" / "content", content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    for name in ("veranstaltungen/wintertagung/termin.ics", "interviews/warum-die-waermeplanung-zeit-braucht/index.html",
                 "index.html"):
        changed = out / name
        changed.write_bytes(changed.read_bytes().replace(b"Winter", b"Kaputt", 1).replace(b"<title>", b"<title>X", 1))
    article = content / "articles" / "beitrag.md"  # an unrelated edit: a real build runs
    article.write_text(article.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    full = tmp_path / "full" / "output"
    assert run_build(content, full, SEARCH_INDEX=False) == 0
    assert files(out) == files(full)
