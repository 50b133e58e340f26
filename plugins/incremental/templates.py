"""What each template refers to, found by parsing it once and remembered by its source.

A template's facts: the templates it extends, includes or imports (None: a name computed at render time), the
variables it reads from the context, whether it uses ``articles`` only through ``| length``, and where it asks for
something computed from an item's body (``body_roots``). They depend on the template's source, Jinja's version and
syntax settings, and this module's code, and are kept under the digest of all of these: in memory for the builds of
one process (the live preview) and in ``CACHE_PATH/templates.json`` for the next build, which then parses only
the templates that changed. A missing or damaged file only costs the parsing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from content_model.checkcache import read_sealed, write_sealed

FILE_NAME = "templates.json"
# Attributes of an item computed from its body, beyond those a listing key names (Pelican's, plugins/images).
# (``seo_description`` and ``jsonld`` are read by the ``seo_meta`` global, from the page's own item only.)
FROM_BODY = frozenset({"content", "_content", "get_content", "get_summary", "has_gallery", "metadata", "toc"})
_REMEMBERED: dict[str, dict] = {}  # digest → facts, for every build of this process
_CODE: list[bytes] = []


def _syntax(environment) -> bytes:
    """What, besides the source, decides how ``environment`` parses a template."""
    if not _CODE:
        _CODE.append(hashlib.sha256(Path(__file__).read_bytes()).digest())
    settings = [jinja2.__version__, sorted(environment.extensions), environment.block_start_string,
                environment.block_end_string, environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
                environment.line_comment_prefix]
    return _CODE[0] + json.dumps(settings).encode()


def body_roots(ast) -> set[str]:
    """Where ``ast`` asks for something of ``FROM_BODY``: the context variable it is asked of
    (``article.has_gallery`` → ``article``), ``*`` where it is asked of anything else (a loop variable, a macro's
    argument, a call) or named in a string (``map(attribute='content')``)."""
    local = {node.name for node in ast.find_all(nodes.Name) if node.ctx in ("store", "param")}
    found = set()
    for node in ast.find_all(nodes.Getattr):
        if node.attr in FROM_BODY:
            root = node.node
            while isinstance(root, (nodes.Getattr, nodes.Getitem)):
                root = root.node
            found.add(root.name if isinstance(root, nodes.Name) and root.name not in local else "*")
    if any(isinstance(node.value, str) and node.value in FROM_BODY for node in ast.find_all(nodes.Const)):
        found.add("*")
    return found


def only_counted(node, name: str, parent=None) -> bool:
    """Whether ``name`` is used in ``node`` only as ``name | length``."""
    if isinstance(node, nodes.Name) and node.name == name:
        return isinstance(parent, nodes.Filter) and parent.name == "length" and parent.node is node
    return all(only_counted(child, name, node) for child in node.iter_child_nodes())


def analyse(environment, source: str) -> dict:
    ast = environment.parse(source)
    return {"referenced": list(meta.find_referenced_templates(ast)),
            "undeclared": sorted(meta.find_undeclared_variables(ast)),
            "counted": only_counted(ast, "articles"), "body": sorted(body_roots(ast))}


class TemplateIndex:
    """The templates of one build: each one's source and facts, the closure of a page template (all it extends,
    includes or imports) and its digest. ``cache``: the folder of ``templates.json`` (None: memory only)."""

    def __init__(self, cache: str | Path | None = None):
        self.path = Path(cache) / FILE_NAME if cache else None
        self.stored = (read_sealed(self.path) or {}) if self.path else {}
        self.used: dict[str, dict] = {}  # digest → facts of the templates this build looked at
        self.parsed: dict[tuple, tuple] = {}  # (environment id, name) → (environment, source, facts)
        self.closures: dict[tuple, set[str]] = {}
        self.digests: dict[tuple, str] = {}

    def parse(self, environment, name: str) -> tuple[str, dict]:
        """(source, facts) of template ``name``; parsed only when its source is new."""
        key = (id(environment), name)
        if key not in self.parsed:
            source = environment.loader.get_source(environment, name)[0]
            digest = hashlib.sha256(_syntax(environment) + source.encode()).hexdigest()
            facts = _REMEMBERED.get(digest) or self.stored.get(digest)
            if not _valid(facts):
                facts = analyse(environment, source)
            _REMEMBERED[digest] = self.used[digest] = facts
            self.parsed[key] = (environment, source, facts)  # the environment is held, so its id is not reused
        return self.parsed[key][1:]

    def closure(self, environment, name: str) -> set[str]:
        """Template ``name`` and all it uses; a name computed at render time means every template."""
        key = (id(environment), name)
        if key not in self.closures:
            names, queue, dynamic = set(), [name], False
            while queue:
                current = queue.pop()
                if current not in names:
                    names.add(current)
                    referenced = self.parse(environment, current)[1]["referenced"]
                    dynamic |= None in referenced
                    queue.extend(found for found in referenced if found is not None)
            self.closures[key] = names | set(environment.list_templates()) if dynamic else names
        return self.closures[key]

    def digest(self, environment, name: str) -> str:
        """The sources of ``closure(name)`` as one digest."""
        key = (id(environment), name)
        if key not in self.digests:
            digest = hashlib.sha256()
            for current in sorted(self.closure(environment, name)):
                digest.update(current.encode() + b"\0" + self.parse(environment, current)[0].encode() + b"\0")
            self.digests[key] = digest.hexdigest()
        return self.digests[key]

    def uses(self, environment, name: str) -> tuple[set[str], bool, frozenset[str]]:
        """Over template ``name`` and all it uses: the variables they read, whether they use ``articles`` only
        through ``| length``, and ``body_roots``."""
        found, counted, body = set(), True, set()
        for current in self.closure(environment, name):
            facts = self.parse(environment, current)[1]
            found.update(facts["undeclared"])
            counted &= facts["counted"]
            body.update(facts["body"])
        return found, counted, frozenset(body)

    def save(self) -> None:
        """Keep the facts of the templates this build used (only when they differ from what is stored)."""
        if self.path is not None and self.used and self.used != self.stored:
            write_sealed(self.path, self.used)


def _valid(facts) -> bool:
    return isinstance(facts, dict) and isinstance(facts.get("referenced"), list) and \
        isinstance(facts.get("undeclared"), list) and isinstance(facts.get("counted"), bool) and \
        isinstance(facts.get("body"), list)
