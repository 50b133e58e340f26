"""Fixture content for the newsletter tests: items around the issue boundaries, raster and SVG images."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import yaml

SITEURL = "http://127.0.0.1:8000"  # pelicanconf.py (development)
FAST = {"SEARCH_INDEX": False}  # Pagefind is not what these tests are about; it costs seconds per build


def png(width: int = 640, height: int = 360, rgb=(12, 84, 100)) -> bytes:
    """A small solid-colour PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


def write(content: Path, rel: str, meta: dict, body: str = "Ein Absatz Text.") -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return path


def article(content: Path, slug: str, date: str, **meta) -> Path:
    return write(content, f"articles/{slug}.md", {"title": meta.pop("title", slug.replace("-", " ").title()),
                                                  "slug": slug, "date": date, "summary": f"Worum es in {slug} geht.",
                                                  **meta})


def interview(content: Path, slug: str, date: str, **meta) -> Path:
    return write(content, f"interviews/{slug}.md", {
        "title": meta.pop("title", slug.replace("-", " ").title()), "slug": slug, "date": date,
        "summary": f"Gespräch {slug}.",
        "interviewee": {"name": "Selin Aydın", "role": "Bereichsleiterin", "organisation": "Stadtwerke Wiesental"},
        **meta})


def event(content: Path, slug: str, date: str, start: str, kind: str = "announcement", **meta) -> Path:
    info = {"start": start, "location": "Stadthalle Lindenau, Am Markt 3, 34567 Lindenau"}
    info.update(meta.pop("event", {}))
    return write(content, f"events/{slug}.md", {"title": meta.pop("title", slug.replace("-", " ").title()),
                                                "slug": slug, "date": date, "summary": f"Veranstaltung {slug}.",
                                                "type": kind,
                                                "event": info, **meta})


def issue(content: Path, stem: str, date: str, body: str = "", **meta) -> Path:
    return write(content, f"newsletter/{stem}.md", {"title": f"Rundbrief {stem}", "date": date,
                                                    "subject": f"Rundbrief {stem}: Betreff",
                                                    "preheader": f"Vorschautext für {stem}", **meta}, body)


def fixture_content(content: Path) -> Path:
    """Two issues (2026-09-15, 2026-11-23) and items around their boundaries; build date 2026-11-23."""
    (content / "images").mkdir(parents=True, exist_ok=True)
    (content / "images" / "foto.png").write_bytes(png())
    (content / "images" / "grafik.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    article(content, "september-beitrag", "2026-09-10")
    article(content, "genau-am-vorigen-rundbrief", "2026-09-15")
    article(content, "alter-beitrag", "2026-01-20", title="Ein älterer Beitrag, angeheftet")
    article(content, "neuer-fachbeitrag", "2026-10-06", image="images/foto.png",
            image_alt="Ein Umspannwerk im Abendlicht", authors=["Sabine Ortmann"])
    article(content, "genau-am-rundbrief", "2026-11-23")
    article(content, "nicht-im-rundbrief", "2026-10-07", newsletter=False)
    article(content, "ausgeschlossen", "2026-10-08")
    article(content, "entwurf", "2026-10-09", status="draft")
    interview(content, "neues-interview", "2026-11-10", image="images/grafik.svg", image_alt="Eine Grafik")
    event(content, "bericht-baederforum", "2026-10-20", "2026-10-14", kind="report",
          title="Bäderforum 2026: Energie sparen")
    event(content, "adventsforum", "2026-10-01", "2026-12-10 09:00",
          event={"end": "2026-12-10 16:30", "registration_url": "https://anmeldung.example.org/adventsforum"})
    event(content, "netzwerktreffen-2027", "2026-11-12", "2027-09-23 10:00", title="Netzwerktreffen 2027")
    event(content, "fruehjahrsforum", "2026-11-02", "2027-03-04")
    event(content, "vergangene-tagung", "2026-09-20", "2026-11-01")
    issue(content, "2026-09", "2026-09-15", "erste Ausgabe.")
    issue(content, "2026-10", "2026-10-20", "verworfener Entwurf.", status="draft")  # neither built nor "previous"
    issue(content, "2026-12", "2026-12-15", "noch nicht erschienen.")  # dated after the build date: not built
    issue(content, "2026-11", "2026-11-23",
          "in dieser Ausgabe geht es um [das Interview]({filename}/interviews/neues-interview.md) und um eine sehr "
          "lange Zeile, die umbrochen werden muss, damit sie in ein Textpostfach passt. Mehr unter "
          "[einer externen Seite](https://example.org/ein/sehr/langer/pfad/der/laenger/ist/als/achtundsiebzig/zeichen"
          "/damit/er/nicht/umbrochen/wird?a=1&b=2).\n\n"
          "Fragen an [die Redaktion](mailto:redaktion@kv-mitte.example.org)."
          "\n\nHerzliche Grüße  \nIhre Redaktion",
          items=["alter-beitrag", "netzwerktreffen-2027"], exclude=["ausgeschlossen"])
    return content
