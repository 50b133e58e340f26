"""SEARCH_RECENT_DAYS (plugins/site_search/__init__.py ``_run``) is read with a bare ``int()``: a value that is
no number of days fails the build with Python's words ("invalid literal for int()", "date value out of range")
instead of naming the setting."""

from __future__ import annotations

import pytest

from tests.conftest import run_build
from tests.site.test_validation import write
from tests.site.test_validation_gate import GOOD


@pytest.mark.parametrize("value", ["sechzig", 10 ** 6])
def test_a_bad_recent_days_setting_is_named(tmp_path, capsys, value):
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    assert run_build(content, out, SEARCH_RECENT_DAYS=value) == 1
    err = capsys.readouterr().err
    assert "SEARCH_RECENT_DAYS" in err
    assert not out.exists()
