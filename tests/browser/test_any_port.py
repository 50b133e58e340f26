"""A development build works on any port: `invoke serve --port N` (the real local server: the site and the sign-up
endpoint) on a random port, pages, assets, links, the form's target and search in Chromium, with no request to the
build's own SITEURL (http://127.0.0.1:8000)."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

from delivery.subscriptions import paths
from tests.conftest import ROOT

SKIP = ("mailto:", "tel:", "webcal:", "#", "javascript:")
ABSOLUTE_ALLOWED = {"canonical"}  # link relations that must name the absolute URL (metadata, never followed)


ENDPOINT_ROUTES = {paths.SIGNUP, paths.CONFIRM, paths.unsubscribe_route("/abmelden/?token={token}")}


@pytest.fixture(scope="module")
def served(sample_site, tmp_path_factory):
    """What `invoke serve` runs (delivery.subscriptions.cli), on port 0: whatever is free, never 8000."""
    from delivery.subscriptions.cli import make_site_app
    from delivery.subscriptions.local import make_local_server

    mail = tmp_path_factory.mktemp("any-port")
    app, endpoint = make_site_app(ROOT / "pelicanconf.py", overrides={
        "OUTPUT_PATH": str(sample_site), "MAILING_OUTBOX_DIR": str(mail / "outbox"),
        "MAILING_SUBSCRIBERS_DB": str(mail / "subscribers.sqlite")})
    httpd = make_local_server(app, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()
    endpoint.close()


def page_url(origin: str, site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    if relative == "404.html":
        return f"{origin}/gibt/es/nicht/"  # the server answers any missing address with it
    return f"{origin}/{relative[:-len('index.html')] if relative.endswith('index.html') else relative}"


def target_exists(site: Path, url: str) -> bool:
    """A file of the build, or a route of the sign-up endpoint that the same server answers."""
    if urlsplit(url).path.rstrip("/") in ENDPOINT_ROUTES:
        return True
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = site / path
    return (candidate / "index.html").is_file() if path == "" or path.endswith("/") else candidate.is_file()


def test_every_link_and_asset_of_every_page_resolves_on_another_port(sample_site, served):
    broken, stuck = [], []
    for path in sorted(sample_site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        doc = lxml.html.fromstring(path.read_bytes())
        here = page_url(served, sample_site, path)
        for element, attribute in [(e, "href") for e in doc.xpath("//a[@href] | //link[@href]")] + \
                                  [(e, "src") for e in doc.xpath("//script[@src] | //img[@src]")] + \
                                  [(e, "action") for e in doc.xpath("//form[@action]")]:
            value = element.get(attribute)
            if value.startswith(SKIP) or element.get("rel") in ABSOLUTE_ALLOWED:
                continue
            if value.startswith("http://127.0.0.1"):
                stuck.append(f"{path.relative_to(sample_site)}: {value}")
                continue
            url = urljoin(here, value)
            if url.startswith(served) and not target_exists(sample_site, url):
                broken.append(f"{path.relative_to(sample_site)}: {value} → {url}")
    assert stuck == [], "links bound to the build's port:\n" + "\n".join(stuck[:20])
    assert broken == [], "links to nothing:\n" + "\n".join(broken[:20])


@pytest.fixture
def tab(browser, served):
    """A page that records failed requests and every request that leaves the served origin."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith(served + "/"):
            r.continue_()
        else:
            problems.append(f"request to another origin: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    # A request cancelled by leaving the page (ERR_ABORTED) is no failure; anything else is.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and "/gibt/es/nicht/" not in r.url  # the 404 test's own page
            and problems.append(f"{r.status}: {r.url}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page, problems
    context.close()


@pytest.mark.parametrize("path", ["/", "/veranstaltungen/netzwerktreffen-kv-mitte-2027/", "/newsletter/2026-11/",
                                  "/abonnieren/", "/themen/netze/", "/gibt/es/nicht/"])
def test_pages_load_styled_without_foreign_requests(tab, served, path):
    page, problems = tab
    page.goto(served + path, wait_until="load")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") != "inline", \
        "the stylesheet did not load"
    page.click("a.site-logo")
    page.wait_for_url(served + "/")
    assert problems == []


def test_search_works_on_another_port(tab, served):
    page, problems = tab
    page.goto(served + "/interviews/", wait_until="load")
    page.fill("header input[name=q]", "Notfallübungen")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    assert page.url.startswith(served + "/suche/?q=")
    page.click(".pagefind-ui__result-link >> nth=0")
    page.wait_for_url(served + "/interviews/notfalluebungen-bringen-mehr-als-jedes-handbuch/")
    assert problems == []
