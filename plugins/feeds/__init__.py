"""Feeds: RSS 2.0 and Atom with feedgen for everything, each kind, each tag and the newsletter issues.

Entry ids derive from the item's ``uid`` (stable across slug and title changes); output carries no build time.
"""

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
