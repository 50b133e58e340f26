"""Markdown converted in worker processes (plugins/speedups/parallel.py) gives the output of a build without them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_build
from tests.newsletter.content import FAST
from tests.site.test_incremental import files


def test_a_cold_build_on_all_cores_equals_one_in_a_single_process(tmp_path):
    from speedups.parallel import LAST_RUN

    parallel, single = tmp_path / "parallel" / "output", tmp_path / "single" / "output"
    assert run_build(ROOT / "content", parallel, SPEEDUPS_WORKERS=2, **FAST) == 0
    assert LAST_RUN["in_workers"] >= 5  # the sample's articles and interviews, about half of them in the worker
    assert run_build(ROOT / "content", single, SPEEDUPS_WORKERS=1, **FAST) == 0
    assert LAST_RUN["in_workers"] == 0
    first, second = files(parallel), files(single)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert files(parallel.parent / "newsletter") == files(single.parent / "newsletter")


def test_a_file_saved_after_a_worker_read_it_is_read_again_by_the_next_build(tmp_path, monkeypatch):
    """An editor saves a file during a build, after a worker converted it and before the build process put the
    result into the reader cache (``_store``; a ``git checkout`` while the preview builds). The entry was stamped
    with the new bytes' digest, so the next build, in this process or another, took the old text for the saved
    file, and so did every build after it."""
    from content_model.checkcache import USED
    from speedups import parallel
    from tests.site.test_incremental import edit
    from tests.site.test_incremental_keys import assert_equals_full_build
    from tests.site.test_incremental_listings import twelve

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)
    saved, store = [], parallel._store

    def saving_meanwhile(readers, path, data, *rest):
        if not saved and data is not None and path not in USED:  # a worker's result: USED is the build process's
            saved.append(path)
            edit(Path(path), "Ein Absatz Text.", "Ein Absatz Text. Während des Builds gespeichert.")
        return store(readers, path, data, *rest)

    monkeypatch.setattr(parallel, "_store", saving_meanwhile)
    assert run_build(content, out, SPEEDUPS_WORKERS=2, **FAST) == 0
    assert saved and parallel.LAST_RUN["in_workers"] >= 1
    monkeypatch.setattr(parallel, "_store", store)
    assert run_build(content, out, SPEEDUPS_WORKERS=2, **FAST) == 0
    page = out / "fachbeitraege" / Path(saved[0]).stem / "index.html"
    assert "Während des Builds gespeichert." in page.read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "saved-meanwhile", SPEEDUPS_WORKERS=2)
