"""The newsletter ("Rundbrief"): issue selection, MJML e-mail, web version and archive (docs/newsletter.md)."""

from pelican import signals


def get_generators(pelican):
    from .generator import NewsletterGenerator

    return NewsletterGenerator


def register():
    signals.get_generators.connect(get_generators)
