"""Two scans of every item's HTML skipped where the text cannot match.

On every build, reader-cache hits included, Pelican runs two regular expressions over each item's whole HTML: one
warns of images with an empty ``alt`` (``readers.find_empty_alt``, which needs ``alt=""`` or ``alt=''``), one
collects ``{static}``/``{attach}`` links to copy (``Content.get_static_links``, whose matches must contain the
word ``static`` or ``attach``). A substring test, done in C, tells when neither can find anything; every other
text goes to Pelican's own code. Together 0.6 s of a one-edit rebuild at 5,500 articles.
"""

from __future__ import annotations

from pelican import contents, readers

PELICANS_EMPTY_ALT = readers.find_empty_alt
PELICANS_STATIC_LINKS = contents.Content.get_static_links


def find_empty_alt(content, path):
    if 'alt=""' in content or "alt=''" in content:
        PELICANS_EMPTY_ALT(content, path)


def get_static_links(self) -> set[str]:
    text = self._content
    if isinstance(text, str) and "static" not in text and "attach" not in text:
        return set()
    return PELICANS_STATIC_LINKS(self)


def install() -> None:
    readers.find_empty_alt = find_empty_alt
    contents.Content.get_static_links = get_static_links
