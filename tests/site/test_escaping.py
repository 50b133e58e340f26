"""Hostile front matter in every text field of every kind, built for real: no value lands in a page as markup.

Each value carries a script, an attribute break-out and an SVG payload, and its field's name (``@article.title@``),
so a failure names the field. Such text is legal (``invoke check`` passes it); the build must show it as text in
every page, feed page, the newsletter's web version and e-mail. URL fields refuse such values instead
(test_urls.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from lxml import html

from content_model.validate import check
from tests.conftest import run_build
from tests.newsletter.content import png

PAYLOADS = ('<script>alert("{id}")</script>', '"><img src=x onerror=alert("{id}")>', "'><svg onload=alert('{id}')>")
# Site pages (Jinja) escape every <, >, " and ': not even a part of a payload may stand in them unescaped. The
# e-mail is serialised by MJML and css-inline, which (as HTML allows) keep < > ' inside "-quoted attribute
# values: there no payload with a double quote may stand unescaped, and the parsed document decides.
RAW = ("<script>alert(", "<img src=x", "<svg onload")
SHOWN: dict[str, str] = {}  # every hostile value that must appear (as text) somewhere in the output
PIECES: list[str] = []  # every single payload written into the content
NOT_SHOWN = ("article.uid", "page.tags", "page.authors")  # no template shows these; they must still not leak
TITLE = """Das „Netz“ sagt "Hallo" & 'tschüss' <b>fett</b>"""  # must round-trip exactly
ALT = 'Plakat "Netze 2030"'
EDITORIAL = "Hier steht **Markdown** & [ein Verweis](https://example.org/rundbrief)."  # HTML by design
TYPOGRAPHIC = str.maketrans({"„": '"', "“": '"', "‚": "'", "‘": "'", "’": "'"})  # summaries get German quotes


def hostile(field: str) -> str:
    marker = f"@{field}@"
    PIECES.extend(p.format(id=marker) for p in PAYLOADS)
    value = f"{marker} " + " ".join(PIECES[-len(PAYLOADS):])
    SHOWN[field] = value
    return value


def common(kind: str, slug: str, date: str, image: bool = True) -> dict:
    meta = {"title": hostile(f"{kind}.title"), "slug": slug, "date": date, "tags": [hostile(f"{kind}.tags")],
            "authors": [hostile(f"{kind}.authors")]}
    if kind != "page":
        meta["summary"] = hostile(f"{kind}.summary")
    if image:
        meta.update(image="images/foto.png", image_alt=hostile(f"{kind}.image_alt"))
    return meta


def person(name: str) -> dict:
    return {"name": hostile(f"{name}.name"), "role": hostile(f"{name}.role"),
            "organisation": hostile(f"{name}.organisation")}


def event(place: str, start: str, series: str) -> dict:
    return {"start": start, "location": hostile(f"{place}.location"), "organisers": [hostile(f"{place}.organisers")],
            "series": series}


def write(content: Path, relative: str, meta: dict, body: str = "Ein Absatz Text.") -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}\n", "utf-8")


def hostile_content(content: Path) -> Path:
    (content / "images").mkdir(parents=True)
    (content / "images" / "foto.png").write_bytes(png(640, 360))
    series = hostile("event.series")
    write(content, "interviews/gespraech.md", {
        **common("interview", "gespraech", "2026-11-10"), "interviewee": person("interviewee"),
        "interviewer": hostile("interview.interviewer")}, "Vorspann.\n\nF: Wie geht es?\n\nA: Gut.\n")
    programme = [
        {"time": "09:00", "end": "09:30", "title": hostile("programme[1].title"), "room": hostile("programme.room")},
        {"time": "09:30", "title": hostile("programme[2].title"), "track": hostile("programme[2].track"),
         "speakers": [hostile("programme.speakers")]},
        {"time": "09:30", "title": "Wärme im Quartier", "track": hostile("programme[3].track")}]
    write(content, "events/ankuendigung.md", {
        **common("announcement", "ankuendigung", "2026-11-05"), "type": "announcement",
        "event": {**event("announcement", "2026-12-10 09:00", series), "end": "16:30",
                  "registration_url": "https://example.org/anmeldung?a=1&b=2", "online": "https://example.org/live"},
        "programme": programme, "speakers": [person("speakers[1]")],
        "exhibitors": [hostile("exhibitors[1]"),
                       {"name": hostile("exhibitors[2].name"), "url": "https://example.com/aussteller"}]})
    write(content, "events/folgetreffen.md", {
        "title": "Folgetreffen", "date": "2026-11-06", "summary": "Das nächste Treffen.", "type": "announcement",
        "event": {"start": "2027-01-20", "online": True, "series": series}})
    write(content, "events/bericht.md", {
        **common("report", "bericht", "2026-11-12"), "type": "report", "report_of": "ankuendigung",
        "event": event("report", "2026-11-01 10:00", series)})
    write(content, "articles/beitrag.md", {**common("article", "beitrag", "2026-11-14"),
                                            "uid": hostile("article.uid")})
    write(content, "articles/zitate.md", {
        "title": TITLE, "slug": "zitate", "date": "2026-11-15", "image": "images/foto.png", "image_alt": ALT,
        "summary": 'Mit *Betonung*, `Code` und [Verweis](https://example.org/x); dazu <b>roh</b> '
                   '[böse](javascript:alert(1)) [auch](&#106;avascript:alert(2)) *x*{: onclick="alert(3)" }'})
    write(content, "pages/seite.md", common("page", "seite", "2026-01-01"))
    write(content, "newsletter/2026-11.md", {
        "title": hostile("newsletter.title"), "date": "2026-11-23", "subject": hostile("newsletter.subject"),
        "preheader": hostile("newsletter.preheader")}, EDITORIAL)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    content = hostile_content(base / "content")
    _, problems = check(content, base)
    assert [str(p) for p in problems] == [], "legal text must pass `invoke check`"
    assert run_build(content, base / "output", SEARCH_INDEX=False) == 0
    return base


def html_files(base: Path) -> list[Path]:
    files = sorted((base / "output").rglob("*.html")) + sorted((base / "newsletter").rglob("*.html"))
    assert len(files) > 15 and any(f.name == "email.html" for f in files)
    return files


def page(base: Path, url: str):
    return html.fromstring((base / "output" / url / "index.html").read_text(encoding="utf-8"))


def own_script(script) -> bool:
    """The site's own scripts: JSON-LD, and the search page's Pagefind UI (file and start-up code)."""
    if script.get("type") == "application/ld+json":
        json.loads(script.text)  # script-safe JSON, never HTML-escaped into invalid JSON
        return True
    src = script.get("src")
    if src:
        return src.endswith("/pagefind/pagefind-ui.js")
    return "new PagefindUI(" in (script.text or "") and "alert(" not in script.text


def test_no_payload_lands_as_markup_in_any_page(built):
    for path in html_files(built):
        raw = path.read_text(encoding="utf-8")
        where = path.relative_to(built)
        email = path.name == "email.html"
        for payload in [p for p in PIECES if '"' in p] if email else RAW:
            assert payload not in raw, f"{where}: unescaped {payload!r}"
        doc = html.fromstring(raw)
        for script in doc.iter("script"):
            assert own_script(script), f"{where}: foreign script {html.tostring(script)[:120]!r}"
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [name for name in element.attrib if name.lower().startswith("on")]
            assert not handlers, f"{where}: <{element.tag}> with {handlers}"
            assert element.tag != "svg", f"{where}: injected <svg>"
            assert not (element.tag == "img" and element.get("src") == "x"), f"{where}: injected <img src=x>"
            for name in ("href", "src"):
                value = "".join((element.get(name) or "").split()).lower()
                assert not value.startswith(("javascript:", "data:")), f"{where}: {name}={value!r}"


def shown_text(base: Path) -> str:
    """Every text node, attribute value and JSON-LD string of every HTML file (entities decoded)."""
    parts = []
    for path in html_files(base):
        doc = html.fromstring(path.read_text(encoding="utf-8"))
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "script" and element.get("type") == "application/ld+json":
                parts.append(json.dumps(json.loads(element.text), ensure_ascii=False).replace('\\"', '"'))
            elif element.tag != "script":
                parts.extend([element.text or "", element.tail or "", *element.attrib.values()])
            else:
                parts.append(element.tail or "")
    return " ".join(" ".join(parts).split()).translate(TYPOGRAPHIC)


def test_every_hostile_value_is_shown_as_text(built):
    """Guards the test above: every field really reached a page, as the exact text the editor wrote."""
    text = shown_text(built)
    missing = [field for field, value in SHOWN.items() if field not in NOT_SHOWN and value not in text]
    assert not missing, f"not shown as text anywhere: {missing}"


def test_text_part_of_the_email_is_plain_text(built):
    text = " ".join((built / "newsletter" / "2026-11" / "email.txt").read_text(encoding="utf-8").split())
    for field in ("newsletter.title", "article.title", "interviewee.name", "announcement.location"):
        assert SHOWN[field] in text, field
    assert "&lt;" not in text and "&#34;" not in text and "&quot;" not in text


def test_newsletter_editorial_is_rendered_markdown(built):
    web = page(built, "newsletter/2026-11").xpath("//div[@class='entry-content']")[0]
    email = html.fromstring((built / "newsletter" / "2026-11" / "email.html").read_text(encoding="utf-8"))
    for doc in (web, email):
        assert doc.xpath(".//strong/text()") == ["Markdown"]
        assert "Markdown & ein Verweis." in " ".join(doc.text_content().split())
        assert doc.xpath(".//a[text()='ein Verweis']/@href")[0].startswith("https://example.org/rundbrief")


def test_quotes_in_titles_and_alt_texts_round_trip(built):
    doc = page(built, "fachbeitraege/zitate")
    assert doc.findtext(".//title") == f"{TITLE} – Netzbrief"
    assert doc.xpath("string(//h1)") == TITLE
    assert doc.xpath("string(//meta[@property='og:title']/@content)") == TITLE
    assert doc.xpath("//figure[@class='entry-image']/img/@alt") == [ALT]
    assert doc.xpath("//meta[@property='og:image:alt']/@content") == [ALT]
    data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["headline"] == TITLE
    home = page(built, "")
    teaser = next(t for t in home.xpath("//article[contains(@class, 'teaser')]")
                  if t.xpath("string(.//*[@class='teaser__title'])") == TITLE)
    assert teaser.xpath(".//img/@alt") == [ALT]


def test_summary_keeps_inline_markdown_but_escapes_raw_html(built):
    summary = page(built, "fachbeitraege/zitate").xpath("//div[@class='entry-summary']")[0]
    assert summary.xpath("em/text()") == ["Betonung", "x"] and summary.xpath("code/text()") == ["Code"]
    assert summary.xpath("a[text()='Verweis']/@href") == ["https://example.org/x"]
    assert "<b>roh</b>" in summary.text_content() and not summary.xpath(".//b")
    assert not summary.xpath(".//@onclick") and "{: onclick=" in summary.text_content()  # no attribute lists
    assert not summary.xpath(".//a[text()='böse' or text()='auch']/@href"), "javascript: link kept in a summary"


def test_build_refuses_settings_without_autoescape(tmp_path, capsys):
    """A settings file that sets JINJA_ENVIRONMENT without autoescape (Pelican's default) must not build."""
    content = tmp_path / "content"
    write(content, "articles/a.md", {"title": "Titel", "date": "2026-01-01"})
    settings = {"JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True}}
    assert run_build(content, tmp_path / "output", SEARCH_INDEX=False, **settings) == 1
    assert "JINJA_ENVIRONMENT muss „autoescape“: True enthalten" in capsys.readouterr().err
    assert not (tmp_path / "output").exists()
