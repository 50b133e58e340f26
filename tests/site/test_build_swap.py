"""A successful rebuild swaps the new output and newsletter artifacts in and leaves nothing else behind."""

from __future__ import annotations

import time

from tests.conftest import run_build
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
    assert not [p.name for p in tmp_path.iterdir() if ".building-" in p.name]
    # The replaced trees (<name>.old-<pid>) are removed by a detached process, off the build's critical path.
    deadline = time.monotonic() + 60
    while any(".old-" in p.name for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "newsletter", "output"]
