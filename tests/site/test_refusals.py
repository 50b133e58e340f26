"""What `invoke check` refuses beyond the schema: image paths out of content/, duplicate uids, control characters,
names without a slug; and what the build says when it meets them without the check."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import ROOT, run_build
from content_model.validate import check

HEAD = "---\ntitle: Ein Beitrag\ndate: 2026-01-01\n"  # lines 1-3; the next front matter line is line 4
EVENT = """---
title: Netzwerktreffen
date: 2026-01-05
summary: Ein Treffen.
type: announcement
event:
  start: 2026-12-01 09:00
  location: Stadthalle
programme:
  - time: "09:00"
    title: "Begrüßung\\x1b[31m"
---
Text.
"""


def write(content: Path, relative: str, text: str) -> Path:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in check(content, content.parent)[1]]


def build_without_check(content: Path, tmp_path: Path) -> tuple[int, str]:
    """The build with its own check switched off: what Pelican and our reader do on their own; and its output."""
    from content_model.build import build

    stream = io.StringIO()
    code = build(ROOT / "pelicanconf.py", check_first=False, console=Console(file=stream, width=400),
                 overrides={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
                            "CACHE_PATH": str(tmp_path / "cache"), "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "nl")})
    return code, stream.getvalue()


# --- image paths -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("image", ["../../../../etc/passwd", "images/../../outside.svg", "/../outside.svg"])
def test_image_path_must_stay_inside_content(tmp_path, image):
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>")
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + f"image: {image}\nimage_alt: Ein Bild\n---\nText.\n")
    assert problems_of(content) == [f"content/articles/a.md:4: image: Der Bildpfad „{image}“ führt aus dem Ordner "
                                    f"content/ hinaus. Bilder müssen in content/ liegen (z. B. images/bild.svg)."]


def test_build_never_reads_an_image_from_outside_content(tmp_path):
    (tmp_path / "outside.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>")
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + "image: ../outside.svg\nimage_alt: Ein Bild\n---\nText.\n")
    code, output = build_without_check(content, tmp_path)
    assert code == 1
    assert "content/articles/a.md:4: image: Der Bildpfad „../outside.svg“ führt aus dem Ordner content/ hinaus" \
        in output
    assert not (tmp_path / "output").exists()


# --- duplicate uid -----------------------------------------------------------------------------------------------

def test_duplicate_uid_names_both_files(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + "uid: netz-2026\n---\n")
    write(content, "interviews/b.md", "---\ntitle: Gespräch\ndate: 2026-01-02\nsummary: S\n"
                                      "interviewee: Anna Roth\nuid: netz-2026\n---\n")
    hint = "Jede Datei braucht eine eigene Kennung, sonst fehlt eine davon in Feeds und Kalender."
    assert problems_of(content) == [
        f"content/articles/a.md:4: uid: Die Kennung „netz-2026“ hat auch content/interviews/b.md. {hint}",
        f"content/interviews/b.md:6: uid: Die Kennung „netz-2026“ hat auch content/articles/a.md. {hint}",
    ]


def test_uid_equal_to_a_uid_derived_from_a_path_is_a_duplicate(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + "---\n")
    write(content, "articles/b.md", "---\ntitle: Zwei\ndate: 2026-01-02\nuid: articles/a\n---\n")
    problems = problems_of(content)
    assert [p.split(": uid: ")[0] for p in problems] == ["content/articles/a.md:1", "content/articles/b.md:4"]
    assert "„articles/a“ (aus dem Dateipfad gebildet) hat auch content/articles/b.md" in problems[0]


# --- control characters ------------------------------------------------------------------------------------------

CONTROL = [
    # (file, text, expected "path:line: field: message" start)
    ("articles/a.md", '---\ntitle: "Steuer\\vzeichen"\ndate: 2026-01-01\n---\n',
     "content/articles/a.md:2: title: Enthält ein unsichtbares Steuerzeichen (U+000B)"),
    ("articles/a.md", '---\ntitle: "C1\\x9bzeichen"\ndate: 2026-01-01\n---\n',
     "content/articles/a.md:2: title: Enthält ein unsichtbares Steuerzeichen (U+009B)"),
    ("articles/a.md", '---\ntitle: "Zwei\\nZeilen"\ndate: 2026-01-01\n---\n',
     "content/articles/a.md:2: title: Enthält einen Zeilenumbruch"),
    ("articles/a.md", HEAD + 'tags: [Netze, "Null\\0"]\n---\n',
     "content/articles/a.md:4: tags[2]: Enthält ein unsichtbares Steuerzeichen (U+0000)"),
    ("articles/a.md", HEAD + 'image_alt: "Tab\\tim Text"\n---\n',
     "content/articles/a.md:4: image_alt: Enthält einen Tabulator"),
    ("events/e.md", EVENT, "content/events/e.md:11: programme[1].title: Enthält ein unsichtbares Steuerzeichen "
                           "(U+001B)"),
    ("articles/a.md", HEAD + "---\nErste Zeile.\nZweite\x0cZeile.\n",
     "content/articles/a.md:6: Text: Enthält ein unsichtbares Steuerzeichen (U+000C)"),
    ("articles/a.md", HEAD + "---\nText mit C1-Zeichen \x85 aus Windows.\n",
     "content/articles/a.md:5: Text: Enthält ein unsichtbares Steuerzeichen (U+0085)"),
]


@pytest.mark.parametrize("relative,text,expected", CONTROL, ids=[c[2].split(": ")[1] + str(i)
                                                                  for i, c in enumerate(CONTROL)])
def test_control_characters_are_refused_with_file_line_and_field(tmp_path, relative, text, expected):
    content = tmp_path / "content"
    write(content, relative, text)
    problems = problems_of(content)
    assert any(p.startswith(expected) for p in problems), problems


def test_tab_and_newline_are_allowed_where_they_make_sense(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + 'summary: "Erste Zeile\\nzweite\\tZeile"\n---\nText\tmit Tab.\n')
    write(content, "articles/b.md", "---\ntitle: >\n  Ein gefalteter\n  Titel\ndate: 2026-01-02\n---\n")
    assert problems_of(content) == []


def test_build_names_the_file_of_a_control_character(tmp_path):
    """Today's crash: lxml refuses the title in the feed, and the message names no file."""
    content = tmp_path / "content"
    write(content, "articles/a.md", '---\ntitle: "Steuer\\vzeichen"\ndate: 2026-01-01\n---\nText.\n')
    code, output = build_without_check(content, tmp_path)
    assert code == 1
    assert "content/articles/a.md:2: title: Enthält ein unsichtbares Steuerzeichen (U+000B)" in output


def test_any_error_while_reading_names_the_file_and_the_error(tmp_path):
    from content_model.build import build

    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + "---\n## Eine Überschrift\n")
    stream = io.StringIO()
    markdown = {"extension_configs": {"markdown.extensions.toc": {"slugify": "kein-aufrufbares-objekt"}}}
    code = build(ROOT / "pelicanconf.py", check_first=False, console=Console(file=stream, width=400),
                 overrides={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "MARKDOWN": markdown,
                            "CACHE_PATH": str(tmp_path / "cache"), "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "nl")})
    assert code == 1
    assert "content/articles/a.md: Die Datei konnte nicht gelesen werden: TypeError: 'str' object is not callable" \
        in stream.getvalue()


# --- names without a slug ----------------------------------------------------------------------------------------

SLUGLESS = [
    (HEAD + 'tags: [Netze, "§"]\n---\n', "content/articles/a.md:4: tags[2]: Aus dem Thema „§“ lässt sich keine "
                                         "Adresse bilden"),
    (HEAD + "tags: Netze, …\n---\n", "content/articles/a.md:4: tags: Aus dem Thema „…“ lässt sich keine Adresse"),
    (HEAD + "authors:\n  - Anna Roth\n  - 🙂\n---\n", "content/articles/a.md:6: authors[2]: Aus dem Namen „🙂“ "
                                                     "lässt sich keine Adresse bilden"),
    ("---\ntitle: „…“\ndate: 2026-01-01\n---\n", "content/articles/a.md:2: title: Aus dem Titel „„…““ lässt sich "
                                                 "keine Adresse bilden"),
]


@pytest.mark.parametrize("text,expected", SLUGLESS, ids=["tag-list", "tag-text", "author", "title"])
def test_names_without_a_slug_are_refused(tmp_path, text, expected):
    content = tmp_path / "content"
    write(content, "articles/a.md", text)
    problems = problems_of(content)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_title_without_slug_is_fine_with_an_own_slug(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", "---\ntitle: „…“\nslug: pause\ndate: 2026-01-01\n---\n")
    assert problems_of(content) == []


LONG_TITLE = "Netze " * 30  # 180 characters: the folder name would pass 120 characters


@pytest.mark.parametrize("text,expected", [
    (f"---\ntitle: {LONG_TITLE}\ndate: 2026-01-01\n---\n",
     "content/articles/a.md:2: title: Die Adresse aus dem Titel wäre 179 Zeichen lang, höchstens 120"),
    (f"---\ntitle: Kurz\nslug: {'a' * 121}\ndate: 2026-01-01\n---\n",
     "content/articles/a.md:3: slug: Die Adresse aus der Angabe „slug“ wäre 121 Zeichen lang"),
    (HEAD + f"tags: [Netze, {LONG_TITLE}]\n---\n", "content/articles/a.md:4: tags[2]: Das Thema „Netze Netze"),
], ids=["title", "own-slug", "tag"])
def test_names_too_long_for_an_address_are_refused(tmp_path, text, expected):
    content = tmp_path / "content"
    write(content, "articles/a.md", text)
    problems = problems_of(content)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_long_title_with_a_short_slug_builds(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", f"---\ntitle: {LONG_TITLE}\nslug: netze\ndate: 2026-01-01\n---\nText.\n")
    assert problems_of(content) == []
    assert run_build(content, tmp_path / "output") == 0


def test_a_tag_without_slug_never_replaces_the_topics_page(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + 'tags: [Netze, "§"]\n---\nText.\n')
    assert run_build(content, tmp_path / "output") == 1
    code, output = build_without_check(content, tmp_path)
    assert code == 1
    assert "tags[2]: Aus dem Thema „§“" in output


def test_two_spellings_of_one_slug_share_the_page_and_nothing_is_lost(tmp_path):
    content = tmp_path / "content"
    write(content, "articles/a.md", HEAD + "tags: [Wärme]\nauthors: [Anna Müller]\n---\nText.\n")
    write(content, "articles/b.md", "---\ntitle: Zweiter Beitrag\ndate: 2026-01-02\ntags: [Waerme]\n"
                                    "authors: [Anna Mueller]\n---\nText.\n")
    out = tmp_path / "output"
    assert run_build(content, out) == 0
    for page in ("themen/waerme/index.html", "autoren/anna-mueller/index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "Ein Beitrag" in text and "Zweiter Beitrag" in text, page
    feed = (out / "feeds" / "themen" / "waerme.atom.xml").read_text(encoding="utf-8")
    assert "Ein Beitrag" in feed and "Zweiter Beitrag" in feed
