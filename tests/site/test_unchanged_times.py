"""A rebuild keeps the modification time of every output file whose bytes did not change, and only of those."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import ROOT, run_build
from tests.site.test_incremental import edit, files

OLD = 978_307_200 * 10**9  # 2001-01-01, in nanoseconds: no build writes a file with this time


def times(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_unchanged_files_keep_their_time_and_changed_ones_get_a_new_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site" / "output"
    assert run_build(content, out) == 0
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))
    before = files(out)
    edit(content / "articles/gemeinsame-beschaffung-wie-mitglieder-zaehler-und-transformatoren-buendeln.md",
         "\n---\n", "\n---\nEin neuer erster Absatz.\n\n")
    assert run_build(content, out) == 0
    after, stamps = files(out), times(out)
    same = [name for name in after if before.get(name) == after[name]]
    changed = [name for name in after if before.get(name) != after[name]]
    assert len(same) > 100 and "fachbeitraege/gemeinsame-beschaffung-wie-mitglieder-zaehler-und-transformatoren-" \
        "buendeln/index.html" in changed
    assert [name for name in same if stamps[name] != OLD] == []
    assert [name for name in changed if stamps[name] == OLD] == []
