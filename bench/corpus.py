"""The generated corpus of bench/build.py: the same articles for Netzbrief, bare Pelican 4.12 and Hugo.

Articles have 1,000–2,000 words of German-looking Markdown (headings, lists, emphasis, links) and two or three
tags. Netzbrief's copy also has interviews and events (one each per 20 articles), the sample site's pages and
two newsletter issues; items older than the first issue are ``newsletter: false`` (an archive predates the
newsletter), so the issues have a normal size.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAST = dt.date(2026, 11, 20)  # the newest article; the bench builds on 2026-11-23
NEWSLETTER_START = dt.date(2026, 9, 1)
TAGS = ["Wärmewende", "Netze", "Digitalisierung", "Fachkräfte", "Wasserstoff", "Wärmeplanung", "Glasfaser",
        "IT-Sicherheit", "Kundenservice", "Mobilität", "Wasser", "Recht & Regulierung", "Beschaffung", "Bäder",
        "Kommunikation", "Energiehandel"]
WORDS = ("Netz Wärme Quartier Leitung Anschluss Planung Kommune Versorger Strom Gas Wasser Speicher Pumpe "
         "Förderung Satzung Bürger Rat Projekt Ausbau Betrieb Kosten Tarif Zähler Daten Sicherheit Umspannwerk "
         "Trasse Fernwärme Genehmigung Ausschreibung Kunden Störung Wartung Einspeisung Lastgang").split()
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }} – '
                   '{{ site.Title }}</title></head><body><header><a href="{{ site.Home.RelPermalink }}">'
                   '{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>'
                   '{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">'
                   '{{ .LinkTitle }}</a></li>{{ end }}</ul></article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range (.Paginate .Pages).Pages }}<article><h2>'
                 '<a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}'
                 '{{ end }}\n',
}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    if rng.random() < 0.2:
        words[2] = f"*{words[2]}*"
    return " ".join(words).capitalize() + "."


def body(rng: random.Random) -> str:
    """1,000–2,000 words in paragraphs, with headings, a list and a link now and then."""
    target, words, parts = rng.randint(1000, 2000), 0, []
    while words < target:
        if len(parts) % 6 == 2:
            parts.append(f"## {rng.choice(WORDS)} und {rng.choice(WORDS)}")
        paragraph = " ".join(_sentence(rng) for _ in range(5))
        if len(parts) % 9 == 4:
            paragraph += " Mehr dazu beim [Netzwerk](https://kv-mitte.example.org/themen/)."
        parts.append(paragraph)
        if len(parts) % 11 == 5:
            parts.append("\n".join(f"- {rng.choice(WORDS)} und {rng.choice(WORDS)}" for _ in range(4)))
        words += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def _date(number: int, count: int) -> dt.date:
    return LAST - dt.timedelta(days=number * 3650 // max(count, 1))  # ten years, newest first


def _front(values: dict) -> str:
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n---\n\n"


def _yaml_list(items) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def generate(target: Path, count: int) -> dict:
    """Write ``target/{ours,bare,hugo}``; return what the runs need (paths, the file to edit)."""
    rng = random.Random(42)
    ours, bare, hugo = target / "ours", target / "bare", target / "hugo"
    for folder in (ours / "articles", bare / "articles", hugo / "content" / "posts", hugo / "layouts"):
        folder.mkdir(parents=True)
    for number in range(count):
        title = f"Fachbeitrag {number}: {rng.choice(WORDS)} und {rng.choice(WORDS)}"
        date, tags, text = _date(number, count), rng.sample(TAGS, rng.randint(2, 3)), body(rng)
        summary = f"Worum es in Beitrag {number} geht: {rng.choice(WORDS)} und {rng.choice(WORDS)}."
        meta = {"title": f'"{title}"', "date": date.isoformat(), "slug": f"beitrag-{number}",
                "summary": f'"{summary}"', "tags": _yaml_list(tags), "authors": '["Redaktion"]'}
        if date < NEWSLETTER_START:
            meta["newsletter"] = "false"
        (ours / "articles" / f"beitrag-{number}.md").write_text(_front(meta) + text, encoding="utf-8")
        (bare / "articles" / f"beitrag-{number}.md").write_text(
            f"Title: {title}\nDate: {date}\nSummary: {summary}\nTags: {', '.join(tags)}\nAuthors: Redaktion\n"
            f"Category: Fachbeiträge\nSlug: beitrag-{number}\n\n" + text, encoding="utf-8")
        (hugo / "content" / "posts" / f"beitrag-{number}.md").write_text(
            _front({"title": f'"{title}"', "date": date.isoformat(), "summary": f'"{summary}"',
                    "tags": _yaml_list(tags), "slug": f"beitrag-{number}"}) + text, encoding="utf-8")
    for number in range(max(1, count // 20)):
        _interview(ours / "interviews", number, count, rng)
        _event(ours / "events", number, count, rng)
    shutil.copytree(ROOT / "content" / "pages", ours / "pages")
    _newsletter(ours / "newsletter")
    _hugo_site(hugo)
    return {"ours": ours, "bare": bare, "hugo": hugo, "edit": ours / "articles" / "beitrag-7.md"}


def _interview(folder: Path, number: int, count: int, rng: random.Random) -> None:
    folder.mkdir(exist_ok=True)
    name = f"{rng.choice(['Anna', 'Jonas', 'Hanna', 'Emre', 'Petra'])} Muster{number}"
    person = f'{{name: "{name}", role: "Geschäftsführung", organisation: "Stadtwerke Nummer {number}"}}'
    meta = {"title": f'"Interview {number}: {rng.choice(WORDS)} braucht Geduld"',
            "date": _date(number * 20 + 3, count).isoformat(), "summary": f'"Ein Gespräch über {rng.choice(WORDS)}."',
            "tags": _yaml_list(rng.sample(TAGS, 2)), "authors": '["Redaktion"]',
            "interviewee": person,
            "interviewer": '"Redaktion"'}
    turns = [f"**{_sentence(rng)[:-1]}?**\n\nMuster{number}: {' '.join(_sentence(rng) for _ in range(12))}"
             for _ in range(8)]
    (folder / f"interview-{number}.md").write_text(_front(meta) + _sentence(rng) + "\n\n" + "\n\n".join(turns)
                                                   + "\n", encoding="utf-8")


def _event(folder: Path, number: int, count: int, rng: random.Random) -> None:
    folder.mkdir(exist_ok=True)
    published = _date(number * 20 + 11, count)
    announcement = number % 2 == 0
    start = dt.date(2027, 1 + number % 12, 1 + number % 27) if announcement else published - dt.timedelta(days=3)
    meta = {"title": f'"Forum {number}: {rng.choice(WORDS)} im Gespräch"', "date": published.isoformat(),
            "summary": f'"Fachforum zu {rng.choice(WORDS)} und {rng.choice(WORDS)}."',
            "tags": _yaml_list(rng.sample(TAGS, 2)), "authors": '["Redaktion"]',
            "type": "announcement" if announcement else "report",
            "event": f'{{start: "{start} 09:30", end: "16:00", location: "Stadthalle Lindenau, Am Markt 3, '
                     f'34567 Lindenau", online: false, organisers: ["KV Mitte"], series: "Forum"}}'}
    if announcement:
        meta["programme"] = ("[" + ", ".join(
            f'{{time: "{9 + slot:02d}:30", end: "{10 + slot:02d}:15", title: "{rng.choice(WORDS)} in der Praxis", '
            f'track: "{track}", speakers: ["Anna Roth"]}}' for slot in range(4) for track in ("Netze", "Wärme"))
            + "]")
    text = "\n\n".join(" ".join(_sentence(rng) for _ in range(5)) for _ in range(6)) + "\n"
    (folder / f"forum-{number}.md").write_text(_front(meta) + text, encoding="utf-8")


def _newsletter(folder: Path) -> None:
    folder.mkdir()
    for issue, day in (("2026-10", "2026-10-15"), ("2026-11", "2026-11-23")):
        meta = {"title": f'"Rundbrief {issue}"', "date": day, "subject": f'"Rundbrief {issue}: Neues aus dem Netz"',
                "preheader": '"Was im Netzwerk los war."'}
        (folder / f"{issue}.md").write_text(_front(meta) + "Ein kurzes Editorial für diese Ausgabe.\n",
                                            encoding="utf-8")


def _hugo_site(hugo: Path) -> None:
    (hugo / "hugo.toml").write_text('baseURL = "http://127.0.0.1:8000/"\nlanguageCode = "de"\ntitle = "Bench"\n'
                                    '[pagination]\npagerSize = 10\n[taxonomies]\ntag = "tags"\n', encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
