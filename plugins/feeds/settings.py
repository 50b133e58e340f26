"""Defaults of the feeds plugin; override any of them in pelicanconf.py with the ``FEEDS_`` prefix."""

DEFAULTS = {
    # Folder (below OUTPUT_PATH) for all feed files.
    "PATH": "feeds",
    # Entries per feed, newest first.
    "MAX_ITEMS": 20,
    # Put the full article HTML into the feeds (content:encoded / atom:content), not only the summary.
    "FULL_CONTENT": True,
    # Formats to write; each feed exists as <name>.atom.xml and/or <name>.rss.xml.
    "FORMATS": ("atom", "rss"),
    # One feed per kind listing (interviews, veranstaltungen, fachbeitraege), per tag, for newsletter issues.
    "PER_KIND": True,
    "PER_TAG": True,
    "NEWSLETTER": True,
    # Page the newsletter feed links to (site-relative).
    "NEWSLETTER_URL": "newsletter/",
    # The readable "Abonnieren" page listing every feed (template feeds.html); "" switches it off.
    "PAGE_URL": "abonnieren/",
    "PAGE_SAVE_AS": "abonnieren/index.html",
    "PAGE_TEMPLATE": "feeds",
    # Channel texts (German); {name} is the kind, tag or site name.
    "TITLE_ALL": "{site} – alle Beiträge",
    "DESCRIPTION_ALL": "Alle Interviews, Veranstaltungen und Fachbeiträge aus dem {site}.",
    "TITLE_KIND": "{site} – {name}",
    "DESCRIPTION_KIND": "Neue {name} aus dem {site}.",
    "TITLE_TAG": "{site} – Thema {name}",
    "DESCRIPTION_TAG": "Alle Beiträge zum Thema {name} aus dem {site}.",
    "TITLE_NEWSLETTER": "{site} – Newsletter-Ausgaben",
    "DESCRIPTION_NEWSLETTER": "Jede Ausgabe des {site}-Newsletters als Web-Version.",
    # Copyright line of every channel ("" for none).
    "RIGHTS": "",
}

# Stable namespace for entry and feed ids (uuid5 of the uid under it). Never change it: readers would see
# every entry as new.
NAMESPACE = "5b0e8f0c-4a5e-5f2b-9d3c-6e1f2a7b8c90"
