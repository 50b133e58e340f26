"""Split a content file into YAML front matter and Markdown body, remembering the line of every key."""

from __future__ import annotations

import hashlib

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .yamlguard import MAX_DEPTH, hostile, too_deep


class FrontMatterError(Exception):
    """The file cannot be read as front matter + body; ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: about ten times faster


class _Loader(_BASE):
    """YAML without surprises for editors: no sexagesimal numbers (``09:00`` stays text), no timestamp magic."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
for _first, _resolvers in _Loader.yaml_implicit_resolvers.items():
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, _INT if tag.endswith(":int") else _FLOAT if tag.endswith(":float") else regexp)
        for tag, regexp in _resolvers
    ]


_YAML_HINTS = [
    ("while scanning an a", "Die Zeichen „*“ und „&“ am Anfang eines Werts haben in YAML eine Sonderbedeutung – "
                            "bitte den Wert in Anführungszeichen setzen."),
    ("end of stream", "Die Angaben enden mitten in einem Wert – fehlt ein schließendes Anführungszeichen?"),
    ("mapping values are not allowed", "Doppelpunkt an unerwarteter Stelle – Text mit „: “ bitte in "
                                       "Anführungszeichen setzen."),
    ("could not find expected ':'", "Hier fehlt der Doppelpunkt nach dem Namen der Angabe."),
    ("cannot start any token", "Ungültiges Zeichen (oft ein Tabulator) – bitte nur mit Leerzeichen einrücken."),
    ("expected <block end>", "Die Einrückung stimmt nicht: gleichrangige Angaben müssen genau untereinander stehen."),
    ("did not find expected key", "Die Einrückung stimmt nicht: gleichrangige Angaben müssen genau untereinander "
                                  "stehen."),
    ("did not find expected '-'", "In dieser Liste muss jede Zeile mit „- “ beginnen."),
]


def _explain(exc: yaml.MarkedYAMLError, offset: int) -> tuple[str, int]:
    """A German sentence and the line an editor should look at for a YAML syntax error."""
    problem = exc.problem or exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in problem and exc.context_mark:
        mark = exc.context_mark  # an unclosed quote: point at where it was opened
    both = f"{exc.context or ''} {problem}"
    hint = next((text for needle, text in _YAML_HINTS if needle in both), f"Die Angaben sind kein gültiges "
                                                                           f"YAML ({problem}).")
    return f"YAML-Syntaxfehler: {hint}", (mark.line + offset if mark else 1)


@dataclass
class Document:
    path: Path
    meta: dict
    body: str
    body_line: int  # line number of the first body line
    lines: dict = field(default_factory=dict)  # key path → line
    duplicates: list = field(default_factory=list)  # (key path, line) of keys given twice
    sha256: bytes | None = None  # of the bytes parsed (read_document): a build pairs what it read with its digest

    def line(self, *key_path) -> int:
        """Line of the deepest known key on ``key_path`` (falls back to the parent, then to line 1)."""
        for end in range(len(key_path), 0, -1):
            if key_path[:end] in self.lines:
                return self.lines[key_path[:end]]
        return 1


def _walk(node, path: tuple, lines: dict, duplicates: list, offset: int, depth: int = 1) -> None:
    if isinstance(node, yaml.CollectionNode) and depth > MAX_DEPTH:
        raise FrontMatterError(too_deep(), node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_path = path + (key,)
            line = key_node.start_mark.line + offset
            if key in seen:
                duplicates.append((key_path, line))
            seen.add(key)
            lines[key_path] = line
            _walk(value_node, key_path, lines, duplicates, offset, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + offset
            _walk(item, path + (index,), lines, duplicates, offset, depth + 1)


def parse_text(text: str, path: Path) -> Document:
    """Parse ``---`` YAML ``---`` Markdown. Raises FrontMatterError with a German message and the line."""
    text = text.lstrip("\ufeff")
    all_lines = text.split("\n")
    if not all_lines or all_lines[0].strip() != "---":
        raise FrontMatterError("Die Datei muss mit einer Zeile „---“ beginnen, gefolgt von den Angaben (YAML).", 1)
    try:
        end = next(i for i in range(1, len(all_lines)) if all_lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError("Die Angaben (YAML) werden nicht mit einer Zeile „---“ abgeschlossen.", 1) from None
    yaml_text = "\n".join(all_lines[1:end])
    offset = 2  # YAML line 0 is file line 2
    try:
        problem = hostile(yaml_text, _BASE)  # before composing: anchors, aliases, deep nesting
        if problem:
            raise FrontMatterError(problem[0], problem[1] + offset)
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise FrontMatterError(*_explain(exc, offset)) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"YAML-Syntaxfehler: {exc}.", 1) from None
    if not isinstance(meta, dict):
        raise FrontMatterError("Die Angaben müssen aus Zeilen der Form „schlüssel: wert“ bestehen.", offset)
    lines: dict = {}
    duplicates: list = []
    _walk(node, (), lines, duplicates, offset)
    body = "\n".join(all_lines[end + 1:])
    return Document(path=path, meta=meta, body=body, body_line=end + 2, lines=lines, duplicates=duplicates)


def header(raw: bytes) -> bytes:
    """The front matter of a file's bytes, both ``---`` lines included, as ``parse_text`` finds it; all the bytes
    when there is none (what depends on the front matter alone can be keyed by this)."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    first = raw.find(b"\n", start)
    if first < 0 or raw[start:first].strip() != b"---":
        return raw
    position = first + 1
    while position < len(raw):
        end = raw.find(b"\n", position)
        end = len(raw) if end < 0 else end
        if raw[position:end].rstrip() in (b"---", b"..."):
            return raw[:end]
        position = end + 1
    return raw


def read_document(path: Path) -> Document:
    """Read ``path`` as UTF-8 and parse it; a file that is not UTF-8 is an error with the line of the bad byte."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            "Die Datei ist nicht in UTF-8 gespeichert (Byte 0x%02x). Bitte im Editor als „UTF-8“ speichern."
            % raw[exc.start],
            line,
        ) from None
    document = parse_text(text.replace("\r\n", "\n"), Path(path))
    document.sha256 = hashlib.sha256(raw).digest()
    return document
