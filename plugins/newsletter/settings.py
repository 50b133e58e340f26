"""Settings of the newsletter plugin: ``NEWSLETTER_*`` merged over these defaults."""

from __future__ import annotations

import os

from content_model.settings import plugin_settings

DEFAULTS = {
    # Issue files, relative to PATH (content/); each ``YYYY-MM[-DD].md`` is one issue.
    "CONTENT_DIR": "newsletter",
    # E-mail artifacts (email.html, email.txt, manifest.json per issue), outside OUTPUT_PATH.
    "ARTIFACTS_PATH": "build/newsletter",
    # Web version of each issue and the archive of all issues (the content page "newsletter" owns /newsletter/).
    "URL": "newsletter/{issue}/",
    "SAVE_AS": "newsletter/{issue}/index.html",
    "ARCHIVE_URL": "newsletter/archiv/",
    "ARCHIVE_SAVE_AS": "newsletter/archiv/index.html",
    # Where readers subscribe (site-relative); linked from the web version.
    "SUBSCRIBE_URL": "newsletter/",
    # Absolute base of every link in the e-mail; None: SITEURL (must then be absolute).
    "SITEURL": None,
    # MJML and text templates; None: THEME/email.
    "TEMPLATES_PATH": None,
    # Announcements whose event starts within this many weeks after the issue date ("Termine").
    "EVENTS_WEEKS": 8,
    "DEFAULT_SALUTATION": "Liebe Leserinnen und Leser,",
    # The salutation `invoke newsletter.preview` shows in place of each recipient's own.
    "PREVIEW_SALUTATION": "Liebe Frau Beispiel,",
    # Campaign parameters on every link to the site; utm_campaign is the issue (no recipient data, ever).
    "UTM": {"utm_source": "newsletter", "utm_medium": "email"},
    # Plain-text part: maximum line length (a line holding one URL may be longer, URLs are never wrapped).
    "TEXT_WIDTH": 78,
    # Gmail clips messages above 102 KB: the build warns before that.
    "MAX_HTML_BYTES": 100_000,
    # The legal notice (Impressum) in every e-mail footer: a dict with the keys of IMPRINT_KEYS (set in
    # pelicanconf.py, matching content/pages/impressum.md); "responsible" (§ 18 Abs. 2 MStV) is optional.
    "IMPRINT": None,
}
IMPRINT_KEYS = ("name", "legal_form", "address", "representatives", "email", "phone", "register", "vat_id")


def newsletter_settings(settings: dict) -> dict:
    """The plugin's settings (keys without the prefix); paths resolved like Pelican's own."""
    merged = plugin_settings(settings, "NEWSLETTER_", DEFAULTS)
    merged["TEMPLATES_PATH"] = merged["TEMPLATES_PATH"] or os.path.join(settings.get("THEME", "theme"), "email")
    merged["SITEURL"] = (merged["SITEURL"] or settings.get("SITEURL") or "").rstrip("/")
    return merged
