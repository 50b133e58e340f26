"""The site side: the form on the newsletter page, the footer link, the result pages and the endpoint's page
templates, all built by Pelican with the theme; the consent text and its hash."""

from __future__ import annotations

import html
import re

import pytest

from delivery.subscriptions import consent, paths

RESULT_PAGES = [paths.CHECK_MAIL, paths.CONFIRMED, paths.UNSUBSCRIBED, paths.ERROR]


def test_newsletter_page_has_the_form(sample_site):
    page = (sample_site / "newsletter" / "index.html").read_text()
    form = re.search(r'<form class="abo-form".*?</form>', page, re.S).group(0)
    assert 'action="../abo/anmelden" method="post"' in form  # relative: the site serves the endpoint
    assert f'name="formular" value="{consent.CURRENT_HASH}"' in form
    assert f'<label for="abo-einwilligung">{html.escape(consent.CURRENT_TEXT, quote=False)}</label>' in form
    for field in ('id="abo-email" name="email" type="email" required', 'id="abo-name" name="name"',
                  'id="abo-anrede" name="anrede"', 'name="einwilligung" type="checkbox" value="ja" required',
                  'id="abo-website" name="website" type="text" tabindex="-1"'):
        assert field in form
    assert "[[" not in page and "[%" not in page  # the static page carries none of the endpoint's syntax
    assert '<section class="abo" id="anmelden"' in page and "data-pagefind-ignore" in page


def test_footer_links_to_the_form_on_every_page(sample_site):
    for page, root in (("index.html", "."), ("impressum/index.html", ".."), (paths.CHECK_MAIL + "index.html", "../../..")):
        text = (sample_site / page).read_text()  # development builds link relatively (any port works)
        assert f'<a href="{root}/newsletter/#anmelden">Newsletter abonnieren</a>' in text, page


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_result_pages_are_built_with_the_theme_and_not_indexed(sample_site, page):
    text = (sample_site / page / "index.html").read_text()
    assert '<html lang="de">' in text and 'class="site-header"' in text and "/theme/css/abo." in text
    assert '<meta name="robots" content="noindex, follow">' in text
    assert "[[" not in text and "[%" not in text and "<script" not in text  # static pages need no script
    assert f"http://127.0.0.1:8000/{page}" not in (sample_site / "sitemap.xml").read_text()


def test_endpoint_templates_keep_the_endpoint_syntax(sample_site):
    folder = sample_site / paths.TEMPLATE_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted(paths.TEMPLATES)
    confirm = (folder / paths.CONFIRM_PAGE).read_text()
    assert 'name="token" value="[[ token ]]"' in confirm and 'action="[[ action ]]"' in confirm
    assert "/theme/js/abo." in confirm and 'class="site-footer"' in confirm
    form = (folder / paths.FORM_PAGE).read_text()
    assert 'value="[[ form.email ]]"' in form and "[% for field, message in errors.items() %]" in form


def test_consent_hash_follows_the_text():
    text = consent.VERSIONS[-1]
    assert consent.form_hash(text) == consent.CURRENT_HASH
    assert consent.form_hash(text.replace(" ", "\n  ", 3)) == consent.CURRENT_HASH  # layout is not wording
    assert consent.form_hash(text.replace("jederzeit", "nur schriftlich")) != consent.CURRENT_HASH
    assert consent.wording(consent.CURRENT_HASH) == consent.CURRENT_TEXT
    assert consent.wording("0" * 64) is None and consent.wording(None) is None
    assert len(consent.BY_HASH) == len(consent.VERSIONS)  # every version ever shown stays answerable


def test_form_posts_to_the_configured_endpoint():
    from subscriptions.form import form_info

    site = "https://netzbrief.kv-mitte.example.org"
    info = form_info({"SITEURL": site, "SUBSCRIPTIONS_ENDPOINT_URL": "https://abc123.lambda-url.eu-central-1.on.aws/"})
    assert info.action(site) == "https://abc123.lambda-url.eu-central-1.on.aws/abo/anmelden"
    assert info.form_url(site) == "https://netzbrief.kv-mitte.example.org/newsletter/#anmelden"
    assert form_info({"SITEURL": site}).action("../..") == "../../abo/anmelden"  # the site serves the endpoint


def test_the_site_build_does_not_load_the_subscriber_store_or_the_mail_package():
    """The build needs the consent text and the paths only; the store and delivery.mail are for the endpoint and
    the send commands (loading them cost every build a tenth of a second)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("import sys; sys.path[:0] = ['plugins', '.']; import subscriptions, subscriptions.form, "
              "subscriptions.generator; print(sorted(m for m in sys.modules if m.startswith('delivery.')))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "delivery.mail" not in loaded.stdout and "delivery.subscriptions.store" not in loaded.stdout
    assert "delivery.subscriptions.consent" in loaded.stdout  # the script imported what the form needs
    from delivery.subscriptions import open_store, store

    assert open_store is store.open_store  # still offered by the package
