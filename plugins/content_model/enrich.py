"""Signal handlers: German slugs, our reader for ``.md``, drafts and scheduled posts by the build date."""

from __future__ import annotations

from pathlib import Path

from .cache import PENDING, discard_damaged, readers_init as safe_cache
from .keptcache import started as build_started
from .paths import refuse_symlinks
from .reader import NetzbriefReader
from .settings import build_date, content_settings
from .slugs import configure as configure_slugs
from .tagvariants import remember as remember_spellings


def initialized(pelican) -> None:
    settings = pelican.settings
    refuse_symlinks(settings)
    PENDING.clear()  # reader caches of a build that failed before its end are not saved
    build_started()
    discard_damaged(settings)
    configure_slugs(settings)
    remember_spellings(settings)
    settings["BUILD_DATE"] = build_date(settings)
    # Publication depends on the build date, never on the clock: we decide, not Pelican.
    settings["WITH_FUTURE_DATES"] = True


def readers_init(readers) -> None:
    readers.reader_classes["md"] = NetzbriefReader
    safe_cache(readers)


def publication_state(generator, metadata: dict) -> None:
    """A future date means scheduled; drafts and scheduled items show only where SHOW_DRAFTS is on."""
    settings = generator.settings
    date = metadata.get("date")
    scheduled = date is not None and date.date() > build_date(settings)
    draft = metadata.get("status") == "draft"
    metadata["scheduled"] = scheduled
    if content_settings(settings)["SHOW_DRAFTS"]:
        metadata["is_draft"] = draft or scheduled
        metadata["status"] = "published"
    elif scheduled:
        metadata["status"] = "draft"


def neighbours(generator) -> None:
    """``prev_article`` / ``next_article``: the older and newer item of the same kind; ``archive_years``."""
    generator.context["archive_years"] = sorted({a.date.year for a in generator.articles}, reverse=True)
    by_kind: dict[str, list] = {}
    for article in generator.articles:
        by_kind.setdefault(getattr(article, "kind", ""), []).append(article)
    for items in by_kind.values():
        items.sort(key=lambda a: (a.date, a.slug))
        for index, article in enumerate(items):
            article.prev_article = items[index - 1] if index > 0 else None
            article.next_article = items[index + 1] if index + 1 < len(items) else None


def image_size(generator, metadata: dict) -> None:
    """``image_width`` / ``image_height`` from the image file's header, so pages reserve the space."""
    import imagesize

    image = metadata.get("image")
    metadata["image_width"] = metadata["image_height"] = None
    if not image or "://" in image:
        return
    path = Path(generator.settings["PATH"]) / image.lstrip("/")
    try:
        width, height = imagesize.get(str(path))
    except (OSError, ValueError):
        return
    if width > 0 and height > 0:
        metadata["image_width"], metadata["image_height"] = int(width), int(height)
