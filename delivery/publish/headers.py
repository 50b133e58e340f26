"""HTTP headers of an object, from the header rules; deterministic gzip."""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from .globs import compile_pattern

TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".txt": "text/plain", ".svg": "image/svg+xml",
    ".ics": "text/calendar", ".webmanifest": "application/manifest+json", ".woff2": "font/woff2",
    ".woff": "font/woff", ".webp": "image/webp", ".avif": "image/avif", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon",
    ".pdf": "application/pdf", ".wasm": "application/wasm", ".pagefind": "application/octet-stream",
}
CHARSET_TYPES = ("application/xml", "application/atom+xml", "application/rss+xml", "text/javascript")
COMPRESSIBLE = CHARSET_TYPES + ("application/json", "application/manifest+json", "image/svg+xml", "application/wasm")
RULE_KEYS = {"content-type", "cache-control", "gzip"}


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str | None
    content_encoding: str | None

    @property
    def digest(self) -> str:
        """Short stable hash of the header set, compared between runs."""
        text = "\n".join([self.content_type, self.cache_control or "", self.content_encoding or ""])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def put_args(self) -> dict:
        args = {"ContentType": self.content_type}
        if self.cache_control:
            args["CacheControl"] = self.cache_control
        if self.content_encoding:
            args["ContentEncoding"] = self.content_encoding
        return args


def sniff_xml(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"<feed" in head:
        return "application/atom+xml"
    if b"<rss" in head:
        return "application/rss+xml"
    return "application/xml"


def guess_type(rel: str, path: Path) -> str:
    ext = ("." + rel.rsplit(".", 1)[-1].lower()) if "." in rel.rsplit("/", 1)[-1] else ""
    if ext == ".xml":
        return sniff_xml(path)
    return TYPES.get(ext) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


def with_charset(content_type: str) -> str:
    base = content_type.split(";")[0].strip().lower()
    if "charset=" in content_type.lower() or not (base.startswith("text/") or base in CHARSET_TYPES):
        return content_type
    return f"{content_type}; charset=utf-8"


def check_rules(rules) -> None:
    for pattern, values in rules:
        compile_pattern(pattern)
        unknown = {k.lower() for k in values} - RULE_KEYS
        if unknown:
            raise ValueError(f"header rule {pattern!r}: unknown keys {sorted(unknown)}")


def resolve(rel: str, path: Path, rules, gzip_enabled: bool) -> tuple[Headers, bool]:
    """Headers for ``rel`` and whether to gzip it: per field, the first matching rule that sets it wins."""
    found: dict = {}
    for pattern, values in rules:
        if compile_pattern(pattern)(rel):
            for key, value in values.items():
                found.setdefault(key.lower(), value)
    content_type = with_charset(found.get("content-type") or guess_type(rel, path))
    base = content_type.split(";")[0].strip().lower()
    compress = gzip_enabled and found.get("gzip", base.startswith("text/") or base in COMPRESSIBLE)
    return Headers(content_type, found.get("cache-control"), "gzip" if compress else None), bool(compress)


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0, so the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)
