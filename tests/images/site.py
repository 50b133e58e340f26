"""The test site of the image tests: the sample content plus an event report with three large phone photos."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.images.photos import write_photo

REPORT_SLUG = "werkstatttag-in-lindenau-netze-zum-anfassen"
REPORT_URL = f"/veranstaltungen/{REPORT_SLUG}/"
REPORT = """---
title: "Werkstatttag in Lindenau: Netze zum Anfassen"
date: 2026-11-20
summary: "Sechzig Fachleute aus dem Netzwerk haben in der Lindenauer Netzwerkstatt Kabelmuffen gesetzt."
type: report
tags: [Netze, Ausbildung]
image: images/werkstatt/halle.jpg
image_alt: "Blick in die Werkstatthalle mit Arbeitstischen"
image_focus: 0.5, 0.3
credit: "Foto: Jana Roth"
event:
  start: 2026-11-12 09:00
  end: "16:00"
  location: "Netzwerkstatt der Stadtwerke Lindenau, Am Wasserturm 12, 34567 Lindenau"
---
Am Vormittag ging es um Mittelspannungsmuffen, am Nachmittag um die Frage, wie Betriebe ihre Fachkräfte halten.

![Zwei Auszubildende setzen eine Kabelmuffe](images/werkstatt/muffe.jpg "Konzentration an der Muffe (Foto: Jana Roth)")

Wer mehr über den Verbund erfahren will, findet die Ankündigung im [Programm des Netzwerktreffens](/veranstaltungen/netzwerktreffen-kv-mitte-2027/).

## Bilder des Tages

::: galerie
![Blick in die Werkstatthalle](images/werkstatt/halle.jpg "Die Halle am Morgen (Foto: Jana Roth)")
![Zwei Auszubildende an der Muffe](images/werkstatt/muffe.jpg "Muffenmontage")

![Gruppenbild vor dem Trafohäuschen](images/werkstatt/gruppe.jpg "Alle Teilnehmenden (Foto: Lars Brenner)")
:::

Der nächste Werkstatttag ist für das Frühjahr geplant.
"""
EDITORIAL_PHOTO = '\n![Gruppenbild vom Werkstatttag](images/werkstatt/gruppe.jpg "Alle Teilnehmenden")\n'
PHOTOS = {"halle.jpg": (1, 1), "muffe.jpg": (2, 6), "gruppe.jpg": (3, 1)}  # name → (seed, EXIF orientation)


def make_photos(folder: Path) -> Path:
    for name, (seed, orientation) in PHOTOS.items():
        if not (folder / name).exists():
            write_photo(folder / name, seed, orientation=orientation)
    return folder


def make_content(target: Path, photos: Path) -> Path:
    """The sample content plus the report; the photos are copied from ``photos`` (generated once)."""
    shutil.copytree(ROOT / "content", target)
    shutil.copytree(photos, target / "images" / "werkstatt")
    (target / "events" / f"{REPORT_SLUG}.md").write_text(REPORT, encoding="utf-8")
    issue = target / "newsletter" / "2026-11.md"  # a photo in the editorial as well
    issue.write_text(issue.read_text(encoding="utf-8") + EDITORIAL_PHOTO, encoding="utf-8")
    return target
