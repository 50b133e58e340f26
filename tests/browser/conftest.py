"""Browser fixtures: the sample site on a local HTTP server and a headless Chromium (Playwright, system browser).

The built pages carry absolute URLs under the development SITEURL (http://127.0.0.1:8000). The browser context
routes that origin to the test's own server on a free port, so pages, CSS and images load exactly as written; any
request to another origin (a CDN, a web font, a tracker) is blocked and recorded.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def require(condition: bool, message: str) -> None:
    """The browser checks are acceptance tests: a missing tool is a failure, not a skip."""
    if not condition:
        pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def site_url() -> str:
    from pelicanconf import SITEURL

    return SITEURL.rstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@pytest.fixture(scope="session")
def server(sample_site: Path):
    """Serve the built sample site on 127.0.0.1 and a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    require(AXE.exists(), f"{AXE.relative_to(ROOT)} is missing: run `npm ci --ignore-scripts` in the project folder "
                          "(or `make test`).")
    return AXE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class PageRun:
    """One page in one browser context, with everything that went wrong while it loaded."""

    def __init__(self, context, site_url: str, server: str):
        self.context, self.site_url, self.server = context, site_url, server
        self.problems: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.site_url + "/") or url == self.site_url:
            route.continue_(url=self.server + url[len(self.site_url):])
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"external request blocked: {url}")
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def goto(self, path: str):
        response = self.page.goto(self.site_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page


@pytest.fixture
def open_page(browser, server, site_url):
    """open_page(path, width, **context options) → PageRun; contexts are closed after the test."""
    contexts = []

    def _open(width: int = 1280, height: int = 900, **options) -> PageRun:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE", **options)
        contexts.append(context)
        return PageRun(context, site_url, server)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu HTML Checker's command line, without the files to check."""
    java = shutil.which("java")
    require(java is not None, "Java is missing: `make test` installs default-jre-headless for the Nu HTML Checker.")
    require(VNU.exists(), f"{VNU.relative_to(ROOT)} is missing: run `npm ci --ignore-scripts` in the project folder "
                          "(or `make test`).")
    return [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
