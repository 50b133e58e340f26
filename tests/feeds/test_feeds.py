"""Feeds (plugins/feeds): which feeds exist, their contents, validity, stable ids and deterministic output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import feedparser
import lxml.etree
import pytest

from tests.conftest import run_build
from tests.feeds.feedcheck import ATOM, CONTENT, check

FIXTURE = Path(__file__).parent / "content"
SITEURL = "http://127.0.0.1:8000"


def feed_files(out: Path) -> list[Path]:
    return sorted((out / "feeds").rglob("*.xml"))


def entries(path: Path) -> dict:
    """title → (id, link) of every entry/item."""
    root = lxml.etree.fromstring(path.read_bytes())
    if root.tag == "rss":
        return {i.findtext("title"): (i.findtext("guid"), i.findtext("link")) for i in root.iter("item")}
    return {e.findtext(f"{{{ATOM}}}title"): (e.findtext(f"{{{ATOM}}}id"), e.find(f"{{{ATOM}}}link").get("href"))
            for e in root.iter(f"{{{ATOM}}}entry")}


def test_sample_site_has_every_feed(sample_site):
    names = {p.relative_to(sample_site / "feeds").as_posix() for p in feed_files(sample_site)}
    for stem in ("alle", "interviews", "veranstaltungen", "fachbeitraege", "themen/waermeplanung"):
        assert {f"{stem}.atom.xml", f"{stem}.rss.xml"} <= names
    tags = {p.name for p in (sample_site / "themen").iterdir() if p.is_dir()}
    assert tags and all(f"themen/{tag}.atom.xml" in names for tag in tags)


@pytest.mark.parametrize("site", ["sample_site", "fixture_site"])
def test_every_feed_is_valid(site, request):
    out = request.getfixturevalue(site)
    files = feed_files(out)
    assert len(files) >= 8
    for path in files:
        data = path.read_bytes()
        report = check(data, self_url=f"{SITEURL}/{path.relative_to(out).as_posix()}")
        assert report.ok, f"{path.relative_to(out)}:\n{report}"
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, f"{path.relative_to(out)}: {parsed.get('bozo_exception')}"
        assert parsed.feed.get("language", "de").startswith("de")


def test_rss_item_contents(fixture_site):
    root = lxml.etree.fromstring((fixture_site / "feeds/alle.rss.xml").read_bytes())
    channel = root.find("channel")
    assert channel.findtext("language") == "de"
    assert channel.findtext("description")
    items = {i.findtext("title"): i for i in channel.iter("item")}
    assert len(items) == 7  # everything but the page
    article = items["Glasfaser im Kooperationsmodell"]
    assert article.findtext("link") == f"{SITEURL}/fachbeitraege/glasfaser-im-kooperationsmodell/"
    guid = article.find("guid")
    assert guid.get("isPermaLink") == "false" and guid.text.startswith("urn:uuid:")
    assert article.findtext("pubDate") == "Thu, 10 Sep 2026 00:00:00 +0200"
    assert article.findtext("description") == "Wie zwei Stadtwerke den Ausbau teilen."
    assert [c.text for c in article.findall("category")] == ["Digitalisierung"]
    enclosure = article.find("enclosure")
    assert enclosure.get("url") == f"{SITEURL}/images/tagung.svg"
    assert enclosure.get("type") == "image/svg+xml"
    assert int(enclosure.get("length")) == (FIXTURE / "images/tagung.svg").stat().st_size
    content = article.findtext(f"{{{CONTENT}}}encoded")
    assert f'src="{SITEURL}/images/tagung.svg"' in content  # root-relative made absolute
    assert f'href="{SITEURL}/interviews/warum-die-waermeplanung-zeit-braucht/"' in content  # ../../ resolved
    # {filename}: the link made while the content was read, though with RELATIVE_URLS the entries are made after
    # the pages were written (each moving the base for links)
    assert content.count(f'href="{SITEURL}/interviews/warum-die-waermeplanung-zeit-braucht/"') == 2
    interview = items["Warum die Wärmeplanung Zeit braucht"]
    assert interview.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Jan-Henrik Vogt"
    assert interview.find("author") is None  # RSS <author> would have to be an e-mail address
    # No build time: the channel dates are the newest item's.
    assert channel.findtext("lastBuildDate") == "Wed, 04 Nov 2026 00:00:00 +0100"


def test_atom_entry_contents(fixture_site):
    root = lxml.etree.fromstring((fixture_site / "feeds/alle.atom.xml").read_bytes())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert root.findtext(f"{{{ATOM}}}updated") == "2026-11-04T00:00:00+01:00"
    found = {e.findtext(f"{{{ATOM}}}title"): e for e in root.iter(f"{{{ATOM}}}entry")}
    article = found["Glasfaser im Kooperationsmodell"]
    assert article.findtext(f"{{{ATOM}}}published") == "2026-09-10T00:00:00+02:00"
    assert article.findtext(f"{{{ATOM}}}updated") == "2026-09-12T00:00:00+02:00"  # from `modified`
    links = {link.get("rel", "alternate"): link for link in article.findall(f"{{{ATOM}}}link")}
    assert links["alternate"].get("href") == f"{SITEURL}/fachbeitraege/glasfaser-im-kooperationsmodell/"
    assert links["enclosure"].get("type") == "image/svg+xml" and int(links["enclosure"].get("length")) > 0
    assert article.find(f"{{{ATOM}}}content").get("type") == "html"
    assert article.findtext(f"{{{ATOM}}}summary") == "Wie zwei Stadtwerke den Ausbau teilen."
    assert [c.get("term") for c in article.findall(f"{{{ATOM}}}category")] == ["Digitalisierung"]
    # The same item has the same id in RSS and Atom, and in every feed it appears in.
    rss = entries(fixture_site / "feeds/alle.rss.xml")
    tag = entries(fixture_site / "feeds/themen/digitalisierung.atom.xml")
    assert rss["Glasfaser im Kooperationsmodell"][0] == article.findtext(f"{{{ATOM}}}id")
    assert tag["Glasfaser im Kooperationsmodell"][0] == article.findtext(f"{{{ATOM}}}id")


def test_kind_and_tag_feeds_hold_their_items(fixture_site):
    assert set(entries(fixture_site / "feeds/interviews.atom.xml")) == {"Warum die Wärmeplanung Zeit braucht"}
    assert len(entries(fixture_site / "feeds/veranstaltungen.rss.xml")) == 5
    assert set(entries(fixture_site / "feeds/themen/waermeplanung.atom.xml")) == {
        "Warum die Wärmeplanung Zeit braucht", "Wintertagung Netze 2027"}
    assert not (fixture_site / "feeds/newsletter.atom.xml").exists()  # no issues, no feed


def test_settings_cap_items_and_drop_content(tmp_path):
    out = tmp_path / "output"
    assert run_build(FIXTURE, out, FEEDS_MAX_ITEMS=3, FEEDS_FULL_CONTENT=False, FEEDS_PER_TAG=False) == 0
    root = lxml.etree.fromstring((out / "feeds/alle.rss.xml").read_bytes())
    items = root.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Aktionstage Wasser", "Sommer-Webinar 2027",
                                                    "Wintertagung Netze 2027"]
    assert all(i.find(f"{{{CONTENT}}}encoded") is None and i.findtext("description") for i in items)
    assert not (out / "feeds/themen").exists()
    assert check((out / "feeds/alle.atom.xml").read_bytes()).ok


def test_newsletter_feed_from_issues(sample_site):
    """The newsletter plugin's ``newsletter_issues`` become a feed of their own."""
    path = sample_site / "feeds/newsletter.atom.xml"
    assert path.exists()
    found = entries(path)
    assert found and all(link.startswith(f"{SITEURL}/newsletter/") for _id, link in found.values())
    assert check(path.read_bytes()).ok and check((sample_site / "feeds/newsletter.rss.xml").read_bytes()).ok


def test_newsletter_feed_unit():
    from feeds.index import newsletter_feed
    from feeds.render import render
    from feeds.settings import DEFAULTS

    berlin = dt.timezone(dt.timedelta(hours=1))
    issues = [SimpleNamespace(title=f"Rundbrief {m}", date=dt.datetime(2026, m, 1, tzinfo=berlin),
                              url=f"newsletter/2026-{m:02d}/", uid=f"newsletter/2026-{m:02d}", summary="Kurz & gut")
              for m in (9, 11, 10)]
    settings = {"SITEURL": SITEURL, "SITENAME": "Netzbrief", "AUTHOR": "Redaktion"}
    options = {**DEFAULTS, "MAX_ITEMS": 2}
    assert newsletter_feed([], settings, options) is None
    feed = newsletter_feed(issues, settings, options)
    for fmt in ("atom", "rss"):
        data = render(feed, fmt, settings, options)
        assert check(data, feed.absolute_url(fmt)).ok
        assert entries_from_bytes(data) == ["Rundbrief 11", "Rundbrief 10"]


def entries_from_bytes(data: bytes) -> list[str]:
    root = lxml.etree.fromstring(data)
    if root.tag == "rss":
        return [i.findtext("title") for i in root.iter("item")]
    return [e.findtext(f"{{{ATOM}}}title") for e in root.iter(f"{{{ATOM}}}entry")]


def test_ids_survive_a_title_and_slug_change(content_copy, tmp_path):
    source = content_copy / "interviews/waermeplanung-ist-kein-gutachten-fuer-die-schublade.md"
    before_out, after_out = tmp_path / "before", tmp_path / "after"
    assert run_build(content_copy, before_out) == 0
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('title: "Wärmeplanung ist kein Gutachten für die Schublade"',
                                   'title: "Wärmeplanung ist kein Papier für die Ablage"'), encoding="utf-8")
    assert run_build(content_copy, after_out) == 0
    for name in ("alle.atom.xml", "alle.rss.xml", "interviews.atom.xml"):
        old = entries(before_out / "feeds" / name)["Wärmeplanung ist kein Gutachten für die Schublade"]
        new = entries(after_out / "feeds" / name)["Wärmeplanung ist kein Papier für die Ablage"]
        assert new[1].endswith("/interviews/waermeplanung-ist-kein-papier-fuer-die-ablage/") and new[1] != old[1]
        assert new[0] == old[0]


def test_output_is_deterministic(fixture_site, tmp_path):
    """A second build (another day, another folder) writes byte-identical feeds: no build time inside."""
    again = tmp_path / "output"
    assert run_build(FIXTURE, again, date="2026-11-24") == 0
    for path in feed_files(fixture_site):
        assert (again / path.relative_to(fixture_site)).read_bytes() == path.read_bytes(), path.name


def test_subscribe_page_lists_every_feed(fixture_site):
    html = (fixture_site / "abonnieren/index.html").read_text(encoding="utf-8")
    assert "<h1>Abonnieren</h1>" in html
    for path in feed_files(fixture_site):
        assert f'href="../{path.relative_to(fixture_site).as_posix()}"' in html  # relative: any port works
    assert 'href="webcal://127.0.0.1:8000/veranstaltungen/kalender.ics"' in html


def test_autodiscovery_links(fixture_site):
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    article = (fixture_site / "interviews/warum-die-waermeplanung-zeit-braucht/index.html").read_text("utf-8")
    listing = (fixture_site / "interviews/index.html").read_text(encoding="utf-8")
    tag = (fixture_site / "themen/waermeplanung/index.html").read_text(encoding="utf-8")
    main = '<link rel="alternate" type="application/atom+xml" title="Netzbrief – alle Beiträge (Atom)" href="{}">'
    for html, root in ((home, "."), (article, "../.."), (listing, ".."), (tag, "../..")):  # relative to each page
        assert main.format(f"{root}/feeds/alle.atom.xml") in html and f'href="{root}/feeds/alle.rss.xml"' in html
    assert 'href="../feeds/interviews.atom.xml"' in listing
    assert "feeds/interviews.atom.xml" not in article
    assert 'href="../../feeds/themen/waermeplanung.rss.xml"' in tag


def test_checker_catches_problems():
    """The checker is only worth something if it fails bad feeds."""
    bad_rss = b"""<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <title>t</title><link>/relative</link><description>d</description><lastBuildDate>2026-11-04</lastBuildDate>
      <item><title>a</title><guid>not-a-url</guid><author>Jan</author><pubDate>Mon, 04 Nov 2026 00:00:00 CET</pubDate>
      <enclosure url="x.jpg" length="" type="image"/><description>&lt;a href="../x"&gt;x&lt;/a&gt;</description>
      </item><item><title>b</title><guid isPermaLink="false">not-a-url</guid></item><foo/></channel></rss>"""
    report = check(bad_rss)
    text = str(report)
    for expected in ("<link> must be an absolute URL", "lastBuildDate", "must be a full URL", "e-mail address",
                     "pubDate", "enclosure url", "enclosure length", "enclosure type", "duplicate <guid>",
                     "unknown element <foo>", "relative URL reference", 'atom:link with rel="self"'):
        assert expected in text, expected
    bad_atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>feed</id><title>t</title>
      <updated>2026-11-04 00:00</updated><entry><id>urn:uuid:1</id><title>a</title>
      <updated>2026-11-04T00:00:00+01:00</updated><content type="CDATA">x</content></entry>
      <entry><id>urn:uuid:1</id><updated>2026-11-05T00:00:00Z</updated><link href="/x"/></entry></feed>"""
    text = str(check(bad_atom))
    for expected in ("must be an absolute IRI", "<updated> must be an RFC 3339", "no author", "type must be text",
                     "duplicate <id>", "<title> is required", "link href must be absolute", "not sorted"):
        assert expected in text, expected
