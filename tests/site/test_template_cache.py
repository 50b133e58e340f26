"""The Jinja bytecode cache (plugins/speedups/bytecode.py): never trusted when damaged, never stale, and kept apart
for environments that compile differently."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from tests.conftest import ROOT, run_build

FIXTURE = ROOT / "tests/feeds/content"


def files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _entries(cache: Path) -> list[Path]:
    found = sorted((cache / "jinja").glob("*.jinja"))
    assert found, "the first build cached no templates"
    return found


def truncated(cache: Path) -> None:
    for path in _entries(cache):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def emptied(cache: Path) -> None:
    for path in _entries(cache):
        path.write_bytes(b"")


def altered_text(cache: Path) -> None:
    """Code that still loads, with a different text in it: only the stored checksum tells."""
    changed = 0
    for path in _entries(cache):
        data = path.read_bytes()
        if b"entry--" in data:
            path.write_bytes(data.replace(b"entry--", b"entrz--"))
            changed += 1
    assert changed


def garbage(cache: Path) -> None:
    for index, path in enumerate(_entries(cache)):
        path.write_bytes(bytes((index * 7 + n) % 256 for n in range(300)))


@pytest.mark.parametrize("damage", [truncated, emptied, altered_text, garbage])
def test_a_damaged_template_cache_gives_the_output_of_a_build_without_cache(fixture_site, tmp_path, damage):
    cache = tmp_path / "cache"
    shutil.copytree(fixture_site.parent / "cache", cache)
    damage(cache)
    out = tmp_path / "output"
    assert run_build(FIXTURE, out, CACHE_PATH=str(cache)) == 0
    assert files(out) == files(fixture_site)


def test_an_edited_template_is_compiled_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    out = tmp_path / "site" / "output"
    assert run_build(FIXTURE, out, THEME=str(theme)) == 0
    index = theme / "templates" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("{% block content %}",
                                                               "{% block content %}<p>Neu in der Vorlage</p>", 1),
                     encoding="utf-8")
    assert run_build(FIXTURE, out, THEME=str(theme)) == 0  # same cache folder: the old code must not be used
    assert "<p>Neu in der Vorlage</p>" in (out / "index.html").read_text(encoding="utf-8")


def test_environments_that_escape_differently_do_not_share_code(tmp_path):
    from speedups.bytecode import TemplateCache

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ text }}", encoding="utf-8")
    cache = TemplateCache(str(tmp_path / "cache"))
    rendered = []
    for autoescape in (False, True, False):
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")),
                                         autoescape=autoescape, bytecode_cache=cache)
        rendered.append(environment.get_template("page.html").render(text="<b>"))
    assert rendered == ["<b>", "&lt;b&gt;", "<b>"]
    assert len(list((tmp_path / "cache").glob("*.jinja"))) == 2


def test_the_newsletters_email_templates_are_compiled_once(tmp_path, monkeypatch):
    """The e-mail's MJML and text templates share the pages' bytecode cache: a second build compiles neither,
    and gives the same artifacts."""
    from tests.newsletter.content import FAST

    compiled, real = [], jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    out = tmp_path / "site" / "output"
    assert run_build(ROOT / "content", out, **FAST) == 0
    assert {"email.mjml.j2", "email.txt.j2"} <= set(compiled)
    first = files(out.parent / "newsletter")
    compiled.clear()
    assert run_build(ROOT / "content", out, **FAST) == 0
    assert compiled == [] and files(out.parent / "newsletter") == first
