"""A warm build (previous output and caches in place) after each kind of edit equals a cold full build, byte for byte.

The safety net for work that reuses more of the previous build: every case starts from the same built state of
the sample content (restored at the same paths, so the rebuild really is warm), makes one edit, rebuilds, and
compares the site and the newsletter artifacts with a cold build of the edited state.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

BESCHAFFUNG = "articles/gemeinsame-beschaffung-wie-mitglieder-zaehler-und-transformatoren-buendeln.md"
NETZANSCHLUSS = "articles/netzanschluesse-wie-elmsfeld-die-flut-an-anfragen-ordnet.md"
SMART_METER = "interviews/beim-smart-meter-rollout-entscheidet-die-terminplanung.md"
NOTFALL = "interviews/notfalluebungen-bringen-mehr-als-jedes-handbuch.md"
NEW_ARTICLE = """---
title: "Ein neuer Fachbeitrag über Netzreserven"
date: 2026-11-18
summary: "Wie viel Reserve ein Verteilnetz braucht."
tags: [Netze, Wärmewende]
authors: [Redaktion]
---

Ein neuer Beitrag mit einem Absatz über **Netzreserven**.
"""


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body(site: Path) -> dict:
    replace(site / "content" / BESCHAFFUNG, "authors:\n  - Jan-Henrik Vogt\n---\n",
            "authors:\n  - Jan-Henrik Vogt\n---\n\nEin neuer erster Absatz.\n")
    return {}


def title(site: Path) -> dict:
    replace(site / "content" / SMART_METER, 'title: "', 'title: "Neu: ')
    return {}


def tag(site: Path) -> dict:
    replace(site / "content" / BESCHAFFUNG, "  - Recht & Regulierung\n", "  - Wasserstoff\n")
    return {}


def date(site: Path) -> dict:
    replace(site / "content" / NETZANSCHLUSS, "date: 2026-01-20", "date: 2026-11-20")  # now in the November issue
    return {}


def new_item(site: Path) -> dict:
    (site / "content" / "articles" / "netzreserven.md").write_text(NEW_ARTICLE, encoding="utf-8")
    return {}


def deleted_item(site: Path) -> dict:
    (site / "content" / NOTFALL).unlink()
    return {}


def template(site: Path) -> dict:
    replace(site / "theme" / "templates" / "article.html", "<article ", "<p hidden>Vorlage geändert</p>\n<article ")
    return {}


def setting(site: Path) -> dict:
    return {"SITESUBTITLE": "Neuer Untertitel des Netzbriefs"}


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(site: Path, out: Path, **overrides) -> int:
    return run_build(site / "content", out, THEME=str(site / "theme"), **overrides)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The sample content and a copy of the theme, built cold once: (working folder, pristine copy of it)."""
    base = tmp_path_factory.mktemp("warm")
    site, pristine = base / "site", base / "pristine"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "theme", site / "theme")
    assert build(site, site / "build" / "output") == 0
    shutil.copytree(site, pristine)
    return site, pristine


@pytest.mark.parametrize("edit", [body, title, tag, date, new_item, deleted_item,
                                  template, setting])
def test_warm_build_after_an_edit_equals_a_cold_build(built, tmp_path, edit):
    site, pristine = built
    shutil.rmtree(site)
    shutil.copytree(pristine, site)  # the built state, at the paths it was built at
    overrides = edit(site)
    assert build(site, site / "build" / "output", **overrides) == 0

    cold = tmp_path / "cold" / "output"
    assert build(site, cold, **overrides) == 0
    warm_site, cold_site = files(site / "build" / "output"), files(cold)
    assert warm_site.keys() == cold_site.keys()
    assert [name for name in warm_site if warm_site[name] != cold_site[name]] == []
    assert files(site / "build" / "newsletter") == files(cold.parent / "newsletter")
