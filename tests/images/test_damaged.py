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


def test_a_truncated_photo_only_in_the_newsletter_editorial_is_named_too(tmp_path, photos):
    import shutil

    from content_model.build import build

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    data = (photos / "halle.jpg").read_bytes()
    (content / "images" / "kaputt.jpg").write_bytes(data[:len(data) // 3])
    issue = content / "newsletter" / "2026-11.md"
    issue.write_text(issue.read_text(encoding="utf-8") + "\n![Die Halle](images/kaputt.jpg)\n", encoding="utf-8")
    stream = io.StringIO()
    code = build(ROOT / "pelicanconf.py", console=Console(file=stream, width=400), overrides={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "BUILD_DATE": BUILD_DATE,
        "NEWSLETTER_ARTIFACTS_PATH": str(tmp_path / "newsletter"), "IMAGES_CACHE_PATH": str(tmp_path / "cache")})
    errors = [line for line in stream.getvalue().splitlines() if line.startswith("Fehler:")]
    assert code == 1 and errors, stream.getvalue()
    assert all(line.startswith("Fehler: Bild content/images/kaputt.jpg lässt sich nicht verarbeiten: Die Datei ist "
                               "unvollständig") for line in errors), errors
