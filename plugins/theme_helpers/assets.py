"""Fingerprinted theme assets: ``asset_url('css/site.css')`` → ``/theme/css/site.3fa2b1c9d0.css``.

The hash is of the file's bytes, so the name changes exactly when the content does and the file may be cached
for a year (the publisher marks such names ``immutable``).
"""

from __future__ import annotations

import hashlib
import shutil
from functools import lru_cache
from pathlib import Path

from jinja2 import pass_context

FINGERPRINTED = (".css", ".js")


@lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def fingerprinted_name(path: Path) -> str:
    return f"{path.stem}.{_digest(path, path.stat().st_mtime_ns)}{path.suffix}"


@pass_context
def asset_url(ctx, relative: str) -> str:
    """Jinja global ``asset_url(path)``, under the page's own ``SITEURL`` (relative in development builds). A
    module-level function, not a closure: Pelican pickles settings in its cache."""
    source = Path(ctx["THEME"]) / "static" / relative
    name = fingerprinted_name(source) if source.suffix in FINGERPRINTED else source.name
    parent = Path(relative).parent.as_posix()
    prefix = ctx.get("THEME_STATIC_DIR") or "theme"
    folder = f"{prefix}/{parent}" if parent != "." else prefix
    return f"{ctx.get('SITEURL', '')}/{folder}/{name}"


def fingerprint_assets(pelican) -> None:
    """Write the fingerprinted copies next to the files Pelican copied to ``output/theme/``."""
    settings = pelican.settings
    static = Path(settings["THEME"]) / "static"
    target = Path(settings["OUTPUT_PATH"]) / settings.get("THEME_STATIC_DIR", "theme")
    for source in sorted(static.rglob("*")):
        if source.is_file() and source.suffix in FINGERPRINTED:
            destination = target / source.relative_to(static).parent / fingerprinted_name(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
