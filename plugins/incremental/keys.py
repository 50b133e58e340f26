"""What an article page depends on, as one digest: equal digest, equal bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from content_model.checkcache import file_digest
from content_model.settings import settings_digest

# Links resolved against other content: such a page changes when the other item moves, so it is always rendered.
# Either delimiter opens and closes them, as in Pelican's INTRASITE_LINK_REGEX (``{filename|x.md`` is a link).
INTERSITE = re.compile(r"[{|](?:filename|static|attach|tag|category|author|index)[|}]")


def links_elsewhere(text: str) -> bool:
    """Whether ``text`` links to other content by a placeholder Pelican resolves (the braces or bars are looked for
    first: most pages have neither, and a plain search is much faster than the pattern)."""
    return ("{" in text or "|" in text) and INTERSITE.search(text) is not None


REUSABLE_KINDS = {"article", "interview", "event"}  # the build date is in every key (site_digest)


def site_digest(settings: dict) -> str:
    """Every plain-data setting, the build date and the theme's static files (their fingerprints are in pages)."""
    digest = settings_digest(settings)
    digest.update(str(settings.get("BUILD_DATE")).encode())
    static = Path(settings["THEME"]) / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _neighbour(item) -> list:
    return [item.title, item.url] if item is not None else []


def _related(item) -> list:
    """An item an event page names (its report or announcement, the other events of its series): title and URL,
    and its file, whose front matter gives the date label and state shown beside it."""
    return [item.title, item.url, file_digest(item.source_path).hex()] if item is not None else []


def _series(items, seen: dict) -> str:
    """The other events of a series, as one digest of each one's ``_related`` digest (kept in ``seen`` for the
    build: every event of a series of n names the other n - 1, so a long series cost n² lists written as JSON)."""
    digest = hashlib.sha256()
    for item in items:
        known = seen.get(id(item))
        if known is None or known[0] is not item:
            known = seen[id(item)] = (item, hashlib.sha256(json.dumps(_related(item)).encode()).hexdigest())
        digest.update(known[1].encode())
    return digest.hexdigest()


def page_key(article, site: str, templates: str, seen: dict | None = None) -> str | None:
    """The digest of one article page (``templates``: the digest of its templates), or None where the page must
    always be rendered (``seen``: the series members' digests, kept by the caller for one build)."""
    if getattr(article, "kind", None) not in REUSABLE_KINDS or links_elsewhere(article._content or ""):
        return None
    digest = hashlib.sha256((site + templates).encode())
    digest.update(file_digest(article.source_path))
    details = [article.status, article.save_as, article.url, getattr(article, "image_width", None),
               getattr(article, "image_height", None),
               getattr(article, "images_key", None), _neighbour(getattr(article, "prev_article", None)),
               _neighbour(getattr(article, "next_article", None)), _related(getattr(article, "report", None)),
               _related(getattr(article, "announcement", None)),
               _series(getattr(article, "series_events", None) or [], {} if seen is None else seen)]
    digest.update(json.dumps(details, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
                  .encode())
    return digest.hexdigest()
