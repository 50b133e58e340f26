"""Real Pelican builds of fixture content: Q&A markup, German dates and slugs, event states, agenda tracks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from tests.conftest import run_build

FILES = {
    "interviews/gespraech.md": """---
title: Warum Stadtwerke hier mutig agieren können
date: 2026-03-02
summary: Ein Gespräch über Mut.
interviewee:
  name: Hanna Lübke
  role: Geschäftsführerin
  organisation: Stadtwerke Lindenau
interviewer: Jonas Berg
---
Ein Vorspann ohne Frage.

**Frau Lübke, warum jetzt?**

Lübke: Weil es **jetzt** geht.

Und weil wir es wollen.

F: Und danach?

Hanna Lübke: Schauen wir weiter.

A: Kurz gesagt: ja.
""",
    "events/treffen-2027.md": """---
title: Netzwerktreffen 2027
date: 2026-10-01
summary: Das Treffen.
type: announcement
event:
  start: 2027-03-11 09:00
  end: "16:30"
  location: Stadthalle Lindenau
  registration_url: https://example.org/anmeldung/treffen-2027
  series: Netzwerktreffen
programme:
  - time: "09:00"
    end: "09:30"
    title: Begrüßung
  - time: "09:30"
    title: Netze im Wandel
    track: Netze
    speakers: [Anna Roth]
  - time: "09:30"
    title: Wärme im Quartier
    track: Wärme
  - time: "11:00"
    title: Leitungen digital
    track: Netze
speakers:
  - name: Anna Roth
    role: Netzplanerin
    organisation: Stadtwerke Elmsfeld
exhibitors:
  - Firma Eins
  - name: Firma Zwei
    url: https://example.com
---
Programm folgt.
""",
    "events/treffen-2025.md": """---
title: Netzwerktreffen 2025
date: 2025-09-01
summary: Das alte Treffen.
type: announcement
event:
  start: 2025-11-26
  location: Stadthalle Lindenau
  registration_url: https://example.org/alt
  series: Netzwerktreffen
---
Vorbei.
""",
    "events/bericht-2025.md": """---
title: So war das Netzwerktreffen 2025
date: 2025-11-28
summary: Rückblick.
type: report
report_of: netzwerktreffen-2025
event:
  start: 2025-11-26
---
Schön war's.
""",
    "events/online-heute.md": """---
title: Online-Sprechstunde
date: 2026-11-01
summary: Heute online.
type: announcement
event:
  start: 2026-11-23 10:00
  end: 2026-11-23 11:00
  online: true
  registration_url: https://example.org/heute
---
Läuft.
""",
    "articles/geplant.md": """---
title: Erscheint erst morgen
date: 2026-11-24
---
Noch geheim.
""",
    "articles/entwurf.md": """---
title: Noch ein Entwurf
date: 2026-01-01
status: draft
---
Noch nicht fertig.
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("render")
    for relative, text in FILES.items():
        path = base / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert run_build(base / "content", base / "output") == 0
    return base / "output"


def page(site: Path, url: str):
    return html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def test_german_slug_from_title(site):
    assert (site / "interviews/warum-stadtwerke-hier-mutig-agieren-koennen/index.html").exists()


def test_interview_question_answer_structure(site):
    doc = page(site, "interviews/warum-stadtwerke-hier-mutig-agieren-koennen")
    content = doc.cssselect(".entry-content")[0]
    assert content.xpath("./p[1]/text()") == ["Ein Vorspann ohne Frage."]  # lead text stays a paragraph
    qa = content.cssselect("dl.interview")[0]
    assert [child.tag for child in qa] == ["dt", "dd", "dt", "dd"]
    questions = [dt.text_content() for dt in qa.cssselect("dt.frage")]
    assert questions == ["Jonas Berg: Frau Lübke, warum jetzt?", "Jonas Berg: Und danach?"]
    first, second = qa.cssselect("dd.antwort")
    assert [b.text for b in first.cssselect("b.sprecher")] == ["Lübke:"]
    assert len(first.cssselect("p")) == 2  # the continuation paragraph belongs to the answer
    assert first.cssselect("p strong")[0].text == "jetzt"  # inline bold inside an answer is not a question
    assert [b.text for b in second.cssselect("b.sprecher")] == ["Hanna Lübke:", "Hanna Lübke:"]
    assert "Kurz gesagt: ja." in second.text_content()


def test_announcement_date_label_and_registration(site):
    doc = page(site, "veranstaltungen/netzwerktreffen-2027")
    assert "Donnerstag, 11. März 2027, 09:00–16:30 Uhr" in doc.text_content()
    assert doc.xpath("//a[@href='https://example.org/anmeldung/treffen-2027']")
    assert "vergangen" not in doc.cssselect(".event-facts")[0].text_content()


def test_past_announcement_is_marked_and_closed(site):
    doc = page(site, "veranstaltungen/netzwerktreffen-2025")
    facts = doc.cssselect(".event-facts")[0].text_content()
    assert "vergangen" in facts
    assert "Mittwoch, 26. November 2025" in facts
    assert not doc.xpath("//a[@href='https://example.org/alt']")


def test_running_event_today_has_no_registration(site):
    doc = page(site, "veranstaltungen/online-sprechstunde")
    facts = doc.cssselect(".event-facts")[0].text_content()
    assert "läuft gerade" in facts and "Online" in facts
    assert not doc.xpath("//a[@href='https://example.org/heute']")


def test_announcement_and_report_link_each_other(site):
    announcement = page(site, "veranstaltungen/netzwerktreffen-2025")
    report = page(site, "veranstaltungen/so-war-das-netzwerktreffen-2025")
    assert announcement.xpath("//a[contains(@href, 'so-war-das-netzwerktreffen-2025')]")
    assert report.xpath("//a[contains(@href, 'veranstaltungen/netzwerktreffen-2025/')]")


def test_series_lists_the_other_events(site):
    doc = page(site, "veranstaltungen/netzwerktreffen-2027")
    series = doc.cssselect(".series")[0]
    assert [a.text for a in series.cssselect("a")] == ["Netzwerktreffen 2025"]


def test_agenda_has_tracks_side_by_side(site):
    table = page(site, "veranstaltungen/netzwerktreffen-2027").cssselect("table.programme__table")[0]
    assert [th.text_content() for th in table.cssselect("thead th")] == ["Zeit", "Netze", "Wärme"]
    rows = table.cssselect("tbody tr")
    assert rows[0].cssselect("td")[0].get("colspan") == "2"  # plenary spans both tracks
    assert [td.text_content().split()[0] for td in rows[1].cssselect("td")] == ["Netze", "Wärme"]
    assert rows[2].cssselect("td")[1].get("class") == "programme__empty"  # nothing in track Wärme at 11:00


def test_speakers_and_exhibitors(site):
    doc = page(site, "veranstaltungen/netzwerktreffen-2027")
    assert "Netzplanerin, Stadtwerke Elmsfeld" in doc.cssselect(".speakers")[0].text_content()
    assert doc.cssselect(".exhibitors a")[0].get("href") == "https://example.com"


def test_events_listing_splits_upcoming_and_past(site):
    doc = page(site, "veranstaltungen")
    upcoming = [a.text for a in doc.xpath("//section[h2[@id='kommend']]//h3/a")]
    past = [a.text for a in doc.xpath("//section[h2[@id='vergangen']]//h3/a")]
    assert upcoming == ["Online-Sprechstunde", "Netzwerktreffen 2027"]
    assert past == ["So war das Netzwerktreffen 2025"]  # the report stands for its announcement


def test_drafts_and_scheduled_items_are_not_published(site):
    assert not (site / "fachbeitraege/erscheint-erst-morgen").exists()
    assert not (site / "fachbeitraege/noch-ein-entwurf").exists()
    assert not list(site.rglob("drafts"))


def test_scheduled_item_appears_once_its_date_has_come(tmp_path):
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (content / "geplant.md").write_text(FILES["articles/geplant.md"], encoding="utf-8")
    assert run_build(tmp_path / "content", tmp_path / "output", date="2026-11-24") == 0
    assert (tmp_path / "output/fachbeitraege/erscheint-erst-morgen/index.html").exists()


def test_unchanged_content_gives_identical_bytes(site, tmp_path):
    content = site.parent / "content"
    assert run_build(content, tmp_path / "again") == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*")
              if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_preview_build_shows_drafts_and_scheduled_items(tmp_path):
    """What `invoke livereload` builds: drafts and scheduled items are visible there, and only there."""
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for name in ("articles/geplant.md", "articles/entwurf.md"):
        (tmp_path / "content" / name).write_text(FILES[name], encoding="utf-8")
    assert run_build(tmp_path / "content", tmp_path / "preview", CONTENT_SHOW_DRAFTS=True) == 0
    scheduled = (tmp_path / "preview/fachbeitraege/erscheint-erst-morgen/index.html").read_text(encoding="utf-8")
    draft = (tmp_path / "preview/fachbeitraege/noch-ein-entwurf/index.html").read_text(encoding="utf-8")
    assert "erscheint am 24. November 2026" in scheduled
    assert "Entwurf, noch nicht veröffentlicht" in draft


def test_german_typography_in_text_but_never_in_code():
    import markdown

    md = markdown.Markdown(extensions=["extra", "content_model.typography"])
    html_out = md.convert('Er sagte "Wärme" und \'so\' -- das ist\'s ... `"code"` 1--2 **"fett"**')
    assert html_out == ("<p>Er sagte „Wärme“ und ‚so‘ – das ist’s … <code>\"code\"</code> 1–2 "
                        "<strong>„fett“</strong></p>")


def test_serve_answers_clean_urls_and_404(site):
    """What `invoke serve` runs: Pelican's server on the output folder."""
    import threading
    import urllib.error
    import urllib.request

    from content_model.cli import server

    httpd = server(site, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/veranstaltungen/netzwerktreffen-2027/") as response:
            assert response.status == 200 and "Netzwerktreffen 2027" in response.read().decode("utf-8")
        try:
            urllib.request.urlopen(f"{base}/gibt-es-nicht/")
            raise AssertionError("a missing page must answer 404")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()
