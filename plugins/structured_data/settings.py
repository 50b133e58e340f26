"""Defaults of the structured data / SEO plugin; override with the ``SEO_`` prefix in pelicanconf.py."""

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Listing pages in the sitemap besides home, articles and pages.
    "SITEMAP_CATEGORIES": True,
    "SITEMAP_TAGS": True,
    # Output files that get <meta name="robots" content="noindex"> and stay out of the sitemap. The search page
    # (SEARCH_SAVE_AS) is added automatically.
    "NOINDEX": ["404.html"],
    # Absolute or site-relative URL of the publisher's logo for JSON-LD (None: no logo).
    "PUBLISHER_LOGO": None,
    # OpenGraph locale and JSON-LD inLanguage.
    "LOCALE": "de_DE",
    "LANGUAGE": "de",
    # Generated descriptions (pages without a summary) are cut to this many characters.
    "DESCRIPTION_MAX": 200,
    # Country for addresses parsed from event locations.
    "COUNTRY": "DE",
    # Optional twitter:site handle ("@…").
    "TWITTER_SITE": None,
}
