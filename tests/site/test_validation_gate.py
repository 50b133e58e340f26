"""The build's gate also holds for problems only the cross-file checks see, and for unknown keys in nested blocks.

Pelican itself would build such content without an error (a dangling ``report_of`` is just a missing link, a
broken ``{filename}`` link only a warning), so only our check stands between it and a published site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_build
from tests.site.test_validation import ANNOUNCEMENT, problems_of, write

FAST = {"SEARCH_INDEX": False}
GOOD = "---\ntitle: Erster Stand\ndate: 2026-01-01\n---\nHallo.\n"
REPORT = ANNOUNCEMENT.replace("type: announcement", "type: report\nreport_of: netzwerktreffen-test").replace(
    "title: Netzwerktreffen Test", "title: Bericht vom Treffen")

CROSS_FILE = {
    # name: (file, text, "path:line: field" the build must print)
    "dangling report_of": ("events/bericht.md", REPORT.replace("report_of: netzwerktreffen-test",
                                                               "report_of: netzwerktreffen-tset"),
                           "content/events/bericht.md:6: report_of: Keine Ankündigung mit dem Kurznamen "
                           "„netzwerktreffen-tset“ gefunden – meinten Sie „netzwerktreffen-test“?"),
    "broken filename link": ("articles/b.md", "---\ntitle: Zweiter\ndate: 2026-01-02\n---\n\nSiehe "
                             "[den Bericht]({filename}../events/berict.md).\n",
                             "content/articles/b.md:6: Text: Der Verweis „{filename}../events/berict.md“ zeigt auf "
                             "keine vorhandene Datei."),
    "missing image": ("articles/b.md", "---\ntitle: Zweiter\ndate: 2026-01-02\nimage: images/fehlt.png\n"
                      "image_alt: Ein Bild\n---\nText.\n",
                      "content/articles/b.md:4: image: Bilddatei „images/fehlt.png“ nicht gefunden"),
    "duplicate slug": ("articles/b.md", "---\ntitle: Erster Stand!\ndate: 2026-01-02\n---\nText.\n",
                       "content/articles/b.md:2: title: Der Kurzname „erster-stand“"),
}


def snapshot(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", CROSS_FILE)
def test_build_refuses_content_whose_only_problem_is_cross_file(tmp_path, capsys, name):
    relative, text, message = CROSS_FILE[name]
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    write(content, "events/treffen.md", ANNOUNCEMENT)
    write(content, "events/bericht.md", REPORT)
    assert run_build(content, out, **FAST) == 0
    before = snapshot(out)
    assert "fachbeitraege/erster-stand/index.html" in before
    write(content, relative, text)
    capsys.readouterr()
    problems = problems_of(content)
    assert len(problems) == 1 and problems[0].startswith(message), problems  # nothing a per-file check sees
    assert run_build(content, out, **FAST) == 1
    assert message in capsys.readouterr().err
    assert snapshot(out) == before, "a refused build must leave the previous output untouched"
    assert not list(tmp_path.glob("output.*")), "no staging folder may be left behind"


NESTED = {
    # block: (file, text with one misspelt nested key, expected "path:line: field: message" start)
    "event": ("events/e.md", ANNOUNCEMENT.replace("  location: Stadthalle",
                                                  "  location: Stadthalle\n  registraton_url: https://x.example/"),
              "content/events/e.md:10: event.registraton_url: Unbekannte Angabe „registraton_url“ – meinten Sie "
              "„registration_url“?"),
    "interviewee": ("interviews/i.md", "---\ntitle: T\ndate: 2026-01-01\nsummary: S\ninterviewee:\n"
                                       "  name: Eva Berg\n  organization: Stadtwerke\n---\n",
                    "content/interviews/i.md:7: interviewee.organization: Unbekannte Angabe „organization“ – "
                    "meinten Sie „organisation“?"),
    "programme": ("events/e.md", ANNOUNCEMENT.replace("---\nText", "programme:\n  - time: \"09:00\"\n"
                                                      "    title: Start\n  - time: \"10:00\"\n    title: Netze\n"
                                                      "    speaker: Eva Berg\n---\nText"),
                  "content/events/e.md:15: programme[2].speaker: Unbekannte Angabe „speaker“ – meinten Sie "
                  "„speakers“?"),
    "speakers": ("events/e.md", ANNOUNCEMENT.replace("---\nText", "speakers:\n  - name: Eva Berg\n"
                                                     "    rolle: Leiterin\n---\nText"),
                 "content/events/e.md:12: speakers[1].rolle: Unbekannte Angabe „rolle“ – meinten Sie „role“?"),
    "exhibitors": ("events/e.md", ANNOUNCEMENT.replace("---\nText", "exhibitors:\n  - Netzbau GmbH\n  - name: Kabel AG"
                                                       "\n    link: https://kabel.example/\n---\nText"),
                   "content/events/e.md:13: exhibitors[2].link: Unbekannte Angabe „link“ Erlaubt sind: name, url."),
}


@pytest.mark.parametrize("block", NESTED)
def test_unknown_key_in_a_nested_block_is_reported(tmp_path, block):
    relative, text, expected = NESTED[block]
    content = tmp_path / "content"
    write(content, relative, text)
    assert problems_of(content) == [expected]


@pytest.mark.parametrize("block", NESTED)
def test_nested_block_without_the_typo_is_valid(tmp_path, block):
    """The counterpart: the same block with the right key passes (the message above is about the typo alone)."""
    relative, text, _ = NESTED[block]
    fixed = (text.replace("registraton_url", "registration_url").replace("organization", "organisation")
             .replace("speaker:", "speakers:").replace("rolle:", "role:").replace("link:", "url:"))
    content = tmp_path / "content"
    write(content, relative, fixed)
    assert problems_of(content) == []


def test_report_of_must_name_an_announcement_not_any_item(tmp_path):
    content = tmp_path / "content"
    write(content, "events/treffen.md", ANNOUNCEMENT)
    write(content, "events/bericht.md", REPORT)
    write(content, "events/zweiter.md", REPORT.replace("report_of: netzwerktreffen-test",
                                                       "report_of: bericht-vom-treffen")
          .replace("title: Bericht vom Treffen", "title: Zweiter Bericht"))
    write(content, "articles/a.md", GOOD)
    write(content, "events/dritter.md", REPORT.replace("report_of: netzwerktreffen-test", "report_of: erster-stand")
          .replace("title: Bericht vom Treffen", "title: Dritter Bericht"))
    assert [p.split(": ", 2)[:2] for p in problems_of(content)] == [
        ["content/events/dritter.md:6", "report_of"], ["content/events/zweiter.md:6", "report_of"]]


def test_relative_and_absolute_filename_links_to_existing_files_pass(tmp_path):
    content = tmp_path / "content"
    write(content, "events/treffen.md", ANNOUNCEMENT)
    write(content, "articles/2026/a.md", GOOD.replace("Hallo.", "Siehe [Treffen]({filename}../../events/treffen.md), "
                                                     "[B]({filename}b.md) und [T]({filename}/events/treffen.md)."))
    write(content, "articles/2026/b.md", GOOD.replace("Erster Stand", "Zweiter Stand"))
    assert problems_of(content) == []


def test_the_same_slug_in_two_kinds_is_allowed(tmp_path):
    """Interviews and articles live under different addresses (interviews/…, fachbeitraege/…)."""
    content = tmp_path / "content"
    write(content, "articles/a.md", GOOD)
    write(content, "interviews/i.md", "---\ntitle: Erster Stand\ndate: 2026-01-02\nsummary: S\ninterviewee: Eva Berg\n"
                                      "---\n")
    assert problems_of(content) == []
