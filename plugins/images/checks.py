"""`invoke check` for images and links: every problem with file and line, in German, from file headers only."""

from __future__ import annotations

import difflib
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urljoin

from PIL import Image

from content_model.schema import Problem

from .originals import Unreadable, header
from .paths import EXTERNAL, Outside, locate
from .scan import scan
from .settings import DEFAULTS, RASTER
from .sitemap import exists, item_url, site_urls, url_settings
from .store import PROJECT

SHOWN = RASTER + (".svg",)
MAX_PIXELS = 2 * Image.MAX_IMAGE_PIXELS  # what the build's decoder refuses (Pillow's decompression-bomb limit)


def image_problems(reference: str, source: Path, content_dir: Path, options: dict, alt: str | None) -> list[str]:
    """What is wrong with one image reference (``alt`` None: its alt text is checked elsewhere)."""
    messages = []
    if alt is not None and not alt.strip():
        messages.append(f"Zum Bild „{reference}“ fehlt der Alternativtext: bitte in die eckigen Klammern "
                        f"schreiben, was darauf zu sehen ist, z. B. ![Zwei Menschen an einer Kabelmuffe]({reference}).")
    try:
        local = locate(reference, source, content_dir)
    except Outside:
        return messages + [f"Das Bild „{reference}“ liegt außerhalb von content/ und kann nicht verwendet werden."]
    if local is None:
        return messages
    suffix = local.path.suffix.lower()
    if not local.exists:
        if not local.form:  # {static}/{filename} forms: the general link check reports those
            messages.append(f"Bilddatei „{reference}“ nicht gefunden (erwartet unter content/{local.relative}).")
    elif suffix not in SHOWN:
        messages.append(f"„{reference}“: Das Format {suffix or '(ohne Endung)'} kann die Website nicht zeigen – "
                        f"bitte als JPEG oder PNG speichern.")
    elif suffix in RASTER:
        messages += _size_problems(reference, local.path, options)
    return messages


def _size_problems(reference: str, path: Path, options: dict) -> list[str]:
    size, limit = path.stat().st_size, options["MAX_BYTES"]
    if size > limit:
        megabytes = f"{size / 2**20:.1f}".replace(".", ",")
        return [f"Die Bilddatei „{reference}“ ist {megabytes} MB groß, erlaubt sind höchstens "
                f"{limit / 2**20:.0f} MB – bitte kleiner exportieren (etwa 4000 Pixel breit, JPEG-Qualität 85)."]
    try:
        width, height, _alpha = header(path)
    except Unreadable:
        return [f"Die Bilddatei „{reference}“ ist kein lesbares Bild (beschädigt oder falsche Endung)."]
    if width * height > MAX_PIXELS:
        return [f"Das Bild „{reference}“ hat {width} × {height} Pixel ({width * height // 10**6} Megapixel); "
                f"verarbeiten können wir höchstens {MAX_PIXELS // 10**6} Megapixel – bitte kleiner exportieren "
                f"(etwa 4000 Pixel breit)."]
    smallest = min(options["WIDTHS"])
    if width < smallest:
        return [f"Das Bild „{reference}“ ist nur {width} Pixel breit; für eine scharfe Darstellung braucht es "
                f"mindestens {smallest} Pixel."]
    return []


def link_problem(target: str, entry, content_dir: Path, urls: set[str], settings: dict) -> str | None:
    """A link to a page of this site (``/pfad/`` or relative) that the build will not have."""
    if EXTERNAL.match(target) or target.startswith(("#", "{", "|", "?")):
        return None  # external, an anchor, or a Pelican form (checked with the files)
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    try:  # a file from content/ (images/plan.pdf), relative to content/ or to the Markdown file; not a source
        local = locate(path, entry.path, content_dir)
        if local.exists and local.path.suffix != ".md":
            return None
    except Outside:
        pass
    own = item_url(entry, settings)
    resolved = normpath(urljoin(f"/{own}", path)).lstrip("/") + ("/" if path.endswith("/") else "")
    if resolved.startswith("..") or exists(resolved, urls, content_dir):
        return None
    message = f"Der Link „{target}“ führt zu keiner Seite dieser Website"
    if path.endswith(".md"):
        return f"{message}. Verweise auf andere Beiträge bitte so schreiben: [Text]({{filename}}/articles/datei.md)."
    stem = resolved.rstrip("/")
    close = sorted(u for u in urls if stem and u.startswith(stem)) or \
        difflib.get_close_matches(resolved, sorted(u for u in urls if u), n=1, cutoff=0.85)
    return f"{message} – meinten Sie „/{close[0]}“?" if close else f"{message}."


def found_in(entry) -> list:
    """Images, links and gallery fences in the entry's body, found once per entry (the content check keeps entries
    of unchanged files between builds, with this list: content_model/checkstore.py)."""
    found = entry.__dict__.get("images_found")
    if found is None:
        found = entry.__dict__["images_found"] = scan(entry.doc.body, entry.doc.body_line)
    return found


def check_entries(entries, content_dir: Path, root: Path | None = None) -> list[Problem]:
    root = Path(root) if root else PROJECT
    settings_file = root / "pelicanconf.py" if (root / "pelicanconf.py").is_file() else PROJECT / "pelicanconf.py"
    settings = url_settings(str(settings_file))
    options = {**DEFAULTS, **{k[len("IMAGES_"):]: v for k, v in settings.items() if k.startswith("IMAGES_")}}
    urls = site_urls(entries, settings)
    problems = []
    for entry in entries:
        if entry.doc is None:
            continue
        image = entry.values.get("image")
        if image and "://" not in image:
            for message in image_problems(image, content_dir / "_", content_dir, options, None):
                if "nicht gefunden" not in message and "außerhalb" not in message:  # the content model reports
                    # a missing file and a path out of content/ already (content_model/links.py)
                    problems.append(Problem(entry.display, entry.doc.line("image"), "image", message))
        for item in found_in(entry):
            if item.kind == "image":
                messages = image_problems(item.target, entry.path, content_dir, options, item.alt)
                if item.target.startswith("{"):  # {static}/{filename} paths out of content/: content_model/links.py
                    messages = [m for m in messages if "außerhalb" not in m]
            elif item.kind == "link":
                messages = [m for m in [link_problem(item.target, entry, content_dir, urls, settings)] if m]
            else:
                messages = ["Die Galerie wird nicht mit einer Zeile „:::“ abgeschlossen."]
            problems += [Problem(entry.display, item.line, "Text", message) for message in messages]
    return problems
