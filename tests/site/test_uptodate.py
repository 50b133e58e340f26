"""A build whose inputs and output are those of the last build ends after the check (content_model/uptodate.py);
any change of an input, or of the output, makes it a real build whose output equals a fresh build's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

FIXTURE = ROOT / "tests/feeds/content"
PAGE = "kontakt/index.html"


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def times(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the fixture content and of the theme, built once: the folder holding both."""
    shutil.copytree(FIXTURE, tmp_path / "content")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    assert build(tmp_path) == 0
    return tmp_path


def build(site: Path, **overrides) -> int:
    return run_build(site / "content", site / "build" / "output", skip_unchanged=True, THEME=str(site / "theme"),
                     **overrides)


def skipped(capsys) -> bool:
    err = capsys.readouterr().err
    assert ("Unverändert" in err) != ("Fertig" in err), err
    return "Unverändert" in err


def test_nothing_changed_skips_the_build_and_leaves_the_output_alone(site, capsys):
    capsys.readouterr()
    out = site / "build" / "output"
    before, stamps = files(out), times(out)
    assert build(site) == 0
    assert skipped(capsys)
    assert files(out) == before and times(out) == stamps
    assert build(site) == 0 and skipped(capsys)


def content_edit(site: Path) -> dict:
    page = site / "content" / "pages" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAuch per Brieftaube erreichbar.\n", encoding="utf-8")
    return {}


def new_file(site: Path) -> dict:
    shutil.copy(site / "content" / "pages" / "kontakt.md", site / "content" / "pages" / "kontakt-kopie.md")
    page = site / "content" / "pages" / "kontakt-kopie.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "slug: kopie\ntitle: Kopie von ", 1),
                    encoding="utf-8")
    return {}


def template_edit(site: Path) -> dict:
    page = site / "theme" / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<article ", "<p hidden>neu</p><article ", 1),
                    encoding="utf-8")
    return {}


def static_edit(site: Path) -> dict:
    [sheet] = sorted((site / "theme" / "static").rglob("*.css"))[:1]
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n/* geändert */\n", encoding="utf-8")
    return {}


def email_template_edit(site: Path) -> dict:
    [template] = sorted((site / "theme" / "email").rglob("*.mjml.j2"))[:1]
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return {}


def setting(site: Path) -> dict:
    return {"SITESUBTITLE": "Ein anderer Untertitel"}


def build_date(site: Path) -> dict:
    return {"BUILD_DATE": "2026-12-24"}


def output_file_deleted(site: Path) -> dict:
    (site / "build" / "output" / PAGE).unlink()
    return {}


def output_file_rewritten(site: Path) -> dict:
    path = site / "build" / "output" / PAGE
    path.write_text(path.read_text(encoding="utf-8") + "<!-- von Hand -->", encoding="utf-8")
    return {}


def output_file_added(site: Path) -> dict:
    (site / "build" / "output" / "fremd.html").write_text("<p>fremd</p>", encoding="utf-8")
    return {}


def record_damaged(site: Path) -> dict:
    [record] = (site / "build" / "cache").glob("uptodate-*.json")
    stored = json.loads(record.read_text(encoding="utf-8"))
    stored["result"]["key"] = "0" * 64  # well-formed, but not what was stored: the checksum tells
    record.write_text(json.dumps(stored), encoding="utf-8")
    return {}


@pytest.mark.parametrize("change", [content_edit, new_file, template_edit, static_edit, email_template_edit,
                                    setting, build_date, output_file_deleted, output_file_rewritten,
                                    output_file_added, record_damaged])
def test_any_change_makes_a_real_build_equal_to_a_fresh_one(site, tmp_path, capsys, change):
    overrides = change(site)
    capsys.readouterr()
    assert build(site, **overrides) == 0
    assert not skipped(capsys)
    fresh = tmp_path / "fresh" / "output"
    assert run_build(site / "content", fresh, THEME=str(site / "theme"), **overrides) == 0
    assert files(site / "build" / "output") == files(fresh)
    assert files(site / "build" / "newsletter") == files(fresh.parent / "newsletter")
    capsys.readouterr()
    assert build(site, **overrides) == 0 and skipped(capsys)  # and now it is up to date again


def test_a_failed_build_leaves_the_record_true(site, capsys):
    """The failed build changed nothing: once its cause is undone, the output is still the recorded one."""
    page = site / "content" / "pages" / "kontakt.md"
    original = page.read_bytes()
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "title: [kaputt", 1), encoding="utf-8")
    assert build(site) == 1
    page.write_bytes(original)
    os.utime(page)
    capsys.readouterr()
    assert build(site) == 0 and skipped(capsys)


def test_a_deleted_newsletter_artifact_makes_a_real_build(tmp_path, capsys):
    """The newsletter artifacts are a tree the build writes too (the fixture above has no issue: the sample has)."""
    out = tmp_path / "site" / "output"
    assert run_build(ROOT / "content", out, skip_unchanged=True) == 0
    artifacts = out.parent / "newsletter"
    before = files(artifacts)
    victim = next(p for p in sorted(artifacts.rglob("*.html")))
    victim.unlink()
    capsys.readouterr()
    assert run_build(ROOT / "content", out, skip_unchanged=True) == 0
    assert not skipped(capsys)
    assert files(artifacts) == before


@pytest.mark.parametrize("skip", [True, False])
def test_a_file_saved_during_a_build_and_undone_before_the_next_gives_the_full_builds_output(tmp_path, monkeypatch,
                                                                                          skip):
    """An editor saves while a build runs (livereload) and undoes the save before the next build starts. The
    check's digest (check_key, at the build's start) is paired with the bytes Pelican read later: the reader cache,
    the page and calendar keys and the no-change record hold the newer text under the older file's digest."""
    from content_model import build as build_module

    content = small(tmp_path)
    event = content / "events" / "winter.md"
    v2 = event.read_text(encoding="utf-8").replace('title: "', 'title: "Zwei ', 1)
    v3 = v2.replace("Zwei ", "Drei ", 1)
    out = tmp_path / "site" / "output"
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    event.write_text(v2, encoding="utf-8")
    real = build_module.check_key

    def saved_meanwhile(*args):
        key = real(*args)
        event.write_text(v3, encoding="utf-8")  # the editor's next save, after the check read the file
        return key

    monkeypatch.setattr(build_module, "check_key", saved_meanwhile)
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    monkeypatch.setattr(build_module, "check_key", real)
    event.write_text(v2, encoding="utf-8")  # undo, before the next build
    assert run_build(content, out, SEARCH_INDEX=False, skip_unchanged=skip) == 0
    full = tmp_path / "full" / "output"
    assert run_build(content, full, SEARCH_INDEX=False) == 0
    first, second = files(out), files(full)
    assert [name for name in first if first[name] != second.get(name)] == []


def small(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "feeds" / "content", content)
    return content


def test_a_file_saved_during_a_build_after_pelican_read_it_is_built_anew_by_the_next_build(tmp_path):
    """The save comes after the reader took the file (while pages are written): this build's pages show the
    older text, and their keys must say so, or the next build would take them as they are."""
    from pelican import signals

    content = small(tmp_path)
    event = content / "events" / "winter.md"
    out = tmp_path / "site" / "output"
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    event.write_text(event.read_text(encoding="utf-8").replace('title: "', 'title: "Zwei ', 1), encoding="utf-8")
    newer = event.read_text(encoding="utf-8").replace("Zwei ", "Drei ", 1)

    def saved_meanwhile(*args, **kwargs):
        event.write_text(newer, encoding="utf-8")  # the editor's next save, after every file was read

    signals.all_generators_finalized.connect(saved_meanwhile)
    try:
        assert run_build(content, out, SEARCH_INDEX=False) == 0
    finally:
        signals.all_generators_finalized.disconnect(saved_meanwhile)
    assert "Zwei" in (out / "veranstaltungen/wintertagung/index.html").read_text(encoding="utf-8")
    assert run_build(content, out, SEARCH_INDEX=False) == 0
    full = tmp_path / "full" / "output"
    assert run_build(content, full, SEARCH_INDEX=False) == 0
    first, second = files(out), files(full)
    assert [name for name in first if first[name] != second.get(name)] == []


@pytest.mark.parametrize("path, top", [("/a/b/c.html", "/a/b"), ("/a/bc/d", "/a/b"), ("/a/b/c", "/a/b/"),
                                       ("/a/b", "/a/b"), ("/x/y", "/a/b"), ("rel/x/y", "rel")])
def test_relative_paths_of_a_walk_are_those_of_relpath(path, top):
    import os

    from content_model.checkcache import relative

    assert relative(path, top) == os.path.relpath(path, top)
