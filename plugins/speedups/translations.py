"""Translations grouped in linear time.

Pelican groups items by ``ARTICLE_TRANSLATION_ID``/``PAGE_TRANSLATION_ID`` (the slug) and finally, for every item,
asks whether it is in the list of originals: quadratic, 0.6 s at 5,500 articles and four times that at twice as
many. Where no two items share an id and none carries ``translation`` metadata (our check refuses duplicate
slugs), every item is an original without translations, in the order of its id: that result is given here in
linear time. Every other case goes to Pelican's own function.
"""

from __future__ import annotations

from operator import attrgetter

from pelican import generators

PELICANS = generators.process_translations


def process_translations(content_list, translation_id=None):
    names = [translation_id] if isinstance(translation_id, str) else list(translation_id or [])
    if names and not any("translation" in item.metadata for item in content_list):
        key = attrgetter(*names)
        try:
            ids = [key(item) for item in content_list]
            distinct = len(set(ids)) == len(ids)
        except (AttributeError, TypeError):  # Pelican words these errors
            distinct = False
        if distinct:
            content_list.sort(key=key)
            for item in content_list:
                item.translations = []
            return list(content_list), []
    return PELICANS(content_list, translation_id)


def install() -> None:
    generators.process_translations = process_translations
