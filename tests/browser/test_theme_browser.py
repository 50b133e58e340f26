"""The theme in a real browser: no console errors, no horizontal scrolling, no axe violations, valid HTML.

Pages of every kind at a phone (375 px) and a desktop (1280 px) width; screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.browser.nu import nu_errors

PAGES = {
    "home": "/",
    "interview": "/interviews/notfalluebungen-bringen-mehr-als-jedes-handbuch/",
    "announcement": "/veranstaltungen/netzwerktreffen-kv-mitte-2027/",
    "announcement-online": "/veranstaltungen/digitalforum-kv-mitte-2028/",
    "announcement-past": "/veranstaltungen/netzwerktreffen-kv-mitte-2025/",
    "report": "/veranstaltungen/netzwerktreffen-2025-viel-praxis-klare-botschaften/",
    "article": "/fachbeitraege/kommunale-waermeplanung-was-die-ersten-plaene-im-netzwerk-zeigen/",
    "listing-interviews": "/interviews/",
    "listing-events": "/veranstaltungen/",
    "tag": "/themen/netze/",
    "archive": "/archiv/",
}
WIDTHS = (375, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, axe_source) -> list[str]:
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
                           AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["target"][0] if len(n["target"]) == 1
                                                                   else str(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_in_browser(open_page, axe_source, screenshots, name, width):
    run = open_page(width=width)
    page = run.goto(PAGES[name])
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert scroll_width <= inner_width, f"{name} scrolls horizontally at {width} px: {scroll_width} > {inner_width}"
    violations = run_axe(page, axe_source)
    assert not violations, f"{name} at {width} px:\n" + "\n".join(violations)
    assert not run.problems, f"{name} at {width} px:\n" + "\n".join(run.problems)


def test_no_horizontal_scrolling_at_320px(open_page):
    run = open_page(width=320)
    wide = []
    for name, path in PAGES.items():
        page = run.goto(path)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append(name)
    assert wide == [], f"these pages scroll horizontally at 320 px: {wide}"


@pytest.mark.parametrize("name", ["home", "interview", "announcement", "listing-events"])
def test_dark_mode_contrast(open_page, axe_source, screenshots, name):
    run = open_page(width=1280, color_scheme="dark")
    page = run.goto(PAGES[name])
    page.screenshot(path=str(screenshots / f"{name}-1280-dark.png"), full_page=True)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "prefers-color-scheme: dark has no effect"
    violations = run_axe(page, axe_source)
    assert not violations, f"{name} (dark):\n" + "\n".join(violations)


def test_skip_link_is_first_and_visible_on_focus(open_page):
    page = open_page(width=375).goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const el = document.activeElement, r = el.getBoundingClientRect();
        return {cls: el.className, href: el.getAttribute('href'), top: r.top, height: r.height,
                outline: getComputedStyle(el).outlineStyle}; }""")
    assert focused["cls"] == "skip-link" and focused["href"] == "#inhalt"
    assert focused["top"] >= 0 and focused["height"] >= 24, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_programme_stacks_on_narrow_screens_and_stays_a_table_on_wide(open_page):
    narrow = open_page(width=375).goto(PAGES["announcement"])
    assert narrow.evaluate("getComputedStyle(document.querySelector('.programme__table')).display") == "block"
    label = narrow.evaluate("""getComputedStyle(document.querySelector('.programme__table td[data-label]'),
                               '::before').content""")
    assert "Track" in label, "stacked cells show their track"
    wide = open_page(width=1280).goto(PAGES["announcement"])
    assert wide.evaluate("getComputedStyle(document.querySelector('.programme__table')).display") == "table"
    fits = wide.evaluate("""(() => { const t = document.querySelector('.programme__table');
                             return t.getBoundingClientRect().right <= t.parentElement.getBoundingClientRect().right; })()""")
    assert fits, "the programme fits its column at 1280 px"
    # Parallel tracks side by side: the two cells of a track row share one line.
    tops = wide.evaluate("""[...document.querySelector('.programme__table tbody tr:not(.programme__plenary)')
                              .querySelectorAll('td')].map(td => Math.round(td.getBoundingClientRect().top))""")
    assert len(tops) == 2 and tops[0] == tops[1]


def test_print_style(open_page):
    run = open_page(width=375)
    page = run.goto(PAGES["announcement"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.site-nav', '.site-footer', '.share', '.prev-next', '.skip-link']
        .map(s => [s, getComputedStyle(document.querySelector(s)).display])""")
    assert all(display == "none" for _, display in hidden), hidden
    assert page.evaluate("getComputedStyle(document.querySelector('.programme__table')).display") == "table"
    colour = page.evaluate("getComputedStyle(document.querySelector('.entry-content p')).color")
    assert colour == "rgb(0, 0, 0)"
    after = page.evaluate("""getComputedStyle(document.querySelector('.exhibitor-list a[href^="http"]'),
                             '::after').content""")
    assert "https://" in after, "printed links show their address"


def test_reduced_motion_is_respected(open_page):
    page = open_page(width=1280, reduced_motion="reduce").goto("/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-nav a')).transitionDuration") == "0s"


def test_targets_are_at_least_24px(open_page):
    """Navigation, chips, share and pagination links (not links inside running text)."""
    page = open_page(width=375).goto(PAGES["interview"])
    small = page.evaluate("""[...document.querySelectorAll(
            '.site-nav a, .site-footer a, .chips a, .share__list a, .prev-next a, .pagination a, .button')]
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
        .filter(([, h]) => h < 24)""")
    assert not small, small


def test_html_is_valid(sample_site, vnu_command):
    """The Nu HTML Checker finds no errors in any page of the sample site (one JVM for all files)."""
    files = sorted(sample_site.rglob("*.html"))
    assert len(files) > 20
    errors = nu_errors(vnu_command, files, base=sample_site)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:50])
