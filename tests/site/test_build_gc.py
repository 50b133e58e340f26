"""A rebuild pauses Python's cycle collector while it runs (content_model/build.py), a first build does not (its
peak memory would grow), and both leave it as they found it: a livereload server builds again and again in one
process, and must not keep collecting switched off."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import run_build
from tests.site.test_validation import write
from tests.site.test_validation_gate import FAST, GOOD


@pytest.mark.parametrize("before", [True, False])
def test_the_collector_is_left_as_it_was(tmp_path, before):
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    seen = []
    from pelican import signals

    def during(*args, **kwargs):
        seen.append(gc.isenabled())

    signals.all_generators_finalized.connect(during)
    (gc.enable if before else gc.disable)()
    try:
        assert run_build(content, out, **FAST) == 0
        assert gc.isenabled() is before
        assert run_build(content, out, **FAST) == 0
        assert gc.isenabled() is before
    finally:
        signals.all_generators_finalized.disconnect(during)
        gc.enable()
    assert seen == [before, False]  # the first build as it found it, the rebuild paused
