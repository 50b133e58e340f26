"""Shared fixtures: real Pelican builds of fixture or sample content, with the build date pinned."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

BUILD_DATE = "2026-11-23"  # every test build sees this day as "today"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package: no browser download is possible here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Captured output may hold a file name that is not UTF-8 (a lone surrogate, tests of such names): written with
    escapes, so a report can travel from a pytest-xdist worker."""
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, text.encode("utf-8", "backslashreplace").decode("utf-8"))
                       for title, text in report.sections]


@pytest.fixture(autouse=True)
def _pin_build_date(monkeypatch):
    monkeypatch.setenv("NETZBRIEF_BUILD_DATE", BUILD_DATE)


def run_build(content: Path, out: Path, *, date: str = BUILD_DATE, settings: str = "pelicanconf.py",
              skip_unchanged: bool = False, **overrides) -> int:
    """Build ``content`` into ``out`` (and newsletter artifacts into ``out.parent/newsletter``); return exit code.

    Every build runs Pelican unless ``skip_unchanged``: the tests of the caches inside the build need a rebuild
    with nothing changed to run them (tests/site/test_uptodate.py tests the skip itself)."""
    from content_model.build import build

    values = {"PATH": str(content), "OUTPUT_PATH": str(out), "BUILD_DATE": date,
              "NEWSLETTER_ARTIFACTS_PATH": str(out.parent / "newsletter"),
              "CACHE_PATH": str(out.parent / "cache"), "IMAGES_CACHE_PATH": str(out.parent / "image-cache")}
    values.update(overrides)
    return build(ROOT / settings, overrides=values, skip_unchanged=skip_unchanged)


def settled(folder: Path, timeout: float = 60) -> list[str]:
    """The names in ``folder`` once no replaced tree (``*.old-*``, removed by a detached process after the swap)
    is left, or as they are after ``timeout`` seconds (a test comparing the list then fails on the leftover)."""
    deadline = time.monotonic() + timeout
    while any(".old-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content of content/ built once per session; returns the output folder."""
    base = tmp_path_factory.mktemp("sample")
    out = base / "output"
    assert run_build(ROOT / "content", out) == 0
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The feed/calendar/search fixture content (tests/feeds/content) built once per session."""
    out = tmp_path_factory.mktemp("fixture-site") / "output"
    assert run_build(ROOT / "tests" / "feeds" / "content", out) == 0
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the sample content, for tests that edit or break it."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright's sync API allows one event loop per thread)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs the Debian package chromium.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def ses_endpoint():
    """moto's SES v2 server in its own process, once per session (tests/servers/ses.py)."""
    from tests.servers.ses import SesServer

    with SesServer() as server:
        yield server


@pytest.fixture
def ses(ses_endpoint):
    """The SES server, emptied for this test."""
    ses_endpoint.reset()
    yield ses_endpoint
