"""Fixed costs of every build: compiled templates kept on disk, each item's URL computed once, a topic's items
looked up in constant time (members.py), translations and period archives grouped in linear time
(translations.py, archives.py), each item's path below the content folder computed once (relpaths.py), two scans
of each item's HTML skipped where they cannot match (scans.py); and Markdown converted on every core when many
files are new or changed (parallel.py).

All change how fast the output is made, never what it is (the output stays byte-identical).
"""

from __future__ import annotations

from pathlib import Path

from .archives import install as linear_archives
from .bytecode import TemplateCache
from .members import index_members
from .parallel import prefetch
from .relpaths import install as kept_relative_paths
from .scans import install as quick_scans
from .translations import install as linear_translations
from .urls import freeze_urls

_CACHES: dict[str, TemplateCache] = {}  # cache folder → the one cache all generators of a build share


def template_cache(generator) -> None:
    """Give every generator's Jinja environment the bytecode cache in ``CACHE_PATH/jinja``: Pelican makes one
    environment per generator, each compiling the shared templates (base.html …) again."""
    folder = str(Path(generator.settings["CACHE_PATH"]).resolve() / "jinja")
    cache = _CACHES.get(folder)
    if cache is None:
        cache = _CACHES[folder] = TemplateCache(folder)
    generator.env.bytecode_cache = cache


def register():
    from pelican import signals

    linear_translations()
    linear_archives()
    quick_scans()
    kept_relative_paths()
    signals.generator_init.connect(template_cache)
    signals.article_generator_init.connect(prefetch)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(index_members)
    signals.page_generator_finalized.connect(freeze_urls)
