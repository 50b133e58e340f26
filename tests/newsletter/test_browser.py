"""The e-mail and the web version in Chromium: nothing wider than the viewport, every image with alt text.

Screenshots go to test-artifacts/screenshots/newsletter-*.png (git-ignored) for a human look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.newsletter.content import SITEURL

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TOO_WIDE = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && (r.right > innerWidth + 1 || r.left < -1);
}).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def open_page(browser, site: Path, url: str, width: int, blocked: list, **options):
    """Open ``url``; requests to SITEURL are answered from the built site, anything else is blocked."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE", **options)

    def route(request_route):
        url_ = request_route.request.url
        if url_.startswith("file:") or url_.startswith("data:"):
            return request_route.continue_()
        if url_.startswith(SITEURL + "/"):
            path = site / "output" / url_[len(SITEURL) + 1:].split("?")[0].split("#")[0]
            path = path / "index.html" if path.is_dir() else path
            if path.is_file():
                return request_route.fulfill(path=str(path))
        blocked.append(url_)
        return request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


CASES = [("email", 375), ("email", 600), ("web", 375), ("web", 1280), ("archive", 375)]


@pytest.mark.parametrize("what,width", CASES, ids=[f"{w}-{px}" for w, px in CASES])
def test_in_browser(browser, newsletter_site, what, width):
    url = {"email": (newsletter_site / "newsletter" / "2026-11" / "email.html").as_uri(),
           "web": f"{SITEURL}/newsletter/2026-11/", "archive": f"{SITEURL}/newsletter/archiv/"}[what]
    blocked: list = []
    context, page = open_page(browser, newsletter_site, url, width, blocked)
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"newsletter-{what}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(TOO_WIDE) == []
        images = page.evaluate("Array.from(document.images).map(i => [i.src, i.alt, i.naturalWidth])")
        assert all(alt.strip() for _src, alt, _w in images), f"image without alt text: {images}"
        assert all(natural > 0 for _src, _alt, natural in images), f"image did not load: {images}"
        if what == "email":
            assert [src.rsplit(".", 2)[0] for src, _alt, _w in images] == [f"{SITEURL}/images/foto-640"]
        assert blocked == []
    finally:
        context.close()


def test_email_dark_mode_screenshot(browser, newsletter_site):
    url = (newsletter_site / "newsletter" / "2026-11" / "email.html").as_uri()
    context, page = open_page(browser, newsletter_site, url, 600, [], color_scheme="dark")
    try:
        page.screenshot(path=str(SCREENSHOTS / "newsletter-email-600-dark.png"), full_page=True)
        background = page.evaluate("getComputedStyle(document.querySelector('.nb-card')).backgroundColor")
        assert background == "rgb(27, 37, 41)"  # the dark card colour of theme/email/head.css
    finally:
        context.close()
