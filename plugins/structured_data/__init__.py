"""Structured data and SEO: canonical URL, description, OpenGraph/Twitter, JSON-LD, sitemap.xml, robots.txt."""

from pelican import signals

from .generator import StructuredDataGenerator
from .meta import seo_meta


def add_globals(pelican) -> None:
    pelican.settings.setdefault("JINJA_GLOBALS", {})["seo_meta"] = seo_meta


def get_generators(pelican):
    return StructuredDataGenerator


def register():
    signals.initialized.connect(add_globals)
    signals.get_generators.connect(get_generators)
