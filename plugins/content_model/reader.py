"""Pelican reader for Markdown with YAML front matter, checked against the content model."""

from __future__ import annotations

import logging
import math
import os
import re
from pathlib import Path

from markdown import Markdown
from markupsafe import Markup, escape
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Category, Tag

from . import fields
from .inline import inline_markdown
from .schema import FOLDER_KINDS
from .typography import german
from .settings import content_settings
from .slugs import german_slug, taxonomy

CATEGORIES = {"interview": "Interviews", "event": "Veranstaltungen", "article": "Fachbeiträge"}
TEMPLATES = {"interview": "interview", "event": "event", "article": "article", "page": "page"}
WORD = re.compile(r"\w+")
logger = logging.getLogger(__name__)
MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&\\!#|~]|^\s*[-+>]|^\s*\d+\.\s|  $", re.MULTILINE)


class ContentError(Exception):
    """A content file breaks the content model; the message lists every problem (``path:line: field: …``)."""


def _relative(source_path: Path, content_dir: Path) -> str:
    """``source_path`` below ``content_dir`` as a POSIX path; both are absolute here (Pelican passes absolute
    paths), so no file system look-up is needed."""
    return os.path.relpath(os.path.abspath(source_path), os.path.abspath(content_dir)).replace(os.sep, "/")


def kind_of(source_path: Path, content_dir: Path) -> str | None:
    relative = _relative(source_path, content_dir)
    if relative.startswith("../"):
        return None
    return FOLDER_KINDS.get(relative.split("/", 1)[0])


def derive_uid(source_path: Path, content_dir: Path) -> str:
    """Default uid: the source path below content/ without extension, e.g. ``articles/waermeplanung``."""
    return os.path.splitext(_relative(source_path, content_dir))[0]


class NetzbriefReader(MarkdownReader):
    file_extensions = ["md"]

    def read(self, source_path):
        """Pelican logs a failed file without the reason: log ours first (German, with file and line)."""
        content_dir = Path(self.settings["PATH"])
        display = f"{content_dir.name}/{_relative(source_path, content_dir)}"
        try:
            return self._read(source_path, content_dir, display)
        except ContentError as exc:
            logger.error("%s", exc)
            raise
        except Exception as exc:
            logger.error("%s: Die Datei konnte nicht gelesen werden: %s: %s", display, type(exc).__name__, exc)
            raise ContentError(f"{display}: {type(exc).__name__}: {exc}") from exc

    def _read(self, source_path, content_dir: Path, display: str):
        from .checkcache import USED
        from .links import image_outside
        from .validate import check_file

        kind = kind_of(Path(source_path), content_dir)
        if kind is None or kind == "newsletter":
            raise ContentError(f"{display}: liegt in keinem bekannten Inhaltsordner.")
        entry, problems = check_file(Path(os.path.abspath(source_path)), kind, display)
        if entry.doc is not None and entry.doc.sha256 is not None:
            USED[os.path.abspath(source_path)] = entry.doc.sha256  # keys name the bytes this content came from
        problems = problems or image_outside(entry, content_dir)
        if problems:
            raise ContentError("\n".join(map(str, problems)))
        doc, values = entry.doc, entry.values
        metadata = self.metadata(values, kind, Path(source_path), content_dir)
        self._md = self.markdown()
        self._md.netzbrief_meta = metadata  # read by our Markdown extensions (interviews)
        content = self._md.convert(doc.body)
        metadata["reading_time"] = max(1, math.ceil(len(WORD.findall(doc.body)) /
                                                    content_settings(self.settings)["WORDS_PER_MINUTE"]))
        return content, metadata

    def markdown(self) -> Markdown:
        """One Markdown instance per reader, reset between documents (building one costs more than a page).

        Pelican's MARKDOWN settings without the ``meta`` extension: our metadata is YAML, and a body line such as
        ``Lübke: Wir haben …`` must stay text."""
        md = getattr(self, "_netzbrief_md", None)
        if md is None:
            config = dict(self.settings["MARKDOWN"])
            config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
            md = self._netzbrief_md = Markdown(**config)
        md.reset()
        md.netzbrief_meta = None
        return md

    def render_inline(self, text: str) -> str:
        """Front matter text (the summary) as inline HTML: Markdown formatting, raw HTML escaped (inline.py)."""
        if not MARKDOWN_SYNTAX.search(text):  # plain text (most summaries): escaping is all Markdown would do
            return str(escape(german(text)))
        md = getattr(self, "_netzbrief_inline", None)
        if md is None:
            md = self._netzbrief_inline = inline_markdown(self.settings["MARKDOWN"].get("output_format", "html5"))
        md.reset()
        html = md.convert(text)
        return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html

    def metadata(self, values: dict, kind: str, source_path: Path, content_dir: Path) -> dict:
        meta = {key: value for key, value in values.items() if key not in ("type", "tags", "authors", "date")}
        meta["date"] = fields.as_datetime(values["date"])
        if "modified" in values:
            meta["modified"] = fields.as_datetime(values["modified"])
        meta["kind"] = kind
        meta["template"] = TEMPLATES[kind]
        meta["event_type"] = values.get("type")
        meta["slug"] = values.get("slug") or german_slug(values["title"])
        meta["uid"] = values.get("uid") or derive_uid(source_path, content_dir)
        meta["status"] = values.get("status", "published")
        meta["newsletter"] = values.get("newsletter", True)
        meta.setdefault("image", None)
        meta.setdefault("image_alt", None)
        if "summary" in values:
            meta["summary"] = Markup(self.render_inline(values["summary"]))
            meta["summary_text"] = Markup(meta["summary"]).striptags()
        if values.get("tags"):
            meta["tags"] = [taxonomy(Tag, name, self.settings) for name in dict.fromkeys(values["tags"])]
        if values.get("authors"):
            meta["authors"] = [taxonomy(Author, name, self.settings) for name in dict.fromkeys(values["authors"])]
        if kind in CATEGORIES:
            meta["category"] = taxonomy(Category, CATEGORIES[kind], self.settings)
        return meta
