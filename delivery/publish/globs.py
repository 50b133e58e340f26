"""Path patterns for header rules, listings and excludes.

A glob's ``*`` and ``?`` stay within one folder, ``**`` crosses folders (``**/`` also matches no folder at all),
``[...]`` is a character class (``[!...]`` negated). A glob without ``/`` is matched against the file name at any
depth, one with ``/`` against the whole relative path. ``re:`` + a regular expression is searched in the path.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable


@lru_cache(maxsize=None)
def compile_pattern(pattern: str) -> Callable[[str], bool]:
    if pattern.startswith("re:"):
        rx = re.compile(pattern[3:])
        return lambda path: rx.search(path) is not None
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    rx = re.compile("".join(out) + r"\Z", re.DOTALL)
    if "/" in pattern:
        return lambda path: rx.match(path) is not None
    return lambda path: rx.match(path.rsplit("/", 1)[-1]) is not None


def matches(pattern: str, path: str) -> bool:
    return compile_pattern(pattern)(path)


def matches_any(patterns, path: str) -> bool:
    return any(compile_pattern(p)(path) for p in patterns)
