"""E-mail rendering: Jinja composes the MJML (no ``mj-include``), mjml-python compiles it, css-inline inlines.

mjml-python (MRML) emits ``<mj-style inline="inline">`` as a plain ``<style>`` block; that block is recognised
by its ``/* inline */`` marker, removed, and its rules inlined into the elements with css-inline. Every other
style block (responsive columns, dark mode) stays in the head.
"""

from __future__ import annotations

import re
from pathlib import Path

import css_inline
import mjml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape

from . import text

INLINE_BLOCK = re.compile(r'<style type="text/css">\s*/\* inline \*/(.*?)</style>', re.S)
HTML_TEMPLATE = "email.mjml.j2"
TEXT_TEMPLATE = "email.txt.j2"


class RenderError(Exception):
    """The e-mail could not be rendered (template or MJML problem)."""


def environment(templates: Path | str, width: int = 78) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates)), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("mjml.j2",), default=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["wrap"] = lambda value, indent="", first=None: text.wrap(value, width, indent, first)
    env.filters["underline"] = text.underline
    return env


def compile_mjml(source: str) -> str:
    """MJML → HTML with mjml-python; no web fonts (the templates use system fonts)."""
    try:
        return mjml.mjml2html(source, fonts={})
    except Exception as exc:  # noqa: BLE001 - the Rust binding raises plain exceptions for invalid MJML
        raise RenderError(f"MJML: {exc}") from None


def inline_css(html: str) -> str:
    """Inline the rules of the ``/* inline */`` style block; keep the other style blocks untouched."""
    match = INLINE_BLOCK.search(html)
    if not match:
        return html
    html = html[: match.start()] + html[match.end():]
    inliner = css_inline.CSSInliner(inline_style_tags=False, keep_style_tags=True, load_remote_stylesheets=False,
                                    extra_css=match.group(1))
    return inliner.inline(html)


class EmailRenderer:
    """Renders one issue's e-mail (HTML and text) from a context made by ``view.email_context``."""

    def __init__(self, templates: Path | str, width: int = 78):
        self.env = environment(templates, width)

    def render(self, name: str, context: dict) -> str:
        try:
            return self.env.get_template(name).render(context)
        except TemplateError as exc:
            raise RenderError(f"Vorlage {getattr(exc, 'name', None) or name}: {exc}") from None

    def mjml(self, context: dict) -> str:
        return self.render(HTML_TEMPLATE, context)

    def html(self, context: dict) -> str:
        html = inline_css(compile_mjml(self.mjml(context)))
        return html if html.endswith("\n") else html + "\n"

    def text(self, context: dict) -> str:
        return text.tidy(self.render(TEXT_TEMPLATE, context))
