"""The sign-up as a reader does it, in Chromium: the built newsletter page, the form, the confirmation mail's link,
with and without JavaScript; axe-core and the Nu checker on every subscription page.

The site and the endpoint run in one local server (as with `make run`); the browser reaches it under the
development SITEURL, which the context routes to the server's free port (tests/browser/conftest.py PageRun).
"""

from __future__ import annotations

import subprocess
import threading

import pytest

from delivery.mail.tokens import make_token
from delivery.subscriptions import consent
from tests.browser.conftest import AXE, SCREENSHOTS, VNU, PageRun, require
from tests.browser.test_theme_browser import run_axe
from tests.subscriptions.web.webhelpers import SECRET, SITEURL, confirm_link, read_mails

EXPECTED = ("400", "410", "429", "503")  # the endpoint's answers to bad links, floods and outages are pages too
EXPECTED_ERRORS = tuple(f"HTTP {code}" for code in EXPECTED) + tuple(
    f"console error: Failed to load resource: the server responded with a status of {code}" for code in EXPECTED)


@pytest.fixture
def live(sample_site, make_settings, make_app):
    """live(**settings) -> (base URL, endpoint app): site and endpoint on one free port."""
    from delivery.subscriptions.local import SiteAndEndpoint, StaticSite, make_local_server

    servers = []

    def start(**overrides):
        app = make_app(make_settings(**overrides))
        server = make_local_server(SiteAndEndpoint(StaticSite(sample_site), app), "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}", app

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Run(PageRun):
    """PageRun, except for one artefact of routing: when the server redirects, Chromium first tries the redirect
    target at the real 127.0.0.1:8000 (refused: nothing listens there) and then fetches it through the route."""

    def __init__(self, context, site_url: str, server: str):
        super().__init__(context, site_url, server)
        self.page.on("requestfailed", self._failed)  # runs after PageRun's listener, which noted the failure

    def _failed(self, request):
        note = f"request failed: {request.url} ({request.failure})"
        if request.redirected_from is not None and "ERR_CONNECTION_REFUSED" in note and note in self.problems:
            self.problems.remove(note)


@pytest.fixture
def open_run(browser):
    contexts = []

    def make(base: str, *, width: int = 1280, javascript: bool = True, **options) -> PageRun:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE",
                                      java_script_enabled=javascript, **options)
        contexts.append(context)
        return Run(context, SITEURL, base)

    yield make
    for context in contexts:
        context.close()


def problems(run: PageRun) -> list[str]:
    """What went wrong, less the expected error statuses and the favicon a quick second navigation cancels."""
    return [p for p in run.problems if not p.startswith(EXPECTED_ERRORS)
            and not (p.startswith("request failed:") and "favicon.svg" in p and "ERR_ABORTED" in p)]


def fill_form(page, email: str, *, name: str = "", anrede: str = "", consent_box: bool = True) -> None:
    page.get_by_label("E-Mail-Adresse").fill(email)
    if name:
        page.get_by_label("Name (freiwillig)").fill(name)
    if anrede:
        page.get_by_label("Anrede (freiwillig)").select_option(anrede)
    if consent_box:
        page.get_by_label(consent.CURRENT_TEXT[:40]).check()
    page.get_by_role("button", name="Rundbrief abonnieren").click()


def test_sign_up_and_confirm_with_javascript(live, open_run, outbox):
    base, app = live()
    run = open_run(base)
    page = run.page
    page.goto(SITEURL + "/newsletter/")
    fill_form(page, "ilse.leserin@example.org", name="Ilse Leserin", anrede="frau")
    page.wait_for_url(SITEURL + "/newsletter/anmeldung/pruefen/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast geschafft")
    sub = app.store.get("ilse.leserin@example.org")
    assert sub.state == "pending" and sub.salutation == "Sehr geehrte Frau Ilse Leserin,"
    assert sub.consent.form_hash == consent.CURRENT_HASH

    [mail] = read_mails(outbox)
    page.goto(confirm_link(mail))  # the page submits itself: one click in the mail is all it takes
    page.wait_for_url(SITEURL + "/newsletter/anmeldung/bestaetigt/")
    assert app.store.get("ilse.leserin@example.org").state == "confirmed"
    assert not problems(run), problems(run)


def test_sign_up_confirm_and_unsubscribe_without_javascript(live, open_run, outbox):
    base, app = live()
    run = open_run(base, javascript=False)
    page = run.page
    page.goto(SITEURL + "/newsletter/")
    fill_form(page, "ohne.js@example.org")
    page.wait_for_url(SITEURL + "/newsletter/anmeldung/pruefen/")
    page.goto(confirm_link(read_mails(outbox)[0]))
    assert app.store.get("ohne.js@example.org").state == "pending"  # opening the link alone confirms nobody
    page.get_by_role("button", name="Ja, Anmeldung bestätigen").click()
    page.wait_for_url(SITEURL + "/newsletter/anmeldung/bestaetigt/")
    assert app.store.get("ohne.js@example.org").state == "confirmed"

    page.goto(f"{SITEURL}/abmelden/?token={make_token('ohne.js@example.org', '2026-11', SECRET.encode())}")
    assert app.store.get("ohne.js@example.org").state == "confirmed"
    page.get_by_role("button", name="Jetzt abmelden").click()
    page.wait_for_url(SITEURL + "/newsletter/abgemeldet/")
    assert app.store.get("ohne.js@example.org").state == "unsubscribed"
    page.get_by_role("link", name="Wieder anmelden").click()
    page.wait_for_url(SITEURL + "/newsletter/#anmelden")
    assert not problems(run), problems(run)


def test_form_errors_are_announced_and_can_be_fixed(live, open_run, outbox):
    base, app = live()
    run = open_run(base)
    page = run.page
    page.goto(SITEURL + "/newsletter/")
    fill_form(page, "leser@localhost", anrede="herr")  # the browser's own checks let both mistakes pass
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "abo-fehler"  # focus on the list of errors
    summary = page.locator("#abo-fehler li")
    assert summary.count() == 2
    email = page.get_by_label("E-Mail-Adresse")
    assert email.get_attribute("aria-invalid") == "true" and email.input_value() == "leser@localhost"
    assert email.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent").strip() \
        .startswith("Fehler: Bitte geben Sie eine gültige E-Mail-Adresse an")
    page.locator("#abo-fehler a").first.click()
    assert page.evaluate("location.hash") == "#abo-email"
    fill_form(page, "leser@example.org", name="Max Leser", anrede="herr")
    page.wait_for_url(SITEURL + "/newsletter/anmeldung/pruefen/")
    assert app.store.get("leser@example.org").salutation == "Sehr geehrter Herr Max Leser,"
    assert len(read_mails(outbox)) == 1


@pytest.fixture
def subscription_pages(live, open_run, outbox, clock):
    """Every page a reader can meet, as (name, function(page) that gets there)."""
    base, app = live()
    limited, _ = live(SUBSCRIPTIONS_CLIENT_LIMIT="1/hour")
    down, _ = live(MAILING_PROVIDER="smtp", MAILING_SMTP_HOST="127.0.0.1", MAILING_SMTP_PORT=9,
                   MAILING_SMTP_SECURITY="none", MAILING_SMTP_TIMEOUT=2.0)
    app.store.request("da@example.org", form_hash=consent.CURRENT_HASH, now=clock())
    app.store.confirm("da@example.org", now=clock())
    from delivery.subscriptions.tokens import make_confirm_token

    confirm_token = make_confirm_token("da@example.org", SECRET.encode(), now=clock())
    old_token = make_confirm_token("da@example.org", SECRET.encode(), now=clock().replace(year=2025))
    unsubscribe = make_token("da@example.org", "2026-11", SECRET.encode())

    def submit(email, **kwargs):
        def go(page):
            page.goto(SITEURL + "/newsletter/")
            fill_form(page, email, **kwargs)
            page.wait_for_url(lambda url: not url.endswith("/newsletter/"), wait_until="load")
        return go

    def visit(path):
        return lambda page: page.goto(SITEURL + path)

    def twice(page):
        submit("eins@example.org")(page)
        submit("zwei@example.org")(page)

    return {
        "form": (base, visit("/newsletter/")),
        "check-mail": (base, visit("/newsletter/anmeldung/pruefen/")),
        "confirmed": (base, visit("/newsletter/anmeldung/bestaetigt/")),
        "unsubscribed": (base, visit("/newsletter/abgemeldet/")),
        "error": (base, visit("/newsletter/anmeldung/fehler/")),
        "form-errors": (base, submit("kaputt@localhost", anrede="frau")),
        "confirm": (base, visit(f"/abo/bestaetigen?token={confirm_token}")),
        "confirm-expired": (base, visit(f"/abo/bestaetigen?token={old_token}")),
        "confirm-damaged": (base, visit("/abo/bestaetigen?token=kaputt")),
        "unsubscribe": (base, visit(f"/abmelden/?token={unsubscribe}")),
        "unsubscribe-damaged": (base, visit("/abmelden/?token=kaputt")),
        "too-many": (limited, twice),
        "unavailable": (down, submit("spaeter@example.org")),
    }


PAGE_NAMES = ["form", "check-mail", "confirmed", "unsubscribed", "error", "form-errors", "confirm",
              "confirm-expired", "confirm-damaged", "unsubscribe", "unsubscribe-damaged", "too-many", "unavailable"]


def visit_all(subscription_pages, open_run, names, *, scheme="light", narrow=True) -> tuple:
    """Open each page in its own context at 1280 px: screenshot, axe, then the same page at 320 px (no sideways
    scrolling). Returns ({name: problems}, {name: the HTML the server sent})."""
    found, sent = {}, {}
    for name in names:
        base, go = subscription_pages[name]
        run = open_run(base, width=1280, color_scheme=scheme)
        page = run.page
        if name == "confirm":  # keep the page on screen: without its script it does not submit itself
            page.route("**/theme/js/abo.*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
        documents = []
        page.on("response", lambda r, documents=documents: documents.append(r)
                if r.request.resource_type == "document" else None)
        go(page)
        sent[name] = documents[-1].text()
        page.screenshot(path=str(SCREENSHOTS / f"abo-{name}-1280-{scheme}.png"), full_page=True)
        issues = run_axe(page, AXE)
        if narrow:
            page.set_viewport_size({"width": 320, "height": 800})
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                issues.append("scrolls horizontally at 320 px")
            page.screenshot(path=str(SCREENSHOTS / f"abo-{name}-320-{scheme}.png"), full_page=True)
        issues += problems(run)
        if issues:
            found[name] = issues
    return found, sent


def report(found: dict) -> str:
    return "\n".join(f"{name}: {issue}" for name, issues in found.items() for issue in issues)


def nu_errors(documents: dict, folder) -> list[str]:
    """The Nu HTML Checker's errors in the given documents (one JVM for all)."""
    import json
    import shutil

    java = shutil.which("java")
    require(java is not None and VNU.exists(), "Java and node_modules/vnu-jar are needed (`make test`)")
    files = []
    for name, text in documents.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
        files.append(str(folder / f"{name}.html"))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=600)
    output = result.stderr.strip() or result.stdout.strip()
    return [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in (json.loads(output)["messages"] if output else []) if m.get("type") != "info"]


def test_every_subscription_page_passes_axe_and_the_html_checker(subscription_pages, open_run, tmp_path):
    """axe-core (WCAG 2.2 AA) at 1280 px, no sideways scrolling at 320 px, valid HTML as the server sent it."""
    require(AXE.exists(), f"{AXE} is missing: run `npm ci --ignore-scripts` (or `make test`)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found, sent = visit_all(subscription_pages, open_run, PAGE_NAMES)
    assert "Zu viele Anmeldungen" in sent["too-many"] and "nicht geklappt" in sent["unavailable"]
    assert "abgelaufen" in sent["confirm-expired"] and "Abmeldelink" in sent["unsubscribe-damaged"]
    assert "Ja, Anmeldung bestätigen" in sent["confirm"] and "Bitte prüfen Sie Ihre Angaben" in sent["form-errors"]
    assert not found, report(found)
    errors = nu_errors(sent, tmp_path)
    assert not errors, "\n".join(errors)


def test_form_colours_pass_axe_in_dark_mode(subscription_pages, open_run):
    found, _ = visit_all(subscription_pages, open_run, ["form", "form-errors"], scheme="dark", narrow=False)
    assert not found, report(found)
