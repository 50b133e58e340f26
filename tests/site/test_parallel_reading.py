"""Markdown converted in worker processes (plugins/speedups/parallel.py) gives the output of a build without them."""

from __future__ import annotations

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
