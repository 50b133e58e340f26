"""Defaults of the site search plugin; override with the ``SEARCH_`` prefix in pelicanconf.py.

(``SEARCH_URL`` and ``SEARCH_SAVE_AS`` are Pelican's own settings for the search page, used by the templates.)
"""

DEFAULTS = {
    # Build the Pagefind index after the site is written.
    "INDEX": True,
    # Pages per part of the index: each part is indexed by a Pagefind process of its own (memory grows with a
    # part, not with the site) and re-indexed only when one of its pages changed; the search page merges them.
    "PART_PAGES": 500,
    # Pages published in this many days before the build date form a part of their own (0: none). Editors mostly
    # change recent pages, and Pagefind indexes a part of a few dozen pages in a fraction of a full part's time;
    # a page leaves that part (and its old part is indexed anew) on the first build after it is this old.
    "RECENT_DAYS": 60,
    # Folder of the search bundle below OUTPUT_PATH.
    "BUNDLE": "pagefind",
    # One index, German stemming, whatever a page says about its language.
    "LANGUAGE": "de",
    # Never indexed, even inside the indexed part (share links, prev/next navigation, calendar links …).
    "EXCLUDE_SELECTORS": [".share", ".prev-next", ".pagination", ".event-calendar", ".skip-link"],
}
