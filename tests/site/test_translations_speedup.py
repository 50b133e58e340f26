"""Translations grouped in linear time (plugins/speedups/translations.py): the result of Pelican's own grouping,
without comparing every item with every original."""

from __future__ import annotations

import logging


class Item:
    """Just what the grouping reads; counts how often it is compared with another item."""

    compared = 0

    def __init__(self, slug: str, lang: str = "de", **metadata):
        self.slug, self.lang, self.metadata = slug, lang, metadata
        self.in_default_lang = lang == "de"
        self.source_path = f"/content/{slug}.md"

    def __eq__(self, other):
        Item.compared += 1
        return self is other

    __hash__ = object.__hash__


def both(make):
    """(ours, Pelican's) on two equal lists made by ``make``; each result as slugs and each item's translations."""
    from speedups.translations import PELICANS, process_translations

    def shown(result):
        originals, translations = result
        return ([i.slug for i in originals], [i.slug for i in translations],
                {i.slug + i.lang: sorted(t.lang for t in i.translations) for i in originals + translations})

    return shown(process_translations(make(), "slug")), shown(PELICANS(make(), "slug"))


def test_distinct_slugs_give_pelicans_result_without_comparing_items():
    from speedups.translations import process_translations

    make = lambda: [Item(f"beitrag-{n:03d}") for n in (7, 3, 250, 1, 99)]  # noqa: E731
    ours, pelicans = both(make)
    assert ours == pelicans
    Item.compared = 0
    process_translations([Item(f"b-{n}") for n in range(300)], "slug")
    assert Item.compared == 0  # Pelican's "not in" over the originals compares about 45,000 times here


def test_shared_slugs_and_translation_marks_are_left_to_pelican(caplog):
    make = lambda: [Item("a"), Item("a", lang="en"), Item("b"), Item("c", translation="true")]  # noqa: E731
    with caplog.at_level(logging.WARNING):
        ours, pelicans = both(make)
    assert ours == pelicans and ours[1] == ["a"]  # the English "a" is a translation


def test_a_lone_item_marked_translation_gets_pelicans_warning(caplog):
    from speedups.translations import process_translations

    with caplog.at_level(logging.WARNING):
        originals, translations = process_translations([Item("allein"), Item("nur-uebersetzt", translation="true")],
                                                       "slug")
    assert [item.slug for item in originals] == ["allein", "nur-uebersetzt"] and translations == []
    assert any("are translations" in r.getMessage() and "nur-uebersetzt" in r.getMessage() for r in caplog.records)
