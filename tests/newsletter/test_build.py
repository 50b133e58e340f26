"""The newsletter inside real builds: artifacts (HTML, text, manifest), web version, archive, failures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from tests.conftest import run_build
from tests.newsletter.content import FAST, SITEURL, article, fixture_content, issue, png

UTM = {"utm_source": ["newsletter"], "utm_medium": ["email"], "utm_campaign": ["2026-11"]}
URL_LINE = re.compile(r"^(?:https?://\S+|%%UNSUBSCRIBE_URL%%)$")
ITEMS = {  # title → site-relative URL, in the issue's order
    "Neues Interview": "interviews/neues-interview/",
    "Bäderforum 2026: Energie sparen": "veranstaltungen/bericht-baederforum/",
    "Ein älterer Beitrag, angeheftet": "fachbeitraege/alter-beitrag/",
    "Genau Am Rundbrief": "fachbeitraege/genau-am-rundbrief/",
    "Neuer Fachbeitrag": "fachbeitraege/neuer-fachbeitrag/",
}
EVENTS = {
    "Netzwerktreffen 2027": ("veranstaltungen/netzwerktreffen-2027/", "Donnerstag, 23. September 2027, 10:00 Uhr"),
    "Adventsforum": ("veranstaltungen/adventsforum/", "Donnerstag, 10. Dezember 2026, 09:00–16:30 Uhr"),
}
IMPRINT = ["Netzwerk Kommunale Versorger Mitte e. V.", "eingetragener Verein", "Am Wasserturm 12", "34567 Lindenau",
           "Dr. Harald Winterfeld", "redaktion@kv-mitte.example.org", "+49 30 0000000",
           "Vereinsregister beim Amtsgericht Lindenau, VR 1234", "DE000000000"]


def files(base: Path, name: str) -> dict[str, str]:
    folder = base / "newsletter" / name
    return {f: (folder / f).read_text(encoding="utf-8") for f in ("email.html", "email.txt", "manifest.json")}


def check_text_part(text: str, html: str, width: int = 78) -> None:
    """Every URL alone on its line and complete (each link of the HTML part is a whole line); others ≤ width."""
    lines = text.split("\n")
    for line in lines:
        if "://" in line or "%%" in line and "SALUTATION" not in line:
            assert URL_LINE.match(line), f"URL not alone on its line: {line!r}"
            parts = urlsplit(line)
            assert line.startswith("%%") or (parts.scheme in ("http", "https") and parts.netloc), line
        else:
            assert len(line) <= width, f"line longer than {width}: {line!r}"
    hrefs = {a.get("href") for a in lxml_html.fromstring(html).iter("a")}
    for href in hrefs - {None}:
        if not href.startswith("mailto:"):
            assert href in lines, f"link of the HTML part missing (or broken) in the text part: {href}"


def test_manifest_is_the_contract(newsletter_site):
    manifest = json.loads(files(newsletter_site, "2026-11")["manifest.json"])
    assert manifest == {
        "issue": "2026-11", "title": "Rundbrief 2026-11", "subject": "Rundbrief 2026-11: Betreff",
        "preheader": "Vorschautext für 2026-11", "date": "2026-11-23",
        "web_url": f"{SITEURL}/newsletter/2026-11/",
        "items": ["interviews/neues-interview", "events/bericht-baederforum", "articles/alter-beitrag",
                  "articles/genau-am-rundbrief", "articles/neuer-fachbeitrag"],
        "events": ["events/netzwerktreffen-2027", "events/adventsforum"],
        "default_salutation": "Liebe Leserinnen und Leser,"}
    raw = files(newsletter_site, "2026-11")["manifest.json"]
    assert raw == json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_every_item_and_event_in_html_and_text(newsletter_site):
    art = files(newsletter_site, "2026-11")
    for title, url in ITEMS.items():
        full = f"{SITEURL}/{url}?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11"
        assert title in art["email.txt"] and full in art["email.txt"].split("\n")
        assert title.replace("ä", "ä") in lxml_html.fromstring(art["email.html"]).text_content()
    for title, (url, label) in EVENTS.items():
        for part in ("email.html", "email.txt"):
            assert title in art[part] and label in art[part] and "Stadthalle Lindenau" in art[part]
    text = art["email.txt"]
    assert text.index("Neues Interview") < text.index("Bäderforum") < text.index("Ein älterer") < text.index("TERMINE")


def test_not_selected(newsletter_site):
    art = files(newsletter_site, "2026-11")
    for slug in ("september-beitrag", "genau-am-vorigen-rundbrief", "nicht-im-rundbrief", "ausgeschlossen",
                 "entwurf", "fruehjahrsforum", "vergangene-tagung"):
        assert slug not in art["email.html"] and slug not in art["email.txt"], slug


def test_links_absolute_with_campaign_and_nothing_personal(newsletter_site):
    html = files(newsletter_site, "2026-11")["email.html"]
    doc = lxml_html.fromstring(html)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "%%UNSUBSCRIBE_URL%%" in hrefs
    for href in hrefs:
        assert href == "%%UNSUBSCRIBE_URL%%" or href.startswith(("https://", "http://", "mailto:")), href
        if href.startswith(SITEURL):
            assert parse_qs(urlsplit(href).query) == UTM, href
    assert f"{SITEURL}/newsletter/2026-11/?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11" in hrefs
    assert "https://anmeldung.example.org/adventsforum" in hrefs  # third-party links stay as they are
    for img in doc.iter("img"):
        assert img.get("src").startswith(SITEURL + "/") and img.get("alt"), lxml_html.tostring(img)


def test_text_part_urls_whole_and_lines_short(newsletter_site):
    for name in ("2026-09", "2026-11"):
        art = files(newsletter_site, name)
        check_text_part(art["email.txt"], art["email.html"])
    assert "https://example.org/ein/sehr/langer/pfad/der/laenger/ist/als/achtundsiebzig/zeichen/damit/er/nicht/" \
           "umbrochen/wird?a=1&b=2" in files(newsletter_site, "2026-11")["email.txt"].split("\n")


def test_placeholders_preheader_imprint_dark_mode(newsletter_site):
    art = files(newsletter_site, "2026-11")
    html, text = art["email.html"], art["email.txt"]
    for part in (html, text):
        assert "%%SALUTATION%%" in part and "%%UNSUBSCRIBE_URL%%" in part and "Im Browser ansehen" in part
        for value in IMPRINT:
            assert value in part, value
    preview = lxml_html.fromstring(html).xpath("//body/div[1]")[0]
    assert "display:none" in preview.get("style").replace(" ", "")
    assert preview.text_content().startswith("Vorschautext für 2026-11")
    assert '<meta name="color-scheme" content="light dark">' in html and "prefers-color-scheme: dark" in html
    assert "<title>Rundbrief 2026-11: Betreff</title>" in html and 'lang="de"' in html
    assert "mso" in html and 'role="presentation"' in html  # MJML's Outlook tables
    assert 'style="margin: 0 0 6px;font-size: 20px' in html or "font-size: 20px" in html  # css-inline ran
    assert "/* inline */" not in html


def test_images_raster_absolute_svg_omitted(newsletter_site):
    html = files(newsletter_site, "2026-11")["email.html"]
    srcs = [img.get("src") for img in lxml_html.fromstring(html).iter("img")]
    # The e-mail derivative of images/foto.png (plugins/images): a JPEG, never wider than the 640 px original.
    assert len(srcs) == 1 and re.fullmatch(re.escape(f"{SITEURL}/images/foto-640.") + r"[0-9a-f]{12}\.jpg", srcs[0])
    assert 'alt="Ein Umspannwerk im Abendlicht"' in html and ".svg" not in html


def test_web_version_and_archive(newsletter_site):
    out = newsletter_site / "output" / "newsletter"
    page = (out / "2026-11" / "index.html").read_text(encoding="utf-8")
    for title in [*ITEMS, *EVENTS]:
        assert title in page
    assert "%%" not in page and "utm_" not in page
    # Relative like every development page (any port works), the editorial's {filename} link too.
    assert 'href="../../newsletter/archiv/"' in page and 'href="../../newsletter/2026-09/"' in page
    assert 'href="../../interviews/neues-interview/"' in page
    archive = (out / "archiv" / "index.html").read_text(encoding="utf-8")
    assert archive.index("Rundbrief 2026-11") < archive.index("Rundbrief 2026-09")
    assert "Vorschautext für 2026-09" in archive


def test_drafts_and_future_issues_are_not_built(newsletter_site):
    built = sorted(p.name for p in (newsletter_site / "newsletter").iterdir())
    assert built == ["2026-09", "2026-11"]
    assert not (newsletter_site / "output" / "newsletter" / "2026-10").exists()
    assert "2026-12" not in (newsletter_site / "output" / "newsletter" / "archiv" / "index.html").read_text()


def test_newsletter_issues_in_context(newsletter_site):
    from content_model.build import load_settings
    from newsletter.generator import NewsletterGenerator

    settings = load_settings(Path(__file__).parents[2] / "pelicanconf.py",
                             {"PATH": str(newsletter_site / "content"), "BUILD_DATE": "2026-11-23"})
    context: dict = {}
    NewsletterGenerator(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                        output_path=str(newsletter_site / "unused"))
    entries = context["newsletter_issues"]
    assert [(e.title, e.url, e.uid, e.summary) for e in entries] == [
        ("Rundbrief 2026-11", "newsletter/2026-11/", "newsletter/2026-11", "Vorschautext für 2026-11"),
        ("Rundbrief 2026-09", "newsletter/2026-09/", "newsletter/2026-09", "Vorschautext für 2026-09")]
    assert entries[0].date.isoformat() == "2026-11-23T00:00:00+01:00"


def test_artifacts_byte_identical_across_builds(newsletter_site, tmp_path):
    content = fixture_content(tmp_path / "content")
    assert run_build(content, tmp_path / "output", **FAST) == 0
    for name in ("2026-09", "2026-11"):
        for part in ("email.html", "email.txt", "manifest.json"):
            first = (newsletter_site / "newsletter" / name / part).read_bytes()
            assert first == (tmp_path / "newsletter" / name / part).read_bytes(), f"{name}/{part} differs"


def test_twenty_items_stay_under_gmail_clipping(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "foto.png").write_bytes(png())  # `invoke check` refuses images under 480 px
    for n in range(20):
        article(content, f"beitrag-{n:02d}", f"2026-11-{n + 1:02d}", title=f"Beitrag Nummer {n} über Netze und Wärme",
                summary="Ein Anreißer, wie ihn die Redaktion schreibt: zwei bis drei Sätze über das Thema. " * 3,
                image="images/foto.png", image_alt=f"Bild zu Beitrag {n}", authors=["Sabine Ortmann"])
    issue(content, "2026-11", "2026-11-23", "Liebe Grüße.\n\n" + "Ein Editorial mit etwas Text. " * 40)
    assert run_build(content, tmp_path / "output", **FAST) == 0
    art = files(tmp_path, "2026-11")
    size = len(art["email.html"].encode("utf-8"))
    assert size < 102 * 1024, f"{size} bytes: Gmail clips messages above 102 KB"
    assert len(json.loads(art["manifest.json"])["items"]) == 20
    assert all(f"Beitrag Nummer {n} über" in art["email.html"] for n in range(20))
    check_text_part(art["email.txt"], art["email.html"])


def test_empty_issue_fails_naming_the_file(tmp_path, capsys):
    content = tmp_path / "content"
    article(content, "alt", "2026-01-10")
    issue(content, "2026-01", "2026-01-15")
    issue(content, "2026-11", "2026-11-23")
    assert run_build(content, tmp_path / "output", **FAST) == 1
    err = capsys.readouterr().err
    assert "content/newsletter/2026-11.md" in err and "nichts zu zeigen" in err
    assert not (tmp_path / "newsletter").exists() and not (tmp_path / "output").exists()


def test_unknown_pinned_slug_fails_with_file_and_line(tmp_path, capsys):
    from content_model.build import build

    content = tmp_path / "content"
    article(content, "da", "2026-11-10")
    issue(content, "2026-11", "2026-11-23", items=["da", "gibt-es-nicht"])
    assert run_build(content, tmp_path / "output", **FAST) == 1  # `invoke check` finds it first
    assert "content/newsletter/2026-11.md:8: items[2]" in capsys.readouterr().err
    values = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out2"), "BUILD_DATE": "2026-11-23",
              "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "nl2"), **FAST}
    assert build(Path(__file__).parents[2] / "pelicanconf.py", overrides=values, check_first=False) == 1
    assert "content/newsletter/2026-11.md:8: items[2]: Kein Beitrag" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["2026-09", "2026-11"])
def test_sample_issues(sample_site, name):
    art = files(sample_site.parent, name)
    check_text_part(art["email.txt"], art["email.html"])
    manifest = json.loads(art["manifest.json"])
    assert manifest["issue"] == name and manifest["items"]
    assert len(art["email.html"].encode()) < 102 * 1024
