"""Netzbrief settings for development builds. Settings only: no secrets, no code with side effects."""

AUTHOR = "Redaktion KV Mitte"
SITENAME = "Netzbrief"
SITESUBTITLE = "Nachrichten aus dem Netzwerk Kommunale Versorger Mitte"
# Development builds: pages link relatively (RELATIVE_URLS), so `invoke serve --port N` works on any port and
# host. SITEURL is only the base of what must be absolute (feeds, calendars, JSON-LD, canonical links, the
# newsletter); `invoke livereload --port N` sets it to its own port. publishconf.py sets the public URL.
SITEURL = "http://127.0.0.1:8000"
RELATIVE_URLS = True
SITE_ORGANISATION = "Netzwerk Kommunale Versorger Mitte e. V."

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
LOCALE = ("C.UTF-8",)  # German dates come from Babel (theme_helpers), not from the C library's locale
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# Every template autoescapes: titles, names, places and URLs from editors and guests are text, never markup.
# Rendered Markdown (content and summary) is the one value marked safe (docs/security.md); a build with
# autoescape off is refused (plugins/theme_helpers).
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "content_model",
    "interviews",
    "events",
    "theme_helpers",
    "images",  # before feeds: derivatives are ready when feeds and the newsletter are written
    "feeds",
    "event_calendar",
    "structured_data",
    "newsletter",
    "subscriptions",  # the sign-up form and its pages; the endpoint is delivery/subscriptions
    "speedups",  # compiled templates cached, each item's URL computed once
    "site_search",  # last: indexes the finished output
    "incremental",  # rebuilds copy unchanged article pages from the previous output
]

# Content layout: the folder gives the kind (see docs/architecture.md).
ARTICLE_PATHS = ["interviews", "events", "articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = ["newsletter", "pages", "images"]
IGNORE_FILES = [".#*", "*~", "*.swp"]
READERS = {"html": None, "rst": None}

# URLs: German, clean, one folder per page.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "themen/{slug}/"
TAG_SAVE_AS = "themen/{slug}/index.html"
TAGS_URL = "themen/"
TAGS_SAVE_AS = "themen/index.html"
AUTHOR_URL = "autoren/{slug}/"
AUTHOR_SAVE_AS = "autoren/{slug}/index.html"
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_URL = "archiv/"
ARCHIVES_SAVE_AS = "archiv/index.html"
YEAR_ARCHIVE_URL = "archiv/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archiv/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "404"]
SEARCH_SAVE_AS = "suche/index.html"
SEARCH_URL = "suche/"
# 404.html keeps its default name (Pelican derives it from the template name).

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": 10, "tag": 10, "category": 10, "author": 10, "archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# Pelican's own feeds are off: the feeds plugin writes them with feedgen.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        # German quotes „…“, apostrophes, dashes and ellipses (fast; see the module).
        "content_model.typography": {},
        # Images as <figure> with caption and credit, ::: galerie blocks (plugins/images, docs/content.md).
        "images.figures": {},
    },
    "output_format": "html5",
}

# Reading is cached between builds (the build keys the cache by plugin and template code).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "md5"
USE_FOLDER_AS_CATEGORY = False  # the reader sets each kind's category; Pelican's own one per file was thrown away
GZIP_CACHE = False  # compressing the reader cache took longer (~2 s at 1,000 articles) than reading it saves

# Newsletter artifacts (e-mail HTML, text, manifest) are built beside output/, never inside it.
NEWSLETTER_ARTIFACTS_PATH = "build/newsletter"

# Navigation shown in the header, in this order: (label, URL relative to SITEURL).
MAIN_MENU = [
    ("Interviews", "interviews/"),
    ("Veranstaltungen", "veranstaltungen/"),
    ("Fachbeiträge", "fachbeitraege/"),
    ("Newsletter", "newsletter/"),
]
FOOTER_MENU = [
    ("Über uns", "ueber-uns/"),
    ("Impressum", "impressum/"),
    ("Datenschutz", "datenschutz/"),
    ("Themen", "themen/"),
    ("Archiv", "archiv/"),
    ("Newsletter abonnieren", "newsletter/#anmelden"),
]

# --- newsletter ---
# The Rundbrief (plugins/newsletter, docs/newsletter.md). Other NEWSLETTER_* defaults: plugins/newsletter/settings.py.
# Web version: newsletter/<issue>/; archive of all issues (the page content/pages/newsletter.md owns newsletter/):
NEWSLETTER_ARCHIVE_URL = "newsletter/archiv/"
NEWSLETTER_ARCHIVE_SAVE_AS = "newsletter/archiv/index.html"
# Impressum in every e-mail footer; keep it in step with content/pages/impressum.md.
NEWSLETTER_IMPRINT = {
    "name": "Netzwerk Kommunale Versorger Mitte e. V.",
    "legal_form": "eingetragener Verein",
    "address": ["Am Wasserturm 12", "34567 Lindenau"],
    "representatives": ["Dr. Harald Winterfeld (Vorsitzender)", "Claudia Behrens (stellvertretende Vorsitzende)",
                        "Matthias Brandtner (Schatzmeister)"],
    "email": "redaktion@kv-mitte.example.org",
    "phone": "+49 30 0000000",
    "register": "Vereinsregister beim Amtsgericht Lindenau, VR 1234",
    "vat_id": "DE000000000",
    "responsible": "Miriam Kessler (Redaktionsleitung), Anschrift wie oben",
}

# --- feeds / calendar / seo / search ---
# Plugins feeds, event_calendar, structured_data, site_search (docs/feeds-and-seo.md). Every other FEEDS_*,
# CALENDAR_*, SEO_* and SEARCH_* default lives in the plugin's settings.py.
FEEDS_MAX_ITEMS = 20  # entries per feed (feeds/alle.atom.xml, feeds/<rubrik>…, feeds/themen/<thema>…)
FEEDS_FULL_CONTENT = True  # the whole article in the feed; False: the summary only
CALENDAR_PROGRAMME_ITEMS = False  # True: every programme item becomes an event of its own in the .ics files
CALENDAR_INCLUDE_REPORTS = True  # reports without an announcement appear in veranstaltungen/kalender.ics
SEO_PUBLISHER_LOGO = None  # e.g. "images/logo.png": the publisher's logo in JSON-LD

# --- mailing ---
# Sending the newsletter (delivery/mail, docs/mailing.md). Defaults: delivery/mail/settings.py; each setting can be
# overridden by NETZBRIEF_MAILING_<NAME>. Secrets only from the environment: NETZBRIEF_UNSUBSCRIBE_SECRET,
# NETZBRIEF_SMTP_PASSWORD, and the AWS credential chain for SES.
MAILING_PROVIDER = "outbox"  # "outbox" (writes .eml files) | "smtp" | "ses"
MAILING_ENV = "development"  # the delivery ledger: var/ledger-development.sqlite
MAILING_FROM_NAME = "Netzbrief – KV Mitte"
MAILING_FROM_ADDRESS = "rundbrief@kv-mitte.example.org"
MAILING_REPLY_TO = "redaktion@kv-mitte.example.org"
MAILING_LIST_ID = "Rundbrief KV Mitte <rundbrief.kv-mitte.example.org>"
MAILING_UNSUBSCRIBE_URL = SITEURL + "/abmelden/?token={token}"  # local: `make run` answers it; see publishconf.py
MAILING_UNSUBSCRIBE_MAILTO = "abmelden@kv-mitte.example.org"
# Subscribers (delivery/subscriptions, docs/subscriptions.md): outbox and smtp send to the confirmed subscribers of
# an SQLite file anchored to the project (a new development store starts with the sample list); ses uses the SES
# contact list. Existing lists: `invoke subscribers.import FILE --source "…"`.
MAILING_SUBSCRIBERS_DB = "var/subscribers-{env}.sqlite"
MAILING_OUTBOX_DIR = "outbox"
MAILING_LEDGER = "var/ledger-{env}.sqlite"
MAILING_WORKERS = 4
MAILING_RATE = None  # messages per second; None: unlimited (ses: the account's quota)

# --- subscriptions ---
# Sign-up with double opt-in, unsubscribe, SES events (delivery/subscriptions, plugins/subscriptions,
# docs/subscriptions.md). Every SUBSCRIPTIONS_* setting can be overridden by NETZBRIEF_SUBSCRIPTIONS_<NAME>.
SUBSCRIPTIONS_ENDPOINT_URL = None  # None: SITEURL (`make run` serves site and endpoint together)
SUBSCRIPTIONS_CLIENT_LIMIT = "5/minute;20/hour"  # sign-ups per client (IP address, IPv6 per /64)
SUBSCRIPTIONS_ADDRESS_LIMIT = 3  # confirmation mails per address and 24 hours
