"""Feed entries as data: absolute URLs (also in srcset), ``updated`` never before the publication date."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from feeds.items import absolute, absolute_links, from_article

BERLIN = ZoneInfo("Europe/Berlin")
SITE = "https://www.kv-mitte.example"


@pytest.mark.parametrize("siteurl,url,expected", [
    (SITE, "interviews/x/", f"{SITE}/interviews/x/"),
    (SITE + "/", "/interviews/x/", f"{SITE}/interviews/x/"),
    (SITE + "/", "interviews/x/", f"{SITE}/interviews/x/"),
    (SITE, "/images/a.png", f"{SITE}/images/a.png"),
    (SITE, "https://andere.example/x", "https://andere.example/x"),
])
def test_absolute(siteurl, url, expected):
    assert absolute(siteurl, url) == expected


def test_relative_links_in_content_become_absolute_including_srcset():
    html = ('<p><a href="../andere/">Link</a> <img src="bild.png" srcset="bild-2x.png 2x, /images/b.png 640w">'
            '<a href="#oben">oben</a></p>')
    out = absolute_links(html, f"{SITE}/fachbeitraege/eins/")
    assert f'href="{SITE}/fachbeitraege/andere/"' in out
    assert f'src="{SITE}/fachbeitraege/eins/bild.png"' in out
    assert f'srcset="{SITE}/fachbeitraege/eins/bild-2x.png 2x, {SITE}/images/b.png 640w"' in out
    assert f'href="{SITE}/fachbeitraege/eins/#oben"' in out
    assert absolute_links("", SITE) == "" and absolute_links("  ", SITE) == "  "


def article(**extra) -> SimpleNamespace:
    values = {"uid": "articles/eins", "title": "Eins", "url": "fachbeitraege/eins/", "summary_text": "Kurz.",
              "content": "<p>Text</p>", "date": dt.datetime(2026, 10, 5, tzinfo=BERLIN), "modified": None,
              "authors": [], "tags": [], "image": None}
    values.update(extra)
    return SimpleNamespace(**values)


def test_updated_is_the_later_of_date_and_modified(tmp_path):
    settings = {"SITEURL": SITE, "PATH": str(tmp_path)}
    date = dt.datetime(2026, 10, 5, tzinfo=BERLIN)
    later, earlier = date + dt.timedelta(days=3), date - dt.timedelta(days=30)
    assert from_article(article(modified=later), settings, False).updated == later
    assert from_article(article(modified=earlier), settings, False).updated == date  # a slip by the editor
    item = from_article(article(), settings, True)
    assert (item.updated, item.url, item.content) == (date, f"{SITE}/fachbeitraege/eins/", "<p>Text</p>")
