"""`invoke check`: every problem in every content file, as ``path:line: field: message`` in German."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import checkstore
from .frontmatter import Document, FrontMatterError, read_document
from .links import check_links
from .paths import symlink_problems
from .reader import derive_uid
from .schema import FOLDER_KINDS, Checker, Problem
from .slugs import german_slug
from .tagvariants import warnings as tag_warnings


@dataclass
class Entry:
    """One checked content file."""

    path: Path
    display: str
    kind: str
    doc: Document | None = None
    values: dict = field(default_factory=dict)

    @property
    def slug(self) -> str | None:
        title = self.values.get("title")
        return self.values.get("slug") or (german_slug(title) if title else None)


def content_files(content_dir: Path):
    """Each ``*.md`` below a content folder, with the folder's kind: what ``sorted(folder.rglob("*.md"))`` gives
    (any entry so named, a symlinked folder's included but not entered, in the order of their parts), by one
    ``os.walk`` and sorting strings (pathlib's walk and comparisons took a quarter of a second at 5,000 files)."""
    for folder, kind in FOLDER_KINDS.items():
        top = os.path.join(str(content_dir), folder)
        found = []
        for current, dirs, names in os.walk(top):
            below = [] if current == top else current[len(top) + 1:].split(os.sep)
            found.extend([*below, name] for name in dirs + names if name.endswith(".md"))
        for parts in sorted(found):
            yield Path(top, *parts), kind


_CHECKED: dict[tuple, tuple[Entry, list[Problem]]] = {}


def check_file(path: Path, kind: str, display: str) -> tuple[Entry, list[Problem]]:
    """Parse and check one file; the result is kept while the file is unchanged (the build checks every file
    first and its reader then asks again for the same files)."""
    stat = path.stat()
    key = (str(path), kind, stat.st_mtime_ns, stat.st_size)  # the messages keep the first caller's display path
    if key not in _CHECKED:
        if len(_CHECKED) > 20000:
            _CHECKED.clear()
        _CHECKED[key] = _check_file(path, kind, display)
    return _CHECKED[key]


def forget_checked(*_signal_args) -> None:
    """All content is read (``all_generators_finalized``): the parsed files, kept for the reader, are let go (at
    thousands of files they are a hundred MB the writing phase can use)."""
    _CHECKED.clear()


def _check_file(path: Path, kind: str, display: str) -> tuple[Entry, list[Problem]]:
    entry = Entry(path=path, display=display, kind=kind)
    try:
        entry.doc = read_document(path)
    except FrontMatterError as exc:
        return entry, [Problem(display, exc.line, "Datei", exc.message)]
    checker = Checker(entry.doc, kind, display)
    entry.values = checker.run()
    return entry, checker.problems


def _close(name: str, candidates) -> str:
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f" – meinten Sie „{close[0]}“?" if close else ""


def cross_check(entries: list[Entry], content_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple, Entry] = {}
    for entry in entries:
        if entry.slug is None or entry.doc is None:
            continue
        key = (entry.kind, entry.slug)
        if key in seen:
            line = entry.doc.line("slug") if "slug" in entry.doc.meta else entry.doc.line("title")
            problems.append(Problem(entry.display, line, "title", f"Der Kurzname „{entry.slug}“ (die Adresse der "
                                    f"Seite) ist schon vergeben durch {seen[key].display}. Bitte den Titel ändern "
                                    f"oder eine eigene Angabe „slug“ setzen."))
        else:
            seen[key] = entry
    problems.extend(_duplicate_uids(entries, content_dir))
    announcements = {e.slug for e in entries if e.kind == "event" and e.values.get("type") == "announcement"}
    items = {e.slug for e in entries if e.kind in ("interview", "article", "event")}
    for entry in entries:
        if entry.doc is None:
            continue
        target = entry.values.get("report_of")
        if target and target not in announcements:
            problems.append(Problem(entry.display, entry.doc.line("report_of"), "report_of",
                                    f"Keine Ankündigung mit dem Kurznamen „{target}“ gefunden"
                                    f"{_close(target, announcements)}"))
        for key in ("items", "exclude"):
            for index, slug in enumerate(entry.values.get(key, []) if entry.kind == "newsletter" else []):
                if slug not in items:
                    problems.append(Problem(entry.display, entry.doc.line(key, index), f"{key}[{index + 1}]",
                                            f"Kein Beitrag mit dem Kurznamen „{slug}“ gefunden{_close(slug, items)}"))
        problems.extend(check_links(entry, content_dir))
    return problems


def _duplicate_uids(entries: list[Entry], content_dir: Path) -> list[Problem]:
    """Feeds, the calendar and the newsletter know items by uid: two files with one uid lose one of them."""
    by_uid: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.doc is not None:
            by_uid.setdefault(entry.values.get("uid") or derive_uid(entry.path, content_dir), []).append(entry)
    problems = []
    for uid, group in by_uid.items():
        for entry in group if len(group) > 1 else []:
            others = ", ".join(other.display for other in group if other is not entry)
            derived = "" if "uid" in entry.values else " (aus dem Dateipfad gebildet)"
            problems.append(Problem(entry.display, entry.doc.line("uid"), "uid",
                                    f"Die Kennung „{uid}“{derived} hat auch {others}. Jede Datei braucht eine eigene "
                                    f"Kennung, sonst fehlt eine davon in Feeds und Kalender."))
    return problems


#: Checks of other plugins that need all entries: "module:function(entries, content_dir, root) → [Problem]".
PLUGIN_CHECKS = ["images.checks:check_entries"]


def plugin_checks(entries: list[Entry], content_dir: Path, root: Path) -> list[Problem]:
    import importlib

    problems = []
    for name in PLUGIN_CHECKS:
        module, function = name.split(":")
        problems.extend(getattr(importlib.import_module(module), function)(entries, content_dir, root))
    return problems


def check(content_dir: Path | str, root: Path | str | None = None, store: Path | None = None,
          salt: str = "") -> tuple[list[Entry], list[Problem]]:
    """Check every content file; paths in messages are relative to ``root`` (default: the content dir's parent).
    With ``store`` (a cache folder), unchanged files are not parsed again (checkstore.py; ``salt``: the code)."""
    content_dir = Path(content_dir).resolve()
    root = Path(root).resolve() if root else content_dir.parent

    def display(path) -> str:
        try:
            return str(Path(path).relative_to(root))
        except ValueError:
            return str(path)

    problems, refused = symlink_problems(content_dir, display)
    entries, stored, results = [], checkstore.load(store) if store else {}, {}
    for path, kind in content_files(content_dir):
        if str(path) in refused:
            continue  # a symlink out of content/ is never read
        key = checkstore.file_key(path, kind, display(path), salt) if store else None
        entry, found = results[key] = stored.get(key) or check_file(path, kind, display(path))
        entries.append(entry)
        problems.extend(found)
    problems.extend(cross_check(entries, content_dir))
    problems.extend(plugin_checks(entries, content_dir, root))
    if store and results.keys() != stored.keys():
        checkstore.save(store, results)  # after the plugin checks: what they attached to entries is kept too
    problems.sort(key=lambda p: (p.path, p.line, p.field))
    return entries, problems


def hints(entries: list[Entry]) -> list[Problem]:
    """What `invoke check` reports as a hint (``path:line: field: Hinweis: …``): worth fixing, never a reason to
    stop a build."""
    return sorted(tag_warnings(entries), key=lambda p: (p.path, p.line, p.field))
