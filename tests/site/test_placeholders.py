"""`invoke new` writes drafts; `invoke check` and the build refuse the skeleton's placeholder texts once published."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from content_model.placeholders import TEXTS
from content_model.skeleton import create
from content_model.validate import check
from tests.conftest import run_build

KINDS = {"interview": "interviews", "report": "events", "announcement": "events", "article": "articles"}


def new(content, kind: str, title: str) -> tuple[int, str]:
    """``invoke new`` in-process (tests/site/test_validation.py runs the command itself)."""
    out = io.StringIO()
    code = create(content, kind, title, "2026-11-01", console=Console(file=out, width=200))
    return code, out.getvalue()


def messages(content) -> list[str]:
    return [str(p) for p in check(content, content.parent)[1]]


def publish(path) -> None:
    """What an editor does when the item is ready: delete the draft line (and nothing else)."""
    text = path.read_text(encoding="utf-8")
    assert "\nstatus: draft\n" in text
    path.write_text(text.replace("\nstatus: draft\n", "\n"), encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_a_draft_that_check_accepts(tmp_path, kind):
    content = tmp_path / "content"
    code, said = new(content, kind, "Wärme im Quartier")
    assert code == 0, said
    assert "Angelegt (Entwurf)" in said and "„status: draft“ löschen" in said
    assert "\nstatus: draft\n" in (content / KINDS[kind] / "waerme-im-quartier.md").read_text(encoding="utf-8")
    assert messages(content) == []


def test_published_interview_names_each_placeholder_with_line_and_field(tmp_path):
    content = tmp_path / "content"
    assert new(content, "interview", "Netze der Zukunft")[0] == 0
    path = content / "interviews/netze-der-zukunft.md"
    publish(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    found = messages(content)
    name_line = next(i for i, line in enumerate(lines, 1) if "Vorname Nachname" in line)
    assert (f"content/interviews/netze-der-zukunft.md:{name_line}: interviewee.name: Platzhalter aus der Vorlage: "
            f"„Vorname Nachname“ – bitte durch eigenen Text ersetzen (oder den Beitrag mit „status: draft“ als "
            f"Entwurf lassen).") in found
    question_line = lines.index("**Erste Frage?**") + 1
    assert any(m.startswith(f"content/interviews/netze-der-zukunft.md:{question_line}: Text: Platzhalter aus der "
                            f"Vorlage: „**Erste Frage?**“") for m in found), found


def test_every_placeholder_is_in_a_skeleton_and_refused_when_published(tmp_path):
    """One source of truth: each text of TEXTS is written by some skeleton and refused by the check."""
    content = tmp_path / "content"
    for index, kind in enumerate(KINDS):
        assert new(content, kind, f"Beitrag {index}")[0] == 0
    for path in content.rglob("*.md"):
        publish(path)
    refused = {re.search(r"Platzhalter aus der Vorlage: „(.*?)“ –", m).group(1) for m in messages(content)}
    assert refused == set(TEXTS.values())


def test_own_text_passes_and_the_build_refuses_a_published_placeholder(tmp_path):
    content = tmp_path / "content"
    assert new(content, "article", "Glasfaser im Verbund")[0] == 0
    path = content / "articles/glasfaser-im-verbund.md"
    publish(path)
    text = path.read_text(encoding="utf-8")
    own = (text.replace(TEXTS["teaser_article"], "Drei Stadtwerke bauen gemeinsam.")
           .replace(TEXTS["intro_article"], "Einleitung des Fachbeitrags über Glasfaser.")
           .replace(TEXTS["heading"], "## Wer baut was?").replace(TEXTS["text"] + "\n", "Die Stadtwerke …\n"))
    path.write_text(own, encoding="utf-8")
    assert messages(content) == []  # a line that merely starts like a placeholder is the editor's own text
    path.write_text(own.replace("Drei Stadtwerke bauen gemeinsam.", TEXTS["teaser_article"]), encoding="utf-8")
    assert run_build(content, tmp_path / "output") == 1
    assert not (tmp_path / "output").exists()


def test_new_with_a_date_that_is_no_date_says_how_to_write_one(tmp_path):
    content = tmp_path / "content"
    for date in ("31.12.2026", "2026-13-01", "morgen"):
        out = io.StringIO()
        assert create(content, "article", "Termin", date, console=Console(file=out, width=200)) == 2
        assert f"„{date}“ ist kein Datum" in out.getvalue() and "JJJJ-MM-TT" in out.getvalue()
    assert not content.exists()


@pytest.mark.parametrize("title", ["Glocke\a", "Null\x00byte", "Escape\x1b[31m"])
def test_new_refuses_control_characters_in_the_title(tmp_path, title):
    code, said = new(tmp_path / "content", "article", title)
    assert code == 2 and "Steuerzeichen" in said
    assert not (tmp_path / "content").exists()


def test_new_folds_tabs_and_line_breaks_of_a_pasted_title(tmp_path):
    content = tmp_path / "content"
    assert new(content, "article", "Wärme\tim\n Quartier")[0] == 0
    assert 'title: "Wärme im Quartier"\n' in (content / "articles" / "waerme-im-quartier.md").read_text("utf-8")
    assert messages(content) == []


def test_new_refuses_a_title_too_long_for_a_file_name(tmp_path):
    code, said = new(tmp_path / "content", "article", "Lang " * 80)
    assert code == 2 and "zu lang" in said
    assert not (tmp_path / "content").exists()



def test_new_never_overwrites_and_keeps_the_existing_file(tmp_path):
    content = tmp_path / "content"
    assert new(content, "article", "Wärme im Quartier")[0] == 0
    path = content / "articles" / "waerme-im-quartier.md"
    path.write_text("meine Arbeit", encoding="utf-8")
    code, said = new(content, "article", "Wärme  im  Quartier!")  # another title, the same file name
    assert code == 1 and "gibt es schon" in said and path.read_text(encoding="utf-8") == "meine Arbeit"
