"""Reading issue files: names, problems with file:line, visibility, the previous issue (no Pelican run)."""

from __future__ import annotations

import datetime as dt

from newsletter.issues import previous_date, read_issues
from tests.newsletter.content import issue, write

TODAY = dt.date(2026, 11, 23)


def test_issues_read_sorted_with_defaults(tmp_path):
    content = tmp_path / "content"
    issue(content, "2026-11", "2026-11-23", "Editorial.")
    issue(content, "2026-09", "2026-09-15", uid="eigene-uid", events_weeks=4)
    issues, problems = read_issues(content / "newsletter", tmp_path)
    assert problems == [] and [i.id for i in issues] == ["2026-09", "2026-11"]
    first, second = issues
    assert (first.uid, first.events_weeks, first.body) == ("eigene-uid", 4, "")
    assert (second.uid, second.events_weeks, second.body, second.status) == ("newsletter/2026-11", None, "Editorial.",
                                                                             "published")
    assert second.datetime.isoformat() == "2026-11-23T00:00:00+01:00"


def test_bad_files_are_problems_with_file_and_line(tmp_path):
    content = tmp_path / "content"
    issue(content, "november", "2026-11-23")
    write(content, "newsletter/2026-10.md", {"title": "Ohne Betreff", "date": "2026-10-01", "preheader": "x",
                                             "itemz": ["a"]})
    (content / "newsletter" / "2026-12.md").write_text("---\ntitle: \"offen\n---\n", encoding="utf-8")
    issues, problems = read_issues(content / "newsletter", tmp_path)
    assert issues == []
    assert problems[0].startswith("content/newsletter/2026-10.md:1: subject: Pflichtangabe fehlt")
    assert any(p.startswith("content/newsletter/2026-10.md:5: itemz: Unbekannte Angabe") and "items" in p
               for p in problems)
    assert any(p.startswith("content/newsletter/2026-12.md:2: Datei: YAML-Syntaxfehler") for p in problems)
    assert problems[-1].startswith("content/newsletter/november.md:1: Datei: Der Dateiname")


def test_visibility_and_previous_issue(tmp_path):
    content = tmp_path / "content"
    issue(content, "2026-09", "2026-09-15")
    issue(content, "2026-10", "2026-10-20", status="draft")
    issue(content, "2026-11", "2026-11-23")
    issue(content, "2026-11-30", "2026-11-30")
    issues, _ = read_issues(content / "newsletter", tmp_path)
    by_id = {i.id: i for i in issues}
    assert [i.id for i in issues if i.visible(TODAY)] == ["2026-09", "2026-11"]
    assert all(i.visible(TODAY, show_drafts=True) for i in issues)
    assert previous_date(by_id["2026-11"], issues, TODAY) == dt.date(2026, 9, 15)  # the draft does not count
    assert previous_date(by_id["2026-09"], issues, TODAY) is None
    assert previous_date(by_id["2026-11-30"], issues, TODAY) == dt.date(2026, 11, 23)


def test_no_folder_no_issues(tmp_path):
    assert read_issues(tmp_path / "missing", tmp_path) == ([], [])
