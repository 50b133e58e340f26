"""Find images, links and gallery fences in Markdown source, with their line numbers (for `invoke check`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The target as Markdown reads it: in <>, or bare up to an optional "title", spaces included ("mein foto.jpg")
IMAGE = re.compile(r'!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<angled>[^<>\n]+)>|(?P<bare>[^\s<>()"][^<>()"]*?))'
                   r'(?:\s+"[^"]*")?\s*\)')
LINK = re.compile(r'(?<!!)\[(?:[^\[\]]|!\[[^\]]*\]\([^)]*\))*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
CODE_SPAN = re.compile(r"`+[^`]*`+")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
GALLERY = re.compile(r"^:::[ \t]*galerie[ \t]*$", re.IGNORECASE)
FENCE_END = re.compile(r"^:::[ \t]*$")


@dataclass
class Found:
    kind: str  # "image", "link" or "gallery" (an unclosed gallery fence)
    line: int  # 1-based, in the file
    target: str = ""
    alt: str = ""


def scan(body: str, first_line: int) -> list[Found]:
    """Everything in ``body`` (which starts at file line ``first_line``) outside code blocks and code spans."""
    found, in_code, gallery = [], False, None
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if GALLERY.match(line):
            gallery = number
        elif FENCE_END.match(line):
            gallery = None
        text = CODE_SPAN.sub("", line)
        found += [Found("image", number, (m["angled"] or m["bare"]).strip(), m["alt"]) for m in IMAGE.finditer(text)]
        found += [Found("link", number, m["target"]) for m in LINK.finditer(text)]
        found += [Found("link", number, m["target"]) for m in [DEFINITION.match(text)] if m]
    if gallery is not None:
        found.append(Found("gallery", gallery))
    return found
