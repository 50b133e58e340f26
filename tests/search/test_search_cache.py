"""The search bundle's cache (plugins/site_search/worker.py): Pagefind runs only when an indexed page changed, and
a damaged cache is rebuilt, never trusted: the output equals a build without cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

FIXTURE = ROOT / "tests/feeds/content"


def files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def last_run() -> dict:
    from site_search import LAST_RUN

    return {key: value for key, value in LAST_RUN.items() if key != "ahead"}  # ahead: test_search_ahead.py


def test_pagefind_runs_only_when_an_indexed_page_changed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    assert last_run() == {"pages": 8, "parts": 2, "indexed": 2}  # the recent pages and the others
    first = files(out / "pagefind")

    assert run_build(content, out) == 0
    assert last_run() == {"pages": 8, "parts": 2, "indexed": 0}  # nothing changed: the cached bundles are copied
    assert files(out / "pagefind") == first

    page = content / "pages" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAuch per Brieftaube erreichbar.\n", encoding="utf-8")
    assert run_build(content, out) == 0
    assert last_run() == {"pages": 8, "parts": 2, "indexed": 1}  # the page is from January: not a recent one
    assert files(out / "pagefind") != first

    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)


def test_an_edit_re_indexes_only_the_part_holding_the_page(tmp_path):
    """Three pages a part: 8 pages in 3 parts; editing one page makes Pagefind index one part, and the output
    equals a fresh build's. The parts after the first hold index files only and are named in parts.json. (No part
    of recent pages here: tests/search/test_recent_part.py.)"""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, SEARCH_PART_PAGES=3, SEARCH_RECENT_DAYS=0) == 0
    assert last_run() == {"pages": 8, "parts": 3, "indexed": 3}
    assert json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8")) == ["teil-1", "teil-2"]
    for part in ("teil-1", "teil-2"):
        names = {p.name for p in (out / "pagefind" / part).iterdir()}
        assert "pagefind-entry.json" in names and {"index", "fragment"} <= names
        assert not {name for name in names if name.endswith((".js", ".css", ".pagefind"))}
        entry = json.loads((out / "pagefind" / part / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["de"]["page_count"] >= 1
    counts = [json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["de"]["page_count"]
              for folder in (out / "pagefind", out / "pagefind/teil-1", out / "pagefind/teil-2")]
    assert sum(counts) == 8

    page = content / "pages" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAuch per Brieftaube erreichbar.\n", encoding="utf-8")
    assert run_build(content, out, SEARCH_PART_PAGES=3, SEARCH_RECENT_DAYS=0) == 0
    assert last_run() == {"pages": 8, "parts": 3, "indexed": 1}
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh, SEARCH_PART_PAGES=3, SEARCH_RECENT_DAYS=0) == 0
    assert files(out) == files(fresh)


def _records(cache: Path) -> list[Path]:
    found = sorted(cache.glob("records-*/*.json"))
    assert found, "the first build stored no records"
    return found


def _bundle_files(cache: Path) -> list[Path]:
    bundle = min(p for p in cache.glob("bundle-*") if p.is_dir())  # the fixture is two parts: either will do
    return sorted(p for p in bundle.rglob("*") if p.is_file())


def garbage_records(cache: Path) -> None:
    for path in _records(cache)[::2]:
        path.write_bytes(path.read_bytes()[:40])


def altered_record(cache: Path) -> None:
    """Still valid JSON of the right shape, but not what was stored: only the checksum tells."""
    for path in _records(cache):
        stored = json.loads(path.read_bytes())
        stored["record"]["content"] = stored["record"]["content"].replace("Wärmeplanung", "Wasserstoff")
        path.write_text(json.dumps(stored), encoding="utf-8")


def altered_bundle_file(cache: Path) -> None:
    fragment = next(p for p in _bundle_files(cache) if p.suffix == ".pf_fragment")
    data = bytearray(fragment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    fragment.write_bytes(bytes(data))


def missing_bundle_file(cache: Path) -> None:
    _bundle_files(cache)[0].unlink()


def damaged_manifest(cache: Path) -> None:
    manifest = min(cache.glob("bundle-*.json"))
    manifest.write_text("{kaputt", encoding="utf-8")


@pytest.mark.parametrize("damage", [garbage_records, altered_record, altered_bundle_file, missing_bundle_file,
                                    damaged_manifest])
def test_a_damaged_search_cache_gives_the_output_of_a_build_without_cache(fixture_site, tmp_path, damage):
    cache = tmp_path / "cache"
    shutil.copytree(fixture_site.parent / "cache", cache)
    damage(cache / "search")
    out = tmp_path / "output"
    assert run_build(FIXTURE, out, CACHE_PATH=str(cache)) == 0
    assert files(out) == files(fixture_site)


def test_a_failing_pagefind_fails_the_build_and_keeps_the_output(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    before = files(out)
    page = content / "pages" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")  # Pagefind has to run
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # pagefind.service.get_executable() honours it
    assert run_build(content, out) == 1
    assert "Suchindex: Pagefind hat sich unerwartet beendet" in capsys.readouterr().err
    assert files(out) == before


def test_a_build_that_died_midway_leaves_no_index_run_behind(tmp_path, monkeypatch):
    """The next build of the same staging folder (same process) indexes its own pages, not the dead build's."""
    from feeds.generator import FeedsGenerator

    def crash(self, writer):
        raise OSError("Platte voll")

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "site" / "output"
    with monkeypatch.context() as patch:
        patch.setattr(FeedsGenerator, "generate_output", crash)  # after the content pages, before the end
        assert run_build(content, out) == 1
    from site_search import _RUNS

    for run in list(_RUNS.values()):  # let the dead build's index run end (else timing decides what it reads)
        try:
            run.wait()
        except RuntimeError:
            pass  # it may fail: its staging folder was removed under it
    page = content / "pages" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAuch per Brieftaube erreichbar.\n", encoding="utf-8")
    assert run_build(content, out) == 0
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)


def test_the_bundle_is_linked_from_the_cache_and_a_file_changed_in_the_output_is_made_again(tmp_path):
    """The output's bundle files are the cached ones (no bytes copied; an unchanged part is the same file in the
    next output). A file changed in place in the output changes the cache with it: the next build notices and
    indexes again."""
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    assert run_build(content, out) == 0
    fragment = next(p for p in _bundle_files(out.parent / "cache" / "search") if p.suffix == ".pf_fragment")
    in_output = next(p for p in (out / "pagefind").rglob(fragment.name))
    assert in_output.samefile(fragment)
    in_output.write_bytes(b"verdorben")
    assert run_build(content, out) == 0
    assert last_run()["indexed"] == 1
    fresh = tmp_path / "fresh" / "output"
    assert run_build(content, fresh) == 0
    assert files(out) == files(fresh)
