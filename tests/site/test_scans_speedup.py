"""Two scans of each item's HTML skipped where they cannot match (plugins/speedups/scans.py): Pelican's own result
on every text, and Pelican's regular expression run only where the text could match."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

TEXTS = {
    "empty alt": '<p><img src="/bilder/a.jpg" alt=""></p>',
    "empty alt, single quotes": "<p><img alt='' src='/bilder/b.jpg'></p>",
    "alt text": '<p><img src="/bilder/c.jpg" alt="Umspannwerk"></p>',
    "static link": '<p><img src="{static}/bilder/d.jpg" alt="Netz"></p>',
    "attach link": '<p><a href="|attach|unterlagen/plan.pdf">Plan</a></p>',
    "link to an article": '<p><a href="{filename}/articles/netz.md">Netz</a></p>',
    "plain": "<p>Die Wärmeplanung beginnt im Frühjahr.</p>",
    "empty": "",
}


@pytest.fixture
def pelicans(monkeypatch):
    """Pelican's two functions (as ``pelicans.alt``, ``pelicans.links``), and how often the fast paths call them."""
    from types import SimpleNamespace

    from speedups import scans

    found = SimpleNamespace(alt=scans.PELICANS_EMPTY_ALT, links=scans.PELICANS_STATIC_LINKS, alt_calls=0,
                            links_calls=0)

    def alt(content, path):
        found.alt_calls += 1
        return found.alt(content, path)

    def links(item):
        found.links_calls += 1
        return found.links(item)

    monkeypatch.setattr(scans, "PELICANS_EMPTY_ALT", alt)
    monkeypatch.setattr(scans, "PELICANS_STATIC_LINKS", links)
    return found


def _warnings(caplog, run) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        run()
    return [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_empty_alt_warnings_are_pelicans_and_its_scan_runs_only_on_an_empty_alt(name, caplog, pelicans):
    from speedups import scans

    text = TEXTS[name]  # two paths: Pelican's log filter drops a warning it has given before
    ours = _warnings(caplog, lambda: scans.find_empty_alt(text, f"articles/{name}-ours.md"))
    assert pelicans.alt_calls == (1 if name.startswith("empty alt") else 0)
    assert ours == [message.replace("-pelicans", "-ours")
                    for message in _warnings(caplog, lambda: pelicans.alt(text, f"articles/{name}-pelicans.md"))]
    assert bool(ours) == name.startswith("empty alt")


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_static_links_are_pelicans_and_its_scan_runs_only_where_a_link_could_be(name, pelicans):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from speedups import scans

    item = Article(TEXTS[name], metadata={"title": "Netz", "date": dt.datetime(2026, 11, 23)},
                   settings={**DEFAULT_CONFIG, "PATH": "/inhalt"}, source_path="/inhalt/articles/netz.md",
                   context={})
    ours = scans.get_static_links(item)
    assert pelicans.links_calls == (1 if name in ("static link", "attach link") else 0)
    assert ours == pelicans.links(item)
    assert ours == ({"bilder/d.jpg"} if name == "static link" else
                    {"articles/unterlagen/plan.pdf"} if name == "attach link" else set())


def test_the_build_uses_both():
    from pelican import contents, readers

    import speedups
    from speedups import scans

    speedups.register()
    assert readers.find_empty_alt is scans.find_empty_alt
    assert contents.Content.get_static_links is scans.get_static_links
