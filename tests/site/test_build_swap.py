"""A successful rebuild swaps the new output and newsletter artifacts in and leaves nothing else behind."""

from __future__ import annotations

from tests.conftest import run_build, settled
from tests.newsletter.content import FAST, article, issue


def test_rebuild_replaces_output_and_artifacts_without_leftovers(tmp_path):
    content, out = tmp_path / "content", tmp_path / "output"
    article(content, "erster", "2026-11-01", title="Erster Stand")
    issue(content, "2026-11", "2026-11-23", "Editorial.")
    assert run_build(content, out, **FAST) == 0
    first_manifest = (tmp_path / "newsletter" / "2026-11" / "manifest.json").read_text(encoding="utf-8")
    (content / "articles" / "erster.md").unlink()
    article(content, "zweiter", "2026-11-02", title="Zweiter Stand")
    assert run_build(content, out, **FAST) == 0
    assert not (out / "fachbeitraege" / "erster").exists(), "the old output is replaced, not merged"
    assert (out / "fachbeitraege" / "zweiter" / "index.html").is_file()
    manifest = (tmp_path / "newsletter" / "2026-11" / "manifest.json").read_text(encoding="utf-8")
    assert manifest != first_manifest and "articles/zweiter" in manifest
    assert settled(tmp_path) == ["cache", "content", "newsletter", "output"]


def test_a_process_builds_again_while_the_tree_its_last_swap_replaced_is_still_being_removed(tmp_path,
                                                                                           monkeypatch):
    """``invoke livereload`` builds in one process; a large replaced tree takes its remover longer than the next
    save takes to build, and that build failed on renaming the output to the name the old tree still had."""
    from content_model import build

    content, out = tmp_path / "content", tmp_path / "output"
    article(content, "erster", "2026-11-01", title="Erster Stand")
    assert run_build(content, out, **FAST) == 0
    real_remove_old = build._remove_old
    monkeypatch.setattr(build, "_remove_old", lambda final: None)  # the remover has not got to it yet
    for number in (2, 3):
        article(content, "erster", "2026-11-01", title=f"Stand {number}")
        assert run_build(content, out, **FAST) == 0
        assert f"Stand {number}" in (out / "fachbeitraege" / "erster" / "index.html").read_text("utf-8")
    assert len([path for path in tmp_path.iterdir() if ".old-" in path.name]) == 2
    real_remove_old(out)
    assert not [name for name in settled(tmp_path) if ".old-" in name]
