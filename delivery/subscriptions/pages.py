"""The pages the endpoint shows, rendered from the templates Pelican built with the theme (plugins/subscriptions).

Pelican writes them below `<output>/abo/vorlagen/` with the site's header, footer and styles, leaving
`[[ value ]]` and `[% if … %]` for this Jinja environment, which escapes every value (autoescape). Tokens,
addresses and form input are therefore always text, never markup.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateNotFound
from werkzeug.wrappers import Response

from delivery.mail.errors import MailingError

from . import paths

HEADERS = {
    "Cache-Control": "no-store",  # personal pages (tokens, addresses) are never cached, not even by CloudFront
    "Referrer-Policy": "no-referrer",  # the confirmation URL holds a token: never pass it on to the CSS host
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class Pages:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        missing = [name for name in paths.TEMPLATES if not (self.folder / name).is_file()]
        if missing:
            raise MailingError(f"the endpoint's pages are missing in {self.folder}/ ({', '.join(missing)}): "
                               "run `invoke build` first (or package them with `invoke subscriptions.package`)")
        self.env = Environment(
            loader=FileSystemLoader(str(self.folder)), autoescape=True, keep_trailing_newline=True,
            block_start_string="[%", block_end_string="%]", variable_start_string="[[", variable_end_string="]]",
            comment_start_string="[#", comment_end_string="#]",
        )

    def render(self, name: str, status: int = 200, **context) -> Response:
        try:
            body = self.env.get_template(name).render(**context)
        except TemplateNotFound:
            raise MailingError(f"page template {name} missing in {self.folder}/: run `invoke build`") from None
        return Response(body, status=status, headers=HEADERS, content_type="text/html; charset=utf-8")


def plain(text: str, status: int) -> Response:
    """A short German answer for machines (one-click unsubscribe, SNS)."""
    return Response(text + "\n", status=status, headers=HEADERS, content_type="text/plain; charset=utf-8")
