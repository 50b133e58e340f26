"""Newsletter fixtures: the fixture content (content.py) built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build
from tests.newsletter.content import FAST, fixture_content


@pytest.fixture(scope="session")
def newsletter_site(tmp_path_factory) -> Path:
    """Build the fixture content; returns the base folder with ``output/`` and ``newsletter/`` (artifacts)."""
    base = tmp_path_factory.mktemp("newsletter-site")
    content = fixture_content(base / "content")
    assert run_build(content, base / "output", **FAST) == 0
    return base
