"""Site search (plugins/site_search): Pagefind index of the content pages, search page and header form."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, run_build

FIXTURE = ROOT / "tests/feeds/content"
SITEURL = "http://127.0.0.1:8000"  # pelicanconf's development SITEURL: the browser routes it to the test server


def bundle_files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "pagefind").rglob("*"))
            if p.is_file()}


def test_index_holds_the_content_pages_only(fixture_site):
    parts = json.loads((fixture_site / "pagefind/parts.json").read_text(encoding="utf-8"))
    counts = []
    for folder in ("", *parts):
        entry = json.loads((fixture_site / "pagefind" / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["de"]  # one German index (stemming)
        counts.append(entry["languages"]["de"]["page_count"])
    assert sum(counts) == 8  # 7 articles + 1 page; no listings, no search page
    assert (fixture_site / "pagefind/pagefind-ui.js").exists() and (fixture_site / "pagefind/pagefind-ui.css").exists()


def test_only_content_pages_carry_the_index_mark(fixture_site):
    """Pagefind indexes only marked pages once any page is marked: content pages yes, listings no."""
    from site_search.indexer import BODY_MARK

    page = (fixture_site / "interviews/warum-die-waermeplanung-zeit-braucht/index.html").read_text(encoding="utf-8")
    assert page.count(BODY_MARK) == 1
    for listing in ("index.html", "interviews/index.html", "suche/index.html", "archiv/index.html"):
        assert BODY_MARK not in (fixture_site / listing).read_text(encoding="utf-8"), listing


def test_index_is_byte_identical_across_builds(fixture_site, tmp_path):
    again = tmp_path / "output"
    assert run_build(FIXTURE, again) == 0
    first, second = bundle_files(fixture_site), bundle_files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_header_form_and_search_page(fixture_site):
    # Relative to the page (any port works); the 404 page is served for any address: root-relative.
    for path, action in (("index.html", "./suche/"), ("interviews/warum-die-waermeplanung-zeit-braucht/index.html",
                                                      "../../suche/"), ("404.html", "/suche/")):
        doc = lxml.html.fromstring((fixture_site / path).read_bytes())
        [form] = doc.xpath('//form[@role="search"]')
        assert form.get("action") == action and form.get("method") == "get"
        field = form.xpath('.//input[@name="q"]')[0]
        assert doc.xpath(f'//label[@for="{field.get("id")}"]'), "the search field needs a label"
    search = (fixture_site / "suche/index.html").read_text(encoding="utf-8")
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in search
    assert 'new URLSearchParams(window.location.search).get("q")' in search
    assert '<html lang="de">' in search


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(sample_site):
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def in_browser(served: str, steps) -> list[str]:
    """Run ``steps(page)`` in a headless Chromium; returns what went wrong on the way (console errors, external
    requests). Playwright's sync API runs in a thread of its own: other test folders keep a session browser (and
    its event loop) open in the main thread, and the sync API refuses to start inside a running loop."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}", pytrace=False)

    def run() -> list[str]:
        from playwright.sync_api import sync_playwright

        problems: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith(SITEURL):
                r.continue_(url=served + url[len(SITEURL):])
            else:
                problems.append(f"external request: {url}")
                r.abort()

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(locale="de-DE")
                context.route("**/*", route)
                page = context.new_page()
                page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                steps(page)
            finally:
                browser.close()
        return problems

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def result_titles(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    return [link.inner_text().strip() for link in page.query_selector_all(".pagefind-ui__result-link")]


def test_header_search_with_umlaut_finds_the_interview(served):
    assert in_browser(served, header_search) == []


def header_search(page) -> None:
    page.goto(f"{SITEURL}/", wait_until="load")
    page.fill("header input[name=q]", "Wärmeplanung")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{SITEURL}/suche/?q={quote('Wärmeplanung')}")
    titles = result_titles(page)
    assert "Wärmeplanung ist kein Gutachten für die Schublade" in titles[:3], titles
    assert "Kommunale Wärmeplanung: Was die ersten Pläne im Netzwerk zeigen" in titles, titles
    link = page.query_selector(".pagefind-ui__result-link")
    assert link.get_attribute("href").startswith("/") and link.get_attribute("href").endswith("/")


def test_typing_in_the_search_page(served):
    assert in_browser(served, search_page) == []


def search_page(page) -> None:
    page.goto(f"{SITEURL}/suche/", wait_until="load")
    page.wait_for_selector(".pagefind-ui__search-input")
    page.fill(".pagefind-ui__search-input", "Notfallübungen")
    titles = result_titles(page)
    assert titles[0] == "Notfallübungen bringen mehr als jedes Handbuch", titles
    page.click(".pagefind-ui__result-link >> nth=0")
    page.wait_for_url(f"{SITEURL}/interviews/notfalluebungen-bringen-mehr-als-jedes-handbuch/")


def test_the_search_page_finds_pages_in_every_part_of_the_index(tmp_path):
    """Three pages a part (8 pages, 3 parts): the page searches the merged parts, so a page of the last part is
    found by its title (without parts.json only the first part would answer)."""
    from site_search.worker import split

    out = tmp_path / "output"
    assert run_build(FIXTURE, out, SEARCH_PART_PAGES=3, SEARCH_RECENT_DAYS=0) == 0
    urls = sorted(f"/{p.parent.relative_to(out).as_posix()}/" for p in out.rglob("index.html")
                  if 'data-pagefind-body' in p.read_text(encoding="utf-8"))
    parts = split([(url,) for url in urls], 3)
    assert len(parts) == 3 and all(parts)
    url = parts[-1][0][0]
    title = lxml.html.fromstring((out / url.strip("/") / "index.html").read_bytes()).xpath("string(//h1)").strip()
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def steps(page) -> None:
        page.goto(f"{SITEURL}/suche/?q={quote(title)}", wait_until="load")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        hrefs = [link.get_attribute("href") for link in page.query_selector_all(".pagefind-ui__result-link")]
        assert url in hrefs, (url, hrefs)

    try:
        assert in_browser(f"http://127.0.0.1:{httpd.server_address[1]}", steps) == []
    finally:
        httpd.shutdown()
        httpd.server_close()
