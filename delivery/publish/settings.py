"""Publisher settings: ``PUBLISH_*`` from publishconf.py over DEFAULTS, then ``NETZBRIEF_PUBLISH_*`` from the
environment.

Credentials are never settings: boto3 takes them from the standard AWS chain (environment, profile, SSO, role).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields

SHORT = "public, max-age=300"
DAY = "public, max-age=86400"
IMMUTABLE = "public, max-age=31536000, immutable"

#: (pattern, headers). A pattern is a glob (``*`` stays within a folder, ``**`` crosses folders, a pattern without
#: ``/`` matches the file name at any depth) or ``re:`` + a regular expression searched in the relative path.
#: For each of Content-Type, Cache-Control and gzip the first rule that matches and sets it wins; the rules from
#: ``PUBLISH_HEADER_RULES`` are tried before these defaults.
DEFAULT_HEADER_RULES = [
    (r"re:(^|/)[^/]+\.[0-9a-f]{8,}\.[A-Za-z0-9]+$", {"Cache-Control": IMMUTABLE}),
    ("pagefind/fragment/**", {"Cache-Control": IMMUTABLE}),
    ("pagefind/index/**", {"Cache-Control": IMMUTABLE}),
    ("pagefind/filter/**", {"Cache-Control": IMMUTABLE}),
    ("pagefind/*.pf_meta", {"Cache-Control": IMMUTABLE}),
    ("pagefind/*.pf_*", {"Content-Type": "application/octet-stream", "gzip": False}),
    ("pagefind/**", {"Cache-Control": SHORT}),
    ("*.html", {"Content-Type": "text/html", "Cache-Control": SHORT}),
    ("*.atom.xml", {"Content-Type": "application/atom+xml", "Cache-Control": SHORT}),
    ("*.rss.xml", {"Content-Type": "application/rss+xml", "Cache-Control": SHORT}),
    ("sitemap*.xml", {"Content-Type": "application/xml", "Cache-Control": SHORT}),
    ("*.ics", {"Content-Type": "text/calendar", "Cache-Control": SHORT}),
    ("*.xml", {"Cache-Control": SHORT}),
    ("robots.txt", {"Cache-Control": SHORT}),
    ("**", {"Cache-Control": DAY}),
]

#: HTML files published after the other pages, just before feeds, sitemap and home page: section indexes,
#: pagination, topics, authors, archive (Netzbrief's German URLs, and Pelican's default ones).
DEFAULT_LISTING_GLOBS = [
    "*/index.html", "seite/**", "**/seite/**", "themen/**", "autoren/**", "archiv/**", "**/archiv/**",
    "index[0-9]*.html", "page/**", "**/page/**", "tag/**", "category/**", "author/**", "archives.html",
]

#: Published with the assets whatever their type, because pages link to them: an event's calendar file.
DEFAULT_ASSET_GLOBS = ["**/termin.ics"]

DEFAULTS = {
    "BUCKET": None,
    "PREFIX": "",
    "REGION": None,
    "ENDPOINT_URL": None,  # None: boto3's own resolution, which honours AWS_ENDPOINT_URL(_S3)
    "PROFILE": None,  # None: boto3's own resolution, which honours AWS_PROFILE
    "ADDRESSING_STYLE": "auto",  # "path" for S3-compatible stores that need it
    "HEADER_RULES": [],
    "LISTING_GLOBS": DEFAULT_LISTING_GLOBS,
    "ASSET_GLOBS": DEFAULT_ASSET_GLOBS,
    "EXCLUDE": [".DS_Store", "Thumbs.db"],
    "GZIP": False,
    "MAX_DELETES": 256,
    "MAX_DELETE_SHARE": 0.2,  # more deletes than this share of the objects under the prefix need --force
    "WORKERS": 8,
    "MULTIPART_THRESHOLD": 16 * 1024 * 1024,
    "MULTIPART_CHUNKSIZE": 8 * 1024 * 1024,
    "MAX_ATTEMPTS": 8,
    "CONNECT_TIMEOUT": 10.0,
    "READ_TIMEOUT": 60.0,
    "MANIFEST_KEY": ".netzbrief-publish.json",
    "TRUST_MANIFEST": True,
    "LOCK": True,  # one publish at a time per prefix: a lock object written with If-None-Match (see lock.py)
    "LOCK_KEY": ".netzbrief-publish.lock",
    "LOCK_TTL": 600,  # seconds without a renewal after which a lock counts as abandoned
    "CLOUDFRONT_DISTRIBUTION_ID": None,
    "CLOUDFRONT_MAX_PATHS": 50,
}


@dataclass(frozen=True)
class PublishSettings:
    bucket: str | None
    prefix: str
    region: str | None
    endpoint_url: str | None
    profile: str | None
    addressing_style: str
    header_rules: list
    listing_globs: list
    asset_globs: list
    exclude: list
    gzip: bool
    max_deletes: int
    max_delete_share: float
    workers: int
    multipart_threshold: int
    multipart_chunksize: int
    max_attempts: int
    connect_timeout: float
    read_timeout: float
    manifest_key: str
    trust_manifest: bool
    lock: bool
    lock_key: str
    lock_ttl: int
    cloudfront_distribution_id: str | None
    cloudfront_max_paths: int

    @property
    def rules(self) -> list:
        """User rules first, then the defaults."""
        return list(self.header_rules) + DEFAULT_HEADER_RULES


def _from_env(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list):
        return json.loads(raw)
    return raw or None


def load_settings(pelican_settings: dict | None, environ=None, **overrides) -> PublishSettings:
    """Merge DEFAULTS, ``PUBLISH_*`` settings, ``NETZBRIEF_PUBLISH_*`` variables and non-None ``overrides``."""
    environ = os.environ if environ is None else environ
    pelican_settings = pelican_settings or {}
    values = {}
    for name, default in DEFAULTS.items():
        value = pelican_settings.get("PUBLISH_" + name, default)
        raw = environ.get("NETZBRIEF_PUBLISH_" + name)
        if raw is not None:
            value = _from_env(raw, default)
        values[name.lower()] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    prefix = (values["prefix"] or "").strip("/")
    values["prefix"] = prefix + "/" if prefix else ""
    values["workers"] = max(1, int(values["workers"]))
    names = {f.name for f in fields(PublishSettings)}
    return PublishSettings(**{k: v for k, v in values.items() if k in names})
