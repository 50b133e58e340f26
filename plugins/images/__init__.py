"""Images: responsive derivatives (WebP + JPEG/PNG fallback) for site, feeds, social previews and the e-mail.

Originals in content/ are never published: each raster image content uses is decoded once (on all cores, only
when the cache lacks it), oriented, converted to sRGB, stripped of all metadata (GPS!) and written at a few
widths under content-hashed names. See docs/content.md for the editor's side, settings.py for ``IMAGES_*``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from content_model.settings import plugin_settings

from .content import resolve_content
from .settings import DEFAULTS, RASTER
from .store import close_store, open_store, store_of
from .templating import lead_image, teaser_image

log = logging.getLogger(__name__)
LAST_RUN = {"encoded": 0, "placed": 0}  # what the last finished build did (for the log, the tests and the bench)


def image_settings(settings: dict) -> dict:
    return plugin_settings(settings, "IMAGES_", DEFAULTS)


def initialized(pelican) -> None:
    settings = pelican.settings
    open_store(settings, image_settings(settings))
    settings.setdefault("JINJA_GLOBALS", {}).update(lead_image=lead_image, teaser_image=teaser_image)


def content_init(instance) -> None:
    store = store_of(getattr(instance, "settings", None) or {})
    if store is not None and hasattr(instance, "metadata") and getattr(instance, "source_path", None):
        resolve_content(instance, store)


def drop_originals(generator) -> None:
    """Raster originals stay out of the output (they carry EXIF, GPS included); their derivatives go in."""
    generator.staticfiles[:] = [s for s in generator.staticfiles if Path(s.source_path).suffix.lower() not in RASTER]
    static = generator.context.get("static_content", {})
    for key in [k for k in static if Path(k).suffix.lower() in RASTER]:
        del static[key]


class ImagesGenerator(Generator):
    """Starts the encoders once all content is read; puts the derivatives into the output after the pages."""

    def generate_context(self):
        store = store_of(self.settings)
        if store is not None:
            store.start()

    def generate_output(self, writer):
        store = store_of(self.settings)
        if store is None:
            return
        store.finish(Path(self.output_path))
        LAST_RUN.update(encoded=store.encoded, placed=store.placed)
        log.info("Bilder: %d neu erzeugt, %d aus dem Cache", store.encoded,
                                         store.placed - store.encoded)


def get_generators(pelican):
    return ImagesGenerator


def finalized(pelican) -> None:
    close_store(pelican.settings)


def register():
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_init)
    signals.static_generator_finalized.connect(drop_originals)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
