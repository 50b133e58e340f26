"""Period archives grouped in linear time (plugins/speedups/archives.py): Pelican's archives, each with the same
articles in the same order, without testing every article against every period's list."""

from __future__ import annotations

import datetime as dt

SETTINGS = {"YEAR_ARCHIVE_SAVE_AS": "archiv/{date:%Y}/index.html", "YEAR_ARCHIVE_URL": "archiv/{date:%Y}/",
            "MONTH_ARCHIVE_SAVE_AS": "archiv/{date:%Y}/{date:%m}/index.html",
            "MONTH_ARCHIVE_URL": "archiv/{date:%Y}/{date:%m}/", "DAY_ARCHIVE_SAVE_AS": "", "DAY_ARCHIVE_URL": ""}


class Item:
    compared = 0

    def __init__(self, number: int):
        self.number = number
        self.date = dt.datetime(2020, 1, 1) + dt.timedelta(days=number * 37 % 2000)

    def __eq__(self, other):
        Item.compared += 1
        return self is other

    __hash__ = object.__hash__


def shown(archives) -> dict:
    return {granularity: [(a["url"], a["save_as"], a["period"], a["period_num"], [i.number for i in a["dates"]],
                           [i.number for i in a["articles"]]) for a in periods]
            for granularity, periods in archives.items()}


def test_archives_equal_pelicans_without_comparing_items():
    from speedups.archives import PELICANS, build_period_archives

    articles = [Item(n) for n in range(300)]  # the listing order: by number, not by date
    by_date = sorted(articles, key=lambda item: item.date)
    ours = shown(build_period_archives(None, by_date, articles, SETTINGS))
    assert ours == shown(PELICANS(None, by_date, articles, SETTINGS))
    assert len(ours["year"]) > 1 and len(ours["month"]) > 12
    Item.compared = 0
    build_period_archives(None, by_date, articles, SETTINGS)
    assert Item.compared == 0
