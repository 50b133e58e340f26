"""What an article page depends on, as one digest: equal digest, equal bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from jinja2 import meta

# Links resolved against other content: such a page changes when the other item moves, so it is always rendered.
INTERSITE = re.compile(r"\{(?:filename|static|attach|tag|category|author|index)\}|\|(?:filename|static|attach)\|")
REUSABLE_KINDS = {"article", "interview"}  # event pages depend on the build date, series and reports
# Where a build writes and caches, not what it writes: staging folders are named per process.
MECHANICS = {"OUTPUT_PATH", "NEWSLETTER_ARTIFACTS_PATH", "CACHE_PATH", "INCREMENTAL_PREVIOUS_OUTPUT",
             "INCREMENTAL_STATE"}


def site_digest(settings: dict) -> str:
    """Every plain-data setting, the build date and the theme's static files (their fingerprints are in pages)."""
    plain = {}
    for key, value in sorted(settings.items()):
        if key in MECHANICS:
            continue
        try:
            plain[key] = json.loads(json.dumps(value, sort_keys=True))
        except (TypeError, ValueError):
            continue
    digest = hashlib.sha256(json.dumps(plain, sort_keys=True).encode())
    digest.update(str(settings.get("BUILD_DATE")).encode())
    static = Path(settings["THEME"]) / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class TemplateIndex:
    """The templates of one build, each parsed once: what each refers to, and the digest of each page template with
    every template it extends, includes or imports."""

    def __init__(self):
        self.parsed: dict[tuple, tuple] = {}  # (environment id, name) → (environment, source, referenced, ast)
        self.closures: dict[tuple, set[str]] = {}
        self.digests: dict[tuple, str] = {}

    def parse(self, environment, name: str) -> tuple:
        """(source, the names it refers to (None: computed at render time), the parsed template)."""
        key = (id(environment), name)
        if key not in self.parsed:
            source = environment.loader.get_source(environment, name)[0]
            ast = environment.parse(source)
            self.parsed[key] = (environment, source, list(meta.find_referenced_templates(ast)), ast)
        return self.parsed[key][1:]

    def closure(self, environment, name: str) -> set[str]:
        """Template ``name`` and all it uses; a name computed at render time means every template."""
        key = (id(environment), name)
        if key not in self.closures:
            names, queue, dynamic = set(), [name], False
            while queue:
                current = queue.pop()
                if current not in names:
                    names.add(current)
                    referenced = self.parse(environment, current)[1]
                    dynamic |= None in referenced
                    queue.extend(found for found in referenced if found is not None)
            self.closures[key] = names | set(environment.list_templates()) if dynamic else names
        return self.closures[key]

    def digest(self, environment, name: str) -> str:
        """The sources of ``closure(name)`` as one digest."""
        key = (id(environment), name)
        if key not in self.digests:
            digest = hashlib.sha256()
            for current in sorted(self.closure(environment, name)):
                digest.update(current.encode() + b"\0" + self.parse(environment, current)[0].encode() + b"\0")
            self.digests[key] = digest.hexdigest()
        return self.digests[key]


def _neighbour(item) -> list:
    return [item.title, item.url] if item is not None else []


def page_key(article, site: str, templates: str) -> str | None:
    """The digest of one article page (``templates``: the digest of its templates), or None where the page must
    always be rendered."""
    if getattr(article, "kind", None) not in REUSABLE_KINDS or INTERSITE.search(article._content or ""):
        return None
    digest = hashlib.sha256((site + templates).encode())
    digest.update(Path(article.source_path).read_bytes())
    details = [article.status, article.save_as, article.url, getattr(article, "image_width", None),
               getattr(article, "image_height", None),
               getattr(article, "images_key", None), _neighbour(getattr(article, "prev_article", None)),
               _neighbour(getattr(article, "next_article", None))]
    digest.update(json.dumps(details, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
                  .encode())
    return digest.hexdigest()
