"""Damaged originals the header check cannot see (a JPEG cut off after its header): the build names each file in
German and fails once, without a follow-up error from the feed or the page that wanted its derivatives."""

from __future__ import annotations

import io

from rich.console import Console

from tests.conftest import BUILD_DATE, ROOT

ARTICLE = """---
title: Kaputte Fotos
date: 2026-10-01
image: images/halle.jpg
image_alt: Die Halle
---
Einleitung.

![Die Gruppe](images/gruppe.jpg "Alle (Foto: Lars Brenner)")
"""


def test_truncated_photos_are_named_in_german_and_nothing_else_fails(tmp_path, photos):
    from content_model.build import build

    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "articles").mkdir()
    for name in ("halle.jpg", "gruppe.jpg"):
        data = (photos / name).read_bytes()
        (content / "images" / name).write_bytes(data[:len(data) // 3])  # an upload that broke off
    (content / "articles" / "kaputt.md").write_text(ARTICLE, encoding="utf-8")
    stream = io.StringIO()
    out = tmp_path / "output"
    code = build(ROOT / "pelicanconf.py", console=Console(file=stream, width=400), overrides={
        "PATH": str(content), "OUTPUT_PATH": str(out), "BUILD_DATE": BUILD_DATE,
        "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "newsletter"), "IMAGES_CACHE_PATH": str(tmp_path / "cache")})
    errors = [line for line in stream.getvalue().splitlines() if line.startswith("Fehler:")]
    assert code == 1 and not out.exists()
    assert sorted(errors) == [
        f"Fehler: Bild content/images/{name} lässt sich nicht verarbeiten: Die Datei ist unvollständig (Kopie oder "
        f"Upload abgebrochen?) – bitte noch einmal aus dem Original kopieren oder exportieren."
        for name in ("gruppe.jpg", "halle.jpg")], stream.getvalue()
