"""Every validation error an editor can make: German message, file, line, field; and the build refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build
from content_model.validate import check

ANNOUNCEMENT = """---
title: Netzwerktreffen Test
date: 2026-01-05
summary: Ein Treffen.
type: announcement
event:
  start: 2026-12-01 09:00
  end: 2026-12-01 16:30
  location: Stadthalle
---
Text.
"""


def write(content: Path, relative: str, text: str | bytes) -> Path:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems_of(content: Path) -> list[str]:
    _, problems = check(content, content.parent)
    return [str(p) for p in problems]


CASES = [
    # (file, text, expected "path:line: field: message" fragment)
    ("articles/a.md", "---\ntitle: \"Offen\ndate: 2026-01-01\n---\n",
     "content/articles/a.md:2: Datei: YAML-Syntaxfehler: Die Angaben enden mitten in einem Wert"),
    ("articles/a.md", "---\ntitle: Ohne Datum\n---\n", "content/articles/a.md:1: date: Pflichtangabe fehlt."),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-02-30\n---\n",
     "content/articles/a.md:3: date: „2026-02-30“ ist kein gültiges Datum"),
    ("articles/a.md", "---\ntitle: T\ndate: 1. Mai\n---\n",
     "content/articles/a.md:3: date: „1. Mai“ ist kein Datum der Form JJJJ-MM-TT"),
    ("events/e.md", ANNOUNCEMENT.replace("end: 2026-12-01 16:30", "end: 2026-11-30"),
     "content/events/e.md:8: event.end: Das Ende (2026-11-30) liegt vor dem Beginn (2026-12-01 09:00)."),
    ("events/e.md", ANNOUNCEMENT.replace("type: announcement", "type: ankuendigung"),
     "content/events/e.md:5: type: Unbekannter Wert „ankuendigung“. Erlaubt: report oder announcement."),
    ("interviews/i.md", "---\ntitle: T\ndate: 2026-01-01\nsummary: S\n---\n",
     "content/interviews/i.md:1: interviewee: Pflichtangabe fehlt."),
    ("interviews/i.md", "---\ntitle: T\ndate: 2026-01-01\nsummary: S\ninterviewee:\n  role: Chefin\n---\n",
     "content/interviews/i.md:5: interviewee.name: Pflichtangabe fehlt"),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\nimage: images/x.svg\n---\n",
     "content/articles/a.md:4: image: Zum Bild fehlt „image_alt“"),
    ("events/e.md", ANNOUNCEMENT.replace("  location: Stadthalle", "  location: Stadthalle\n  registration_url: www.x.de"),
     "content/events/e.md:10: event.registration_url: „www.x.de“ ist keine gültige Web-Adresse"),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\nnewsletter: ja bitte\n---\n",
     "content/articles/a.md:4: newsletter: Erwartet wird true oder false"),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\ntags: 5\n---\n",
     "content/articles/a.md:4: tags: Erwartet wird eine Liste von Texten, gefunden: Zahl."),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\nsumary: S\n---\n",
     "content/articles/a.md:4: sumary: Unbekannte Angabe „sumary“ – meinten Sie „summary“?"),
    ("events/e.md", ANNOUNCEMENT.replace("---\nText", "programme:\n  - time: 9 Uhr\n    title: Start\n---\nText"),
     "content/events/e.md:11: programme[1].time: „9 Uhr“ ist keine Uhrzeit der Form HH:MM"),
    ("events/r.md", ANNOUNCEMENT.replace("type: announcement", "type: report\nreport_of: gibt-es-nicht"),
     "content/events/r.md:6: report_of: Keine Ankündigung mit dem Kurznamen „gibt-es-nicht“ gefunden"),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\n---\nSiehe [hier]({filename}/articles/fehlt.md).\n",
     "content/articles/a.md:5: Text: Der Verweis „{filename}/articles/fehlt.md“ zeigt auf keine vorhandene Datei."),
    ("articles/a.md", b"---\ntitle: T\ndate: 2026-01-01\n---\nGr\xfc\xdfe\n",
     "content/articles/a.md:5: Datei: Die Datei ist nicht in UTF-8 gespeichert"),
    ("articles/a.md", "---\ntitle: T\ndate: 2026-01-01\nstatus: entwurf\n---\n",
     "content/articles/a.md:4: status: Unbekannter Wert „entwurf“. Erlaubt: published oder draft."),
    ("articles/a.md", "---\ntitle: T\ntitle: U\ndate: 2026-01-01\n---\n",
     "content/articles/a.md:3: title: Diese Angabe steht doppelt"),
]


@pytest.mark.parametrize("relative,text,expected", CASES, ids=[c[2].split(": ", 2)[1] + str(i) for i, c in
                                                               enumerate(CASES)])
def test_each_problem_is_reported_with_file_line_and_field(tmp_path, relative, text, expected):
    content = tmp_path / "content"
    write(content, relative, text)
    problems = problems_of(content)
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_slug_names_the_other_file(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", "---\ntitle: Wärme für alle\ndate: 2026-01-01\n---\n")
    write(content, "articles/b.md", "---\ntitle: Wärme für alle!\ndate: 2026-01-02\n---\n")
    assert problems_of(content) == [
        "content/articles/b.md:2: title: Der Kurzname „waerme-fuer-alle“ (die Adresse der Seite) ist schon vergeben "
        "durch content/articles/a.md. Bitte den Titel ändern oder eine eigene Angabe „slug“ setzen."]


def test_valid_content_has_no_problems(tmp_path):
    content = tmp_path / "content"
    write(content, "events/e.md", ANNOUNCEMENT)
    write(content, "events/r.md", ANNOUNCEMENT.replace("type: announcement",
                                                       "type: report\nreport_of: netzwerktreffen-test")
          .replace("title: Netzwerktreffen Test", "title: Bericht"))
    assert problems_of(content) == []


def test_sample_content_is_valid():
    _, problems = check(ROOT / "content", ROOT)
    assert [str(p) for p in problems] == []


def test_invoke_check_exit_code_and_output(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", "---\ntitle: T\ndate: 2026-01-01\nsumary: S\n---\n")
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "a.md:4: sumary: Unbekannte Angabe „sumary“ – meinten Sie „summary“?" in result.stderr


def test_failed_build_keeps_previous_output(tmp_path):
    content = tmp_path / "content"
    out = tmp_path / "output"
    write(content, "articles/a.md", "---\ntitle: Erster Stand\ndate: 2026-01-01\n---\nHallo.\n")
    assert run_build(content, out) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(content, "articles/a.md", "---\ntitle: Zweiter Stand\ndate: 2026-01-01\n---\nHallo.\n")
    write(content, "articles/b.md", "---\ntitle: Kaputt\ndate: 2026-13-01\n---\n")
    assert run_build(content, out) == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob("output.*")), "no staging folder may be left behind"


def test_build_fails_on_an_error_pelican_would_only_log(tmp_path, monkeypatch):
    """Without our checks, Pelican logs a broken file and exits 0: our build must fail and keep old output."""
    content = tmp_path / "content"
    out = tmp_path / "output"
    write(content, "articles/a.md", "---\ntitle: Gut\ndate: 2026-01-01\n---\nText.\n")
    assert run_build(content, out) == 0
    write(content, "articles/b.md", "---\ntitle: Kaputt\ndate: 2026-01-01\nsumary: x\n---\n")
    from content_model.build import build

    code = build(ROOT / "pelicanconf.py", check_first=False,
                 overrides={"PATH": str(content), "OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "c"),
                            "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "nl")})
    assert code == 1
    assert (out / "fachbeitraege" / "gut" / "index.html").exists()
    assert not (out / "fachbeitraege" / "kaputt").exists()


@pytest.mark.parametrize("kind", ["interview", "report", "announcement", "article"])
def test_invoke_new_writes_a_valid_skeleton_with_german_slug(tmp_path, kind):
    content = tmp_path / "content"
    result = subprocess.run([sys.executable, "-m", "invoke", "new", kind, "Ärger über Öl: Straßen & Plätze",
                             "--date", "2026-11-01", "--content", str(content)], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    folder = {"interview": "interviews", "article": "articles"}.get(kind, "events")
    created = content / folder / "aerger-ueber-oel-strassen-plaetze.md"
    assert created.exists()
    assert f'uid: "{folder}/aerger-ueber-oel-strassen-plaetze"' in created.read_text(encoding="utf-8")
    assert problems_of(content) == []
