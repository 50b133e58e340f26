"""Rendered Markdown is the one value templates print as HTML; every other value they escape (autoescape).

Pelican hands templates ``content`` and ``summary`` as plain ``str`` (its ``{filename}`` link replacement builds
new strings), so the reader cannot mark them once. Our articles and pages return both as ``Markup`` instead; every
other attribute (titles, names, places, URLs) stays ``str`` and is escaped. Python code sees the same text as
before: ``Markup`` is a ``str``. The classes are swapped in when Pelican has created an article or page.
"""

from __future__ import annotations

from markupsafe import Markup
from pelican import contents


def _markup(value):
    return None if value is None else Markup(value)


class TrustedHTML:
    """Mixin: ``content`` and ``summary`` are HTML our reader rendered from Markdown (docs/security.md)."""

    @property
    def content(self):
        return _markup(super().content)

    @property
    def summary(self):
        return _markup(super().summary)

    @summary.setter
    def summary(self, value) -> None:
        """Like Pelican's: the summary lives in ``metadata``; assigning it as an attribute does nothing."""


# Pelican derives setting names from the class name (ARTICLE_SAVE_AS, PAGE_URL): the subclasses keep it.
class Article(TrustedHTML, contents.Article):
    pass


class Page(TrustedHTML, contents.Page):
    pass


TRUSTED = {contents.Article: Article, contents.Page: Page}


def trust_rendered_markdown(instance) -> None:
    """``content_object_init``: an article or page of our reader hands its HTML to templates as ``Markup``."""
    trusted = TRUSTED.get(type(instance))
    if trusted is not None:
        instance.__class__ = trusted
