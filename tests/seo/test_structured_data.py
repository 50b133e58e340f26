"""Structured data and SEO (plugins/structured_data): JSON-LD per kind, meta tags, sitemap, robots, 404, favicon."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from subscriptions.generator import PAGES as SUBSCRIPTION_PAGES
from tests.conftest import ROOT, run_build
from tests.seo.schema_org import problems

FIXTURE = ROOT / "tests/feeds/content"
SITEURL = "http://127.0.0.1:8000"
# Pages that must say noindex and have no canonical URL: the 404, the search, the newsletter sign-up's result pages.
NOINDEX_PAGES = {"404.html", "suche/index.html"} | {save_as for _, save_as, _ in SUBSCRIPTION_PAGES}
ISO_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seo") / "output"
    assert run_build(FIXTURE, out) == 0
    return out


def page(out: Path, path: str):
    return lxml.html.fromstring((out / path).read_bytes())


def jsonld(doc) -> list:
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def meta(doc, attribute: str, name: str) -> list:
    return doc.xpath(f'//meta[@{attribute}="{name}"]/@content')


def html_files(out: Path):
    return [p for p in out.rglob("*.html") if "pagefind" not in p.parts]


@pytest.mark.parametrize("site_name", ["site", "sample_site"])
def test_every_json_ld_parses_and_uses_schema_org_only(site_name, request):
    out = request.getfixturevalue(site_name)
    seen_types = set()
    for path in html_files(out):
        raw = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
            data = json.loads(block)
            assert data["@context"] == "https://schema.org", path
            assert problems(data) == [], f"{path.relative_to(out)}: {problems(data)}"
            seen_types.add(data["@type"])
    assert {"NewsArticle", "Event", "WebSite", "CollectionPage", "WebPage"} <= seen_types


def test_news_article_for_articles(site):
    [data] = jsonld(page(site, "fachbeitraege/glasfaser-im-kooperationsmodell/index.html"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Glasfaser im Kooperationsmodell"
    assert data["url"] == data["mainEntityOfPage"] == f"{SITEURL}/fachbeitraege/glasfaser-im-kooperationsmodell/"
    assert data["datePublished"] == "2026-09-10T00:00:00+02:00"
    assert data["dateModified"] == "2026-09-12T00:00:00+02:00"
    assert data["image"] == [f"{SITEURL}/images/tagung.svg"]
    assert data["description"] == "Wie zwei Stadtwerke den Ausbau teilen."
    assert data["publisher"]["@type"] == "Organization"
    assert [a["name"] for a in data["author"]] == ["Redaktion KV Mitte"]  # Pelican's AUTHOR when none is given
    assert data["keywords"] == ["Digitalisierung"] and data["articleSection"] == "Fachbeiträge"
    assert data["inLanguage"] == "de"


def test_news_article_about_the_interviewee(site):
    [data] = jsonld(page(site, "interviews/warum-die-waermeplanung-zeit-braucht/index.html"))
    assert data["@type"] == "NewsArticle" and data["genre"] == "Interview"
    assert data["author"] == [{"@type": "Person", "name": "Jan-Henrik Vogt",
                               "url": f"{SITEURL}/autoren/jan-henrik-vogt/"}]
    assert data["about"] == {"@type": "Person", "name": "Dr. Hanna Lübke", "jobTitle": "Leiterin Wärmeplanung",
                             "worksFor": {"@type": "Organization", "name": "Stadtwerke Lindenau"}}


def test_event_for_announcements(site):
    [data] = jsonld(page(site, "veranstaltungen/wintertagung/index.html"))
    assert data["@type"] == "Event" and data["name"] == "Wintertagung Netze 2027"
    assert data["startDate"] == "2027-01-14T09:00:00+01:00" and data["endDate"] == "2027-01-14T12:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Rathaus Lindenau",
                                "address": {"@type": "PostalAddress", "postalCode": "34567",
                                            "addressLocality": "Lindenau", "addressCountry": "DE",
                                            "streetAddress": "Markt 1"}}
    assert [o["name"] for o in data["organizer"]] == ["Netzwerk Kommunale Versorger Mitte e. V.",
                                                      "Stadtwerke Lindenau"]
    assert data["performer"][0] == {"@type": "Person", "name": "Anna Roth", "jobTitle": "Geschäftsführerin",
                                    "worksFor": {"@type": "Organization", "name": "Stadtwerke Lindenau"}}
    assert data["offers"] == {"@type": "Offer", "url": "https://example.org/anmeldung/winter",
                              "availability": "https://schema.org/InStock"}
    assert "price" not in json.dumps(data)
    assert [(s["name"], s["startDate"], s.get("endDate")) for s in data["subEvent"]] == [
        ("Begrüßung", "2027-01-14T09:00:00+01:00", "2027-01-14T09:30:00+01:00"),
        ("Netze im Winter", "2027-01-14T09:30:00+01:00", "2027-01-14T12:00:00+01:00")]
    assert data["subEvent"][0]["location"] == {"@type": "Place", "name": "Ratssaal"}


def test_event_attendance_modes_and_dates(site):
    [online] = jsonld(page(site, "veranstaltungen/sommer-webinar/index.html"))
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://stream.example.org/sommer"}
    assert online["startDate"] == "2027-07-08T09:00:00+02:00"  # summer offset
    [hybrid] = jsonld(page(site, "veranstaltungen/aktionstage-wasser/index.html"))
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in hybrid["location"]] == ["Place", "VirtualLocation"]
    assert hybrid["location"][0] == {"@type": "Place", "name": "Stadthalle Elmsfeld", "address": "Stadthalle Elmsfeld"}
    assert hybrid["startDate"] == "2027-05-03" and hybrid["endDate"] == "2027-05-10"  # all-day: dates only
    assert "offers" not in hybrid and "subEvent" not in hybrid


def test_report_is_an_article_about_its_event(site):
    [data] = jsonld(page(site, "veranstaltungen/herbstforum-2026-bericht/index.html"))
    assert data["@type"] == "NewsArticle"
    event = data["about"]
    assert event["@type"] == "Event" and event["url"] == f"{SITEURL}/veranstaltungen/herbstforum-2026/"
    assert ISO_OFFSET.match(event["startDate"]) and "offers" not in event  # past: registration closed


def test_listing_and_page_json_ld(site):
    [home] = jsonld(page(site, "index.html"))
    assert home["@type"] == "WebSite" and home["url"] == f"{SITEURL}/"
    [listing] = jsonld(page(site, "interviews/index.html"))
    assert listing["@type"] == "CollectionPage" and listing["url"] == f"{SITEURL}/interviews/"
    [contact] = jsonld(page(site, "kontakt/index.html"))
    assert contact["@type"] == "WebPage" and contact["description"].startswith("So erreichen Sie")


def test_json_ld_cannot_close_its_script():
    from structured_data.jsonld import dump

    text = dump({"@type": "Thing", "name": "</script><script>alert(1)</script> <!-- x"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> <!-- x"


def test_head_meta_tags(site):
    doc = page(site, "fachbeitraege/glasfaser-im-kooperationsmodell/index.html")
    url = f"{SITEURL}/fachbeitraege/glasfaser-im-kooperationsmodell/"
    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
    assert meta(doc, "name", "description") == ["Wie zwei Stadtwerke den Ausbau teilen."]
    assert meta(doc, "property", "og:url") == [url]
    assert meta(doc, "property", "og:type") == ["article"]
    assert meta(doc, "property", "og:title") == ["Glasfaser im Kooperationsmodell"]
    assert meta(doc, "property", "og:image") == [f"{SITEURL}/images/tagung.svg"]
    assert meta(doc, "property", "og:image:alt") == ["Grafik eines Tagungssaals"]
    assert meta(doc, "property", "og:locale") == ["de_DE"]
    assert meta(doc, "property", "article:published_time") == ["2026-09-10T00:00:00+02:00"]
    assert meta(doc, "name", "twitter:card") == ["summary_large_image"]
    assert meta(doc, "name", "twitter:image") == [f"{SITEURL}/images/tagung.svg"]
    assert doc.xpath('//link[@rel="icon"]/@href') == ["../../theme/favicon.svg"]  # relative: any port works
    assert (site / "theme/favicon.svg").exists()
    # Quotes and angle brackets in a summary stay inside the attribute.
    winter = page(site, "veranstaltungen/wintertagung/index.html")
    assert meta(winter, "name", "description")[0].startswith("Die Wintertagung am 14. Januar 2027")


def test_every_page_has_description_and_canonical(site):
    for path in html_files(site):
        doc = lxml.html.fromstring(path.read_bytes())
        relative = path.relative_to(site).as_posix()
        assert meta(doc, "name", "description") and meta(doc, "name", "description")[0].strip(), relative
        canonical = doc.xpath('//link[@rel="canonical"]/@href')
        if relative in NOINDEX_PAGES:
            assert canonical == [] and meta(doc, "name", "robots") == ["noindex, follow"], relative
        else:
            expected = f"{SITEURL}/{relative[:-len('index.html')] if relative.endswith('index.html') else relative}"
            assert canonical == [expected], relative
            assert not meta(doc, "name", "robots"), relative


def test_sitemap(site):
    root = lxml.etree.fromstring((site / "sitemap.xml").read_bytes())
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert list(urls)[0] == f"{SITEURL}/"
    for path in ("fachbeitraege/glasfaser-im-kooperationsmodell/", "interviews/warum-die-waermeplanung-zeit-braucht/",
                 "veranstaltungen/wintertagung/", "kontakt/", "interviews/", "themen/waermeplanung/", "abonnieren/"):
        assert f"{SITEURL}/{path}" in urls, path
    assert urls[f"{SITEURL}/fachbeitraege/glasfaser-im-kooperationsmodell/"] == "2026-09-12T00:00:00+02:00"
    assert urls[f"{SITEURL}/kontakt/"] == "2026-01-01T00:00:00+01:00"
    assert urls[f"{SITEURL}/"] == "2026-11-04T00:00:00+01:00"  # the newest item
    assert f"{SITEURL}/404.html" not in urls and f"{SITEURL}/suche/" not in urls
    for loc, lastmod in urls.items():
        relative = loc[len(SITEURL) + 1:]
        assert (site / relative / "index.html").exists() or (site / relative).is_file(), loc
        if lastmod:
            assert dt.datetime.fromisoformat(lastmod).tzinfo is not None


def test_sitemap_skips_drafts_and_scheduled(content_copy, tmp_path):
    draft = content_copy / "articles/preisanpassungen-verstaendlich-erklaeren-leitfaden-fuer-den-kundenservice.md"
    assert "status: draft" in draft.read_text(encoding="utf-8")
    out = tmp_path / "output"
    assert run_build(content_copy, out, date="2026-04-13") == 0  # the Forum Wärmewende announcement is tomorrow's
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "preisanpassungen-verstaendlich" not in sitemap
    assert "/veranstaltungen/forum-waermewende-2026/" not in sitemap
    assert "/interviews/waermeplanung-ist-kein-gutachten-fuer-die-schublade/" in sitemap


def test_robots_txt(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


def test_404_is_noindex(sample_site):
    doc = page(sample_site, "404.html")
    assert meta(doc, "name", "robots") == ["noindex, follow"]
    assert doc.xpath("//html/@lang") == ["de"]
