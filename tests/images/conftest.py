"""Fixtures of the image tests: three generated phone photos and the sample site with a photo report, built once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_build
from tests.images.site import make_content, make_photos


@dataclass
class Site:
    content: Path
    out: Path
    newsletter: Path
    cache: Path


@pytest.fixture(scope="session")
def photos(tmp_path_factory) -> Path:
    return make_photos(tmp_path_factory.mktemp("photos"))


@pytest.fixture(scope="session")
def image_site(tmp_path_factory, photos) -> Site:
    base = tmp_path_factory.mktemp("image-site")
    content = make_content(base / "content", photos)
    out = base / "output"
    assert run_build(content, out) == 0
    return Site(content, out, out.parent / "newsletter", out.parent / "image-cache")


ARTICLE = """---
title: Bilder im Fachbeitrag
date: 2026-10-01
---
Einleitung.

![Die Halle]({reference} "Die Halle (Foto: Jana Roth)")
"""


def small_content(base: Path, photos: Path, reference: str = "images/halle.jpg") -> Path:
    """One article with one inline photo: fast builds for the rebuild tests."""
    content = base / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "halle.jpg").write_bytes((photos / "halle.jpg").read_bytes())
    (content / "articles").mkdir()
    (content / "articles" / "bilder.md").write_text(ARTICLE.format(reference=reference), encoding="utf-8")
    return content
