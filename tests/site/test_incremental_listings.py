"""Listing pages (topics, rubrics, authors, home, archives) reused from the previous output only while unchanged.

Twelve articles on one topic make two pages of every listing. Each edit below changes some listing pages and not
others; after each, the rebuild must equal a full build byte for byte and still reuse some listing pages.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_build
from tests.newsletter.content import FAST, article, write
from tests.site.test_incremental import edit
from tests.site.test_incremental_keys import assert_equals_full_build


def listings() -> int:
    from incremental import LAST_BUILD

    return LAST_BUILD["listings"]


def twelve(content: Path) -> list[Path]:
    """n01 … n12, oldest first, all on the topic „Netze“: page 1 of a listing shows n12 … n03, page 2 n02, n01."""
    return [article(content, f"n{n:02d}", f"2026-03-{n:02d}", title=f"Nachricht {n}", tags=["Netze"])
            for n in range(1, 13)]


def rebuild(tmp_path: Path, content: Path, out: Path, name: str) -> int:
    assert run_build(content, out, **FAST) == 0
    reused = listings()
    assert_equals_full_build(tmp_path, content, out, name)
    return reused


def with_theme(tmp_path: Path) -> tuple[Path, Path, Path, list[Path]]:
    """Content (``twelve``), output folder and a copy of the theme to edit."""
    import shutil

    from tests.conftest import ROOT

    content, out, theme = tmp_path / "content", tmp_path / "site" / "output", tmp_path / "theme"
    paths = twelve(content)
    shutil.copytree(ROOT / "theme", theme)
    return content, out, theme, paths


def show_bodies(theme: Path) -> None:
    """Listing cards show each item's whole text instead of its summary."""
    edit(theme / "templates/partials/teaser.html", '<div class="teaser__summary">{{ item.summary }}</div>',
         '<div class="teaser__summary">{{ item.content }}</div>')


def test_listing_pages_follow_every_edit_and_the_rest_is_reused(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    assert listings() == 0  # nothing to reuse yet
    everything = rebuild(tmp_path, content, out, "same")
    assert everything >= 8  # topic, rubric, author and home pages 1 and 2, archive, topics …

    edit(paths[11], "title: Nachricht 12", "title: Die zwölfte Nachricht")  # on every page 1, on no page 2
    assert 0 < rebuild(tmp_path, content, out, "title") < everything
    assert "Die zwölfte Nachricht" in (out / "themen/netze/index.html").read_text("utf-8")

    edit(paths[0], "summary: Worum es in n01 geht.", "summary: Ein neuer Vorspann.")  # on page 2 only
    assert 0 < rebuild(tmp_path, content, out, "summary") < everything
    assert "Ein neuer Vorspann." in (out / "themen/netze/seite/2/index.html").read_text("utf-8")

    article(content, "n00", "2026-02-01", title="Die älteste Nachricht", tags=["Netze"])  # joins page 2
    rebuild(tmp_path, content, out, "older")
    assert "13 Beiträge" in (out / "themen/netze/index.html").read_text("utf-8")  # page 1: only its count changed

    edit(paths[1], "date: '2026-03-02'", "date: '2026-04-01'")  # the second oldest becomes the newest
    rebuild(tmp_path, content, out, "date")
    first = (out / "fachbeitraege/index.html").read_text("utf-8")
    assert first.index("Nachricht 2<") < first.index("Die zwölfte Nachricht")


def test_a_listing_template_edit_renders_its_pages_again(tmp_path):
    content, out, theme, _paths = with_theme(tmp_path)
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    edit(theme / "templates/partials/teaser.html", "Min. Lesezeit", "Minuten Lesezeit")  # every listing's cards
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert "Minuten Lesezeit" in (out / "themen/netze/seite/2/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "teaser", THEME=str(theme))


def test_a_body_edit_below_the_summary_reuses_every_listing(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    everything = rebuild(tmp_path, content, out, "same")
    edit(paths[11], "Ein Absatz Text.", "Ein Absatz Text. Und ein zweiter Satz darunter.")  # n12: every page 1
    assert rebuild(tmp_path, content, out, "body") == everything
    assert "ein zweiter Satz" in (out / "fachbeitraege/n12/index.html").read_text("utf-8")


def test_a_summary_taken_from_the_body_follows_the_body(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)
    plain = write(content, "articles/ohne.md", {"title": "Ohne Vorspann", "slug": "ohne", "date": "2026-03-20",
                                                "tags": ["Netze"]}, body="Der erste Satz steht vorn.")
    assert run_build(content, out, **FAST) == 0
    edit(plain, "Der erste Satz steht vorn.", "Ein anderer Satz steht vorn.")
    rebuild(tmp_path, content, out, "derived")
    assert "Ein anderer Satz steht vorn." in (out / "themen/netze/index.html").read_text("utf-8")


def test_a_listing_that_shows_bodies_follows_a_body_edit(tmp_path):
    content, out, theme, paths = with_theme(tmp_path)
    show_bodies(theme)
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    edit(paths[11], "Ein Absatz Text.", "Ein Absatz Text. Und ein zweiter Satz darunter.")
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert "ein zweiter Satz" in (out / "themen/netze/index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "shown", THEME=str(theme))


def test_what_the_templates_ask_of_an_items_body():
    from jinja2 import DictLoader, Environment

    from incremental.templates import TemplateIndex

    environment = Environment(loader=DictLoader({
        "base.html": "{% if article and article.has_gallery %}g{% endif %}{% block main %}{% endblock %}",
        "plain.html": "{% extends 'base.html' %}{% block main %}{{ articles | length }}{% endblock %}",
        "loop.html": "{% extends 'base.html' %}{% block main %}{% for a in articles %}{{ a.content }}{% endfor %}"
                     "{% endblock %}",
        "mapped.html": "{{ articles | map(attribute='content') | join }}",
        "macro.html": "{% macro card(item) %}{{ item.summary }}{% endmacro %}{{ card(articles[0]) }}",
    }))
    index = TemplateIndex()
    assert index.uses(environment, "plain.html")[1:] == (True, frozenset({"article"}))
    assert index.uses(environment, "loop.html")[2] == frozenset({"article", "*"})
    assert index.uses(environment, "mapped.html")[2] == frozenset({"*"})
    assert index.uses(environment, "macro.html")[2] == frozenset()


def test_a_template_edit_between_builds_is_seen_by_the_remembered_template_facts(tmp_path):
    content, out, theme, paths = with_theme(tmp_path)
    assert run_build(content, out, THEME=str(theme), **FAST) == 0  # the facts of the plain teaser are kept
    show_bodies(theme)
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    edit(paths[11], "Ein Absatz Text.", "Ein Absatz Text. Und ein zweiter Satz darunter.")
    assert run_build(content, out, THEME=str(theme), **FAST) == 0
    assert "ein zweiter Satz" in (out / "themen/netze/index.html").read_text("utf-8")


def test_template_facts_are_parsed_once_and_a_damaged_store_is_parsed_again(tmp_path, monkeypatch):
    import json

    from jinja2 import DictLoader, Environment

    from incremental import templates

    sources = {"page.html": "{% include 'card.html' %}{{ articles | length }}", "card.html": "{{ item.content }}"}
    parsed = []
    real = templates.analyse
    monkeypatch.setattr(templates, "analyse", lambda env, source: parsed.append(source) or real(env, source))
    monkeypatch.setattr(templates, "_REMEMBERED", {})

    def facts():
        index = templates.TemplateIndex(tmp_path)
        found = index.uses(Environment(loader=DictLoader(sources)), "page.html")
        index.save()
        return found

    first = facts()
    assert first == ({"articles", "item"}, True, frozenset({"item"})) and len(parsed) == 2
    templates._REMEMBERED.clear()
    assert facts() == first and len(parsed) == 2  # from templates.json
    stored = json.loads((tmp_path / templates.FILE_NAME).read_text())
    for facts_of_one in stored["result"].values():
        facts_of_one["body"] = []  # a changed byte: the seal no longer matches
    (tmp_path / templates.FILE_NAME).write_text(json.dumps(stored))
    templates._REMEMBERED.clear()
    assert facts() == first and len(parsed) == 4


def test_feeds_are_reused_while_unchanged_and_follow_a_body_edit(tmp_path):
    from incremental import LAST_BUILD

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    assert LAST_BUILD["files"] == 0
    assert run_build(content, out, **FAST) == 0
    feeds = sorted(p.relative_to(out).as_posix() for p in (out / "feeds").rglob("*.xml"))
    # all, its rubric, its topic: Atom and RSS each; and the calendar of all events (without events here)
    assert LAST_BUILD["files"] == len(feeds) + 1 and len(feeds) >= 6
    edit(paths[0], "Ein Absatz Text.", "Ein Absatz Text. Neu im Feed.")  # n01: in every feed (twelve < 20)
    assert run_build(content, out, **FAST) == 0
    assert LAST_BUILD["files"] == 1  # the calendar
    assert "Neu im Feed." in (out / "feeds" / "alle.atom.xml").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "feeds")


def test_listings_are_written_after_the_content_pages_so_the_search_worker_overlaps_them(tmp_path):
    """The search worker starts when the content pages are written (``page_writer_finalized``); the listings,
    which it does not index, are written after that moment, while it works."""
    from pelican import signals

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)
    events: list[str] = []

    def written(path, context=None):
        events.append(Path(path).relative_to(out.parent).as_posix())

    def pages_done(generator, writer=None):
        events.append("pages done")

    signals.content_written.connect(written)
    signals.page_writer_finalized.connect(pages_done)
    try:
        assert run_build(content, out, **FAST) == 0
    finally:
        signals.content_written.disconnect(written)
        signals.page_writer_finalized.disconnect(pages_done)
    staged = [name.split("/", 1)[1] for name in events if name != "pages done"]
    done = events.index("pages done")
    before, after = staged[:done], staged[done:]
    assert "fachbeitraege/n01/index.html" in before, before  # an article page
    for listing in ("index.html", "themen/netze/index.html", "themen/netze/seite/2/index.html"):
        assert listing in after and listing not in before, (listing, before)


def test_a_build_whose_held_listings_were_never_written_fails(tmp_path, monkeypatch):
    """Without the generator that writes them, the held listings would be missing from the site: the build says
    so and fails (the previous output stays)."""
    import incremental

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    twelve(content)
    monkeypatch.setattr(incremental.HeldListings, "generate_output", lambda self, writer: None)
    assert run_build(content, out, **FAST) == 1
    assert not out.exists()


def test_held_listings_render_what_listings_written_at_once_render(tmp_path, monkeypatch):
    """The sample site built with listings held back (the default) and written when Pelican asks: same bytes."""
    import shutil

    from incremental import writer
    from tests.conftest import ROOT
    from tests.site.test_incremental import files

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    held = tmp_path / "held" / "output"
    assert run_build(content, held, **FAST) == 0
    original = writer.ReusingWriter.__init__

    def at_once(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.held = None

    monkeypatch.setattr(writer.ReusingWriter, "__init__", at_once)
    direct = tmp_path / "direct" / "output"
    assert run_build(content, direct, **FAST) == 0
    first, second = files(held), files(direct)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_feeds_count_once_per_build_and_again_when_the_newsletter_feed_joins(monkeypatch):
    """Every page sees the feeds (3 KB of JSON each for 3,600 pages at 5,000 articles): their part of the key is
    computed once, and again when the newsletter's feed joins them."""
    import jinja2

    from feeds.index import Feed, FeedIndex
    from incremental.listings import ListingKeys

    def feed(key: str) -> Feed:
        return Feed(key=key, name=key, group="Alles", label=key, title=key.title(), description="",
                    html_url="https://netz.example/", folder="feeds", siteurl="https://netz.example")

    valued = []
    own_value = ListingKeys.value

    def value(self, item):
        valued.append(type(item).__name__)
        return own_value(self, item)

    monkeypatch.setattr(ListingKeys, "value", value)
    index, keys, environment = FeedIndex([feed("alle")]), ListingKeys("netz"), jinja2.Environment()
    first = [keys.key(f"seite-{n}.html", {"feeds": index}, environment, "t", {"feeds"}, False) for n in range(3)]
    assert valued.count("FeedIndex") == 1
    index.all.append(feed("newsletter"))
    later = keys.key("seite-0.html", {"feeds": index}, environment, "t", {"feeds"}, False)
    assert valued.count("FeedIndex") == 2 and later != first[0]


def test_an_unchanged_feed_is_keyed_by_its_items_without_making_its_entries(tmp_path, monkeypatch):
    """Making an entry (the full text with absolute links) was the slow part of keying a feed; an unchanged feed
    now counts by its items' digests. A changed address of the topic pages (a setting) still changes the feeds
    that link them, and an item linking to other content counts by its entry."""
    from feeds import items
    from incremental import LAST_BUILD

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    made, real_from_article = [], items.from_article

    def from_article(article, settings, full):
        made.append(article.source_path)
        return real_from_article(article, settings, full)

    monkeypatch.setattr(items, "from_article", from_article)
    assert run_build(content, out, **FAST) == 0
    assert made == [] and LAST_BUILD["files"] >= 7
    moved = {"TAG_URL": "stichwort/{slug}/", "TAG_SAVE_AS": "stichwort/{slug}/index.html"}
    assert run_build(content, out, **FAST, **moved) == 0
    assert "/stichwort/netze/" in (out / "feeds" / "alle.atom.xml").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "stichwort", **moved)
    edit(paths[0], "Ein Absatz Text.", "Ein Absatz Text, siehe [n02]({filename}n02.md).")
    assert run_build(content, out, **FAST, **moved) == 0
    made.clear()
    assert run_build(content, out, **FAST, **moved) == 0
    assert str(paths[0]) in made  # its entry counts: its text links to n02
    assert_equals_full_build(tmp_path, content, out, "verweis", **moved)


def test_an_item_in_the_middle_of_a_listing_is_followed(tmp_path):
    """A list of items counts by one digest of all their digests (``items_digest``): an edit of any one of them,
    not only the first, renders the pages that show it again (the archive shows the whole list of ``dates``)."""
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    edit(paths[6], "title: Nachricht 7", "title: Mitten in der Liste")
    rebuild(tmp_path, content, out, "middle")
    assert "Mitten in der Liste" in (out / "archiv/index.html").read_text("utf-8")


def test_front_matter_saved_after_the_build_read_it_is_shown_by_the_next_build(tmp_path, monkeypatch):
    """An editor saves a new place for an event after the build read the file and before its listings were keyed
    (a listing key counts the front matter, and ``event`` is not among the values it names). The key counted the
    new front matter of the page showing the old place, so every later build took that page as it was."""
    from incremental import listings as keys
    from tests.newsletter.content import event

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    path = event(content, "treffen", "2026-03-20", "2026-12-01 10:00")
    twelve(content)
    assert run_build(content, out, **FAST) == 0
    edit(path, "Ein Absatz Text.", "Ein Absatz Text. Neu.")  # a rebuild, with listing keys
    source_digest, saved = keys.ListingKeys.source_digest, []

    def saving_meanwhile(self, source):
        if source == str(path) and not saved:
            saved.append(source)
            edit(path, "Stadthalle Lindenau", "Rathaus Lindenau")
        return source_digest(self, source)

    monkeypatch.setattr(keys.ListingKeys, "source_digest", saving_meanwhile)
    assert run_build(content, out, **FAST) == 0
    assert saved and "Rathaus" not in (out / "veranstaltungen" / "index.html").read_text("utf-8")
    monkeypatch.setattr(keys.ListingKeys, "source_digest", source_digest)
    assert run_build(content, out, **FAST) == 0
    assert "Rathaus Lindenau" in (out / "veranstaltungen" / "index.html").read_text("utf-8")
    assert_equals_full_build(tmp_path, content, out, "saved-meanwhile")


def test_a_rebuild_in_one_process_reads_only_the_edited_file_for_its_front_matter(tmp_path, monkeypatch):
    """The front matter's digest of each file is kept by the file's digest (``listings.HEADERS``): a rebuild in the
    same process (``invoke livereload``) opens no unchanged file to key the listings."""
    from incremental import listings

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    paths = twelve(content)
    assert run_build(content, out, **FAST) == 0
    opened = []

    def counted(path, *args, **kwargs):
        opened.append(str(path).rsplit("/", 1)[-1])
        return open(path, *args, **kwargs)

    monkeypatch.setattr(listings, "open", counted, raising=False)
    edit(paths[6], "title: Nachricht 7", "title: Die siebte Nachricht")
    rebuild(tmp_path, content, out, "headers")
    assert opened == ["n07.md"]
