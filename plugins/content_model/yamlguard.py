"""Front matter is plain data: no YAML anchors or aliases, and at most MAX_DEPTH levels of nesting.

Aliases let 400 bytes expand into billions of strings ("billion laughs"), and libyaml's composer recurses in C:
about 50 000 nested brackets crash the interpreter. A file that could hold either is scanned event by event first
(libyaml's parser, nothing is built); most files cannot and skip the scan, their depth is checked after composing.
"""

from __future__ import annotations

import yaml

MAX_DEPTH = 20  # the content model needs 4 (programme → item → speakers → name)
SCAN_ABOVE = 500  # composing a file whose depth cannot exceed this is harmless


def too_deep() -> str:
    return f"Die Angaben sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen). Bitte vereinfachen."


def possible_depth(text: str) -> int:
    """An upper bound of the nesting depth: every level opens with a bracket, a new line or an indicator
    (``-``, ``?``, ``:`` followed by white space)."""
    if len(text) < SCAN_ABOVE:
        return len(text) + 1  # every level takes at least one character
    indicators = sum(text.count(mark + space) for mark in "-?:" for space in " \t\r\n") + (text[-1:] in "-?:")
    return 1 + text.count("\n") + text.count("\r") + 2 * (text.count("[") + text.count("{")) + indicators


def hostile(text: str, parser_class) -> tuple[str, int] | None:
    """The first anchor, alias or level too deep as (German message, 0-based YAML line), or None.

    Syntax errors raise ``yaml.MarkedYAMLError`` as when composing."""
    if "&" not in text and "*" not in text and possible_depth(text) <= SCAN_ABOVE:
        return None
    parser = parser_class(text)
    try:
        depth = 0
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, yaml.AliasEvent):
                return (f"Ein Wert beginnt mit „*“ – in YAML ist das ein Verweis („*{event.anchor}“), und Verweise "
                        f"sind in den Angaben nicht erlaubt. Text, der mit „*“ beginnt, bitte in Anführungszeichen "
                        f"setzen.", event.start_mark.line)
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                return (f"YAML-Anker („&{event.anchor}“) sind in den Angaben nicht erlaubt – bitte jeden Wert "
                        f"ausschreiben.", event.start_mark.line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return too_deep(), event.start_mark.line
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
