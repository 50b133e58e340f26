"""The photo report in Chromium: page weight on a phone, the gallery's large view, accessibility (axe-core)."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading

import pytest

from tests.browser.conftest import PageRun, axe_source, vnu_command  # noqa: F401 - the fixtures, shared
from tests.browser.test_theme_browser import run_axe
from tests.images.site import REPORT_URL

SITEURL = "http://127.0.0.1:8000"
BUDGET = 350 * 1024  # bytes at 375 px, first screen and scrolled to the bottom (the limit)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


@pytest.fixture(scope="module")
def report_server(image_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(image_site.out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def open_report(browser, report_server):
    contexts = []

    def _open(width=375, height=812, **options) -> PageRun:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE", **options)
        contexts.append(context)
        run = PageRun(context, SITEURL, report_server)
        run.goto(REPORT_URL)
        return run

    yield _open
    for context in contexts:
        context.close()


def transferred(page) -> int:
    return page.evaluate("""() => performance.getEntriesByType('navigation').concat(
        performance.getEntriesByType('resource')).reduce((sum, e) => sum + e.transferSize, 0)""")


@pytest.mark.parametrize("scale", [1, 2])
def test_report_weighs_at_most_350_kb_on_a_phone(open_report, scale):
    run = open_report(device_scale_factor=scale)
    page = run.page
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 812, 400):  # scroll like a reader, so lazy images load
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    images = page.evaluate("performance.getEntriesByType('resource').filter(e => e.initiatorType === 'img')"
                           ".map(e => e.name)")
    names = {url.rsplit("/", 1)[1].split("-")[0] for url in images}
    assert names == {"halle", "muffe", "gruppe"}, images  # lead, inline and gallery photos all loaded
    assert all(".webp" in url for url in images), images
    total = transferred(page)
    print(f"report page at 375 px, device scale {scale}: {total / 1024:.0f} KB")
    assert total <= BUDGET, f"{total / 1024:.0f} KB > 350 KB"
    assert not run.problems, run.problems


def test_gallery_opens_large_in_a_dialog_and_closes_with_escape(open_report):
    page = open_report(width=1280, height=900).page
    link = page.locator(".gallery__link").first
    href = link.evaluate("a => a.href")  # resolved: development pages link from the site's root
    link.click()
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("img").get_attribute("src") == href and "-1600." in href
    assert dialog.locator("img").get_attribute("alt") == "Blick in die Werkstatthalle"
    assert "Foto: Jana Roth" in dialog.locator("figcaption").inner_text()
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('gallery__link')")


def test_gallery_works_without_javascript(open_report):
    page = open_report(java_script_enabled=False).page
    href = page.locator(".gallery__link").first.evaluate("a => a.href")
    page.locator(".gallery__link").first.click()
    page.wait_for_load_state("load")
    assert page.url == href and href.endswith(".webp")


@pytest.mark.parametrize("width", [375, 1280])
def test_gallery_page_has_no_axe_violations(open_report, axe_source, width):
    run = open_report(width=width)
    violations = run_axe(run.page, axe_source)
    assert not violations, "\n".join(violations)
    run.page.locator(".gallery__link").first.click()  # and with the large view open
    violations = run_axe(run.page, axe_source)
    assert not violations, "dialog open:\n" + "\n".join(violations)
    assert not run.problems, run.problems


def test_report_page_is_valid_html(image_site, vnu_command):
    page = image_site.out / REPORT_URL.strip("/") / "index.html"
    result = subprocess.run([*vnu_command, str(page)], capture_output=True, text=True, timeout=300)
    output = result.stderr.strip() or result.stdout.strip()
    errors = [f"{m.get('lastLine')}: {m['message']}" for m in (json.loads(output)["messages"] if output else [])
              if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)
