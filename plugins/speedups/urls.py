"""Each item's URL computed once.

Pelican computes ``url`` and ``save_as`` on every access: it copies the item's metadata, resolves its source path
and formats the URL pattern again (templates, feeds, the calendar and the newsletter ask thousands of times).
Once a generator has finished its items (slug, status, category and date are final), each item keeps the values
as ``override_url``/``override_save_as``, Pelican's own attributes for a fixed URL.
"""

from __future__ import annotations

from itertools import chain

LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations",
         "pages", "hidden_pages", "draft_pages", "draft_translations")


def freeze_urls(generator) -> None:
    for item in chain.from_iterable(getattr(generator, name, None) or [] for name in LISTS):
        if not hasattr(item, "override_url"):
            item.override_url = item.url
        if not hasattr(item, "override_save_as"):
            item.override_save_as = item.save_as
