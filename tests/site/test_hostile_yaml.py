"""Hostile front matter: YAML anchors and aliases (the "billion laughs" bomb) and very deep nesting.

Today a 400-byte bomb runs for minutes and deep nesting crashes Python (RecursionError) or libyaml's composer
(segfault), so `invoke check` and the build run in a subprocess with a timeout here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from content_model.validate import check

HEAD = "---\ntitle: Ein Beitrag\ndate: 2026-01-01\n"  # the next line is line 4
TIMEOUT = 60  # seconds; the fixed code needs about one (mostly interpreter start)


def bomb() -> str:
    """Nine levels of nine aliases each: 9**9 strings when expanded, 400 bytes on disk."""
    lines = ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return HEAD + "\n".join(lines) + "\ntags: *i\n---\nText.\n"


def deep_block(levels: int) -> str:
    """Block mappings, one space deeper per level: 1500 levels are about 1 MB."""
    return HEAD + "tags:\n" + "".join(f"{' ' * (i + 1)}k{i}:\n" for i in range(levels)) + "---\n"


HOSTILE = {
    # name: (front matter, expected "path:line: Datei: message" start)
    "bomb": (bomb(), "content/articles/a.md:4: Datei: YAML-Anker („&a“) sind in den Angaben nicht erlaubt"),
    "anchor": (HEAD + "summary: &s Ein Anker\n---\n",
               "content/articles/a.md:4: Datei: YAML-Anker („&s“) sind in den Angaben nicht erlaubt"),
    "alias": (HEAD + "summary: *wichtig\n---\n", "content/articles/a.md:4: Datei: Ein Wert beginnt mit „*“"),
    "star-text": (HEAD + "summary: *wichtig* ist das\n---\n",
                  "content/articles/a.md:4: Datei: YAML-Syntaxfehler: Die Zeichen „*“ und „&“ am Anfang"),
    "merge": ("---\ntitle: T\ndate: 2026-01-01\nevent:\n  <<: *basis\n---\n",
              "content/articles/a.md:5: Datei: Ein Wert beginnt mit „*“"),
    "flow-10000": (HEAD + "tags: " + "[" * 10_000 + "]" * 10_000 + "\n---\n",
                   "content/articles/a.md:4: Datei: Die Angaben sind zu tief verschachtelt (mehr als 20 Ebenen)"),
    "flow-300000": (HEAD + "tags: " + "[" * 300_000 + "]" * 300_000 + "\n---\n",
                    "content/articles/a.md:4: Datei: Die Angaben sind zu tief verschachtelt (mehr als 20 Ebenen)"),
    "mapping-10000": (HEAD + "tags: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n---\n",
                      "content/articles/a.md:4: Datei: Die Angaben sind zu tief verschachtelt"),
    "dashes-10000": (HEAD + "tags:\n" + "- " * 10_000 + "x\n---\n",
                     "content/articles/a.md:5: Datei: Die Angaben sind zu tief verschachtelt"),
    "block-1500": (deep_block(1500), "content/articles/a.md:24: Datei: Die Angaben sind zu tief verschachtelt"),
    "flow-30": (HEAD + "tags: " + "[" * 30 + "]" * 30 + "\n---\n",
                "content/articles/a.md:4: Datei: Die Angaben sind zu tief verschachtelt"),
}


IN_PROCESS = ["anchor", "alias", "star-text", "merge", "flow-30"]  # neither hang nor crash today


@pytest.mark.parametrize("name", IN_PROCESS)
def test_check_refuses_anchors_aliases_and_deep_nesting(tmp_path, name):
    text, expected = HOSTILE[name]
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text(text, encoding="utf-8")
    problems = [str(p) for p in check(content, tmp_path)[1]]
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def write_all(tmp_path: Path, names) -> Path:
    """One file per hostile case: ``content/articles/<name>.md``."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for name in names:
        (content / "articles" / f"{name}.md").write_text(HOSTILE[name][0], encoding="utf-8")
    return content


def expected_lines(content: Path, names) -> list[str]:
    return [HOSTILE[name][1].replace("content/articles/a.md", f"{content}/articles/{name}.md") for name in names]


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def test_invoke_check_refuses_every_hostile_file_quickly(tmp_path):
    content = write_all(tmp_path, HOSTILE)
    result = run([sys.executable, "-m", "invoke", "check", "--content", str(content)])
    assert result.returncode == 1, result.stderr[-2000:]
    for line in expected_lines(content, HOSTILE):
        assert line in result.stderr, (line, result.stderr[-3000:])


BUILD = """
import sys
from pathlib import Path
from tests.conftest import run_build
content = Path(sys.argv[1])
sys.exit(run_build(content, content.parent / "output"))
"""


def test_build_refuses_hostile_files_quickly(tmp_path):
    names = ["bomb", "flow-300000", "block-1500"]
    content = write_all(tmp_path, names)
    result = run([sys.executable, "-c", BUILD, str(content)])
    assert result.returncode == 1, result.stderr[-2000:]
    for line in expected_lines(content, names):
        assert line.split(f"{content}/")[1] in result.stderr, (line, result.stderr[-3000:])
    assert not (tmp_path / "output").exists()


def test_nesting_up_to_the_limit_and_plain_ampersands_and_stars_are_fine(tmp_path):
    nested = "[" * 19 + "x" + "]" * 19  # 20 levels with the front matter itself
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text(HEAD + f"summary: 'Strom & Wärme, *nicht* Gas'\n"
                                               f"image_alt: {nested}\n---\nText.\n", encoding="utf-8")
    problems = [str(p) for p in check(content, tmp_path)[1]]
    assert not any("verschachtelt" in p or "YAML" in p for p in problems), problems
