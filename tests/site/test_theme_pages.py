"""The theme's HTML in the built sample site (content/, build date 2026-11-23): fast checks without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import html

ROOT = Path(__file__).resolve().parents[2]
UPCOMING = "veranstaltungen/netzwerktreffen-kv-mitte-2027"
ONLINE = "veranstaltungen/digitalforum-kv-mitte-2028"
PAST = "veranstaltungen/netzwerktreffen-kv-mitte-2025"
REPORT = "veranstaltungen/netzwerktreffen-2025-viel-praxis-klare-botschaften"
INTERVIEW = "interviews/notfalluebungen-bringen-mehr-als-jedes-handbuch"


def front_matter(relative: str) -> dict:
    text = (ROOT / "content" / relative).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def page(site: Path, url: str):
    """The page with its (relative) links resolved as a browser would, under the development SITEURL."""
    path = site / url / "index.html"
    assert path.exists(), f"{url}/ was not built"
    doc = html.fromstring(path.read_text(encoding="utf-8"))
    from pelicanconf import SITEURL

    doc.make_links_absolute(SITEURL + ("/" if url == "." else f"/{url}/"))
    return doc


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_every_page_is_german(sample_site):
    files = sorted(sample_site.rglob("*.html"))
    assert files
    wrong = [str(f.relative_to(sample_site)) for f in files
             if html.fromstring(f.read_bytes()).get("lang") != "de"]
    assert wrong == []


def test_every_page_has_skip_link_landmarks_and_one_h1(sample_site):
    for path in sorted(sample_site.rglob("*.html")):
        if "newsletter" in path.parts:  # other templates own the newsletter pages
            continue
        doc = html.fromstring(path.read_bytes())
        name = path.relative_to(sample_site)
        assert doc.cssselect("a.skip-link[href='#inhalt']"), name
        assert doc.cssselect("main#inhalt") and doc.cssselect("header.site-header"), name
        assert doc.cssselect("nav[aria-label='Hauptnavigation']"), name
        assert len(doc.cssselect("h1")) == 1, name


def test_stylesheet_is_fingerprinted_and_nothing_is_loaded_from_elsewhere(sample_site, site_url):
    doc = page(sample_site, UPCOMING)
    sheets = [link.get("href") for link in doc.cssselect("link[rel=stylesheet]")]
    assert len(sheets) == 1 and sheets[0].startswith(f"{site_url}/theme/css/site.")
    assert (sample_site / sheets[0][len(site_url) + 1:]).exists()
    for path in sample_site.rglob("*.html"):
        doc = html.fromstring(path.read_bytes())
        sources = doc.xpath("//img/@src | //script/@src | //link[@rel='stylesheet']/@href | //iframe/@src")
        foreign = [s for s in sources if s.startswith(("http:", "https:", "//")) and not s.startswith(site_url)]
        assert foreign == [], path.relative_to(sample_site)


def test_announcement_shows_german_date_place_and_registration(sample_site):
    meta = front_matter("events/netzwerktreffen-kv-mitte-2027.md")
    doc = page(sample_site, UPCOMING)
    facts = doc.cssselect(".event-facts")[0]
    assert "Donnerstag, 23. September 2027, 10:00 Uhr bis Freitag, 24. September 2027, 14:00 Uhr" in text(facts)
    assert "Tagungszentrum Alte Tuchfabrik" in text(facts)
    buttons = doc.xpath("//a[contains(@class, 'button')]")
    assert buttons and {b.get("href") for b in buttons} == {meta["event"]["registration_url"]}
    assert {text(b) for b in buttons} == {"Jetzt anmelden"}
    assert "vergangen" not in text(facts)
    assert "Weitere Termine" not in text(facts)  # the second day is already part of the label


def test_online_announcement_says_online(sample_site):
    facts = page(sample_site, ONLINE).cssselect(".event-facts dd")
    assert text(facts[1]) == "Online"


def test_past_announcement_is_marked_and_has_no_registration(sample_site):
    meta = front_matter("events/netzwerktreffen-kv-mitte-2025.md")
    doc = page(sample_site, PAST)
    assert "vergangen" in text(doc.cssselect(".event-state")[0])
    assert not doc.xpath("//a[contains(@class, 'button')]")
    assert not doc.xpath(f"//a[@href='{meta['event']['registration_url']}']")


def test_programme_has_one_column_header_per_track(sample_site):
    items = front_matter("events/netzwerktreffen-kv-mitte-2027.md")["programme"]
    first_day = [i for i in items if not i.get("date")]  # the first table: the first day's items
    tracks = list(dict.fromkeys(i["track"] for i in first_day if i.get("track")))
    assert len(tracks) == 2
    table = page(sample_site, UPCOMING).cssselect("table.programme__table")[0]
    headers = [text(th) for th in table.xpath("./thead/tr/th[@scope='col']")]
    assert headers == ["Zeit", *tracks]
    assert all(th.get("scope") == "row" for th in table.xpath("./tbody/tr/th"))
    # Stacked layout on phones: every track cell carries its column's name for the visible label.
    for row in table.xpath("./tbody/tr[not(contains(@class, 'programme__plenary'))]"):
        labels = [td.get("data-label") for td in row.xpath("./td[not(contains(@class, 'programme__empty'))]")]
        assert set(labels) <= set(tracks) and labels
    plenary = table.xpath("./tbody/tr[contains(@class, 'programme__plenary')]/td")
    assert plenary and all(td.get("colspan") == str(len(tracks)) for td in plenary)


def test_report_and_announcement_link_each_other(sample_site, site_url):
    announcement = page(sample_site, PAST)
    report = page(sample_site, REPORT)
    assert announcement.xpath(f"//p[@class='event-link']/a[@href='{site_url}/{REPORT}/']")
    assert report.xpath(f"//p[@class='event-link']/a[@href='{site_url}/{PAST}/']")


def test_series_lists_other_events(sample_site, site_url):
    links = page(sample_site, UPCOMING).xpath("//section[@class='series']//a/@href")
    assert f"{site_url}/{PAST}/" in links
    assert f"{site_url}/{UPCOMING}/" not in links


def test_speakers_and_exhibitors(sample_site):
    doc = page(sample_site, UPCOMING)
    assert "Bürgermeisterin, Stadt Elmsfeld" in text(doc.cssselect(".speakers")[0])
    assert doc.cssselect(".exhibitors a[href='https://kalibra.example.com']")


def test_interview_markup_and_interviewee(sample_site):
    doc = page(sample_site, INTERVIEW)
    qa = doc.cssselect(".entry-content dl.interview")[0]
    assert qa.cssselect("dt.frage b.sprecher") and qa.cssselect("dd.antwort b.sprecher")
    assert text(doc.cssselect(".interviewee__name")[0]) == "Thomas Reinecke"


def test_article_meta_share_and_neighbours(sample_site):
    doc = page(sample_site, INTERVIEW)
    assert "Min. Lesezeit" in text(doc.cssselect(".entry-meta")[0])
    share = doc.xpath("//section[h2[text()='Diesen Beitrag teilen']]//a/@href")
    assert len(share) == 4 and not any("facebook" in href for href in share)
    assert doc.cssselect(".prev-next a[rel=prev]") or doc.cssselect(".prev-next a[rel=next]")


def test_home_lists_latest_items_and_next_events(sample_site, site_url):
    doc = page(sample_site, ".")
    dates = doc.xpath("//section[.//h2[@id='termine']]//h3/a/@href")
    assert dates and dates[0] == f"{site_url}/{UPCOMING}/"  # the soonest event first
    latest = doc.xpath("//section[@class='home-lead' or @class='home-latest']//article//a/@href")
    assert len(latest) == 10 and all(href.startswith(site_url + "/") for href in latest)
    assert doc.cssselect("nav.pagination a[rel=next]")


@pytest.mark.parametrize("url, title", [("interviews", "Interviews"), ("fachbeitraege", "Fachbeiträge"),
                                        ("veranstaltungen", "Veranstaltungen"), ("themen/netze", "Netze"),
                                        ("archiv", "Archiv"), ("archiv/2026", "Jahrgang 2026"), ("themen", "Themen")])
def test_listings(sample_site, url, title):
    doc = page(sample_site, url)
    assert text(doc.cssselect("h1")[0]) == title
    assert doc.cssselect(".teaser, .archive-list li, .chips li")


def test_archive_pages_do_not_repeat_each_other(sample_site):
    first = page(sample_site, "archiv").xpath("//ul[@class='archive-list']//a/@href")
    second = page(sample_site, "archiv/seite/2").xpath("//ul[@class='archive-list']//a/@href")
    assert first and second and not set(first) & set(second)


@pytest.fixture(scope="module")
def site_url() -> str:
    from pelicanconf import SITEURL

    return SITEURL.rstrip("/")
