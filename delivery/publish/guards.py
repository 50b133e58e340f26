"""What a publish refuses before it changes anything, and when it withholds the deletes.

Refused (exit 1): no bucket, no output, an empty output, symlinks or special files in it (scan.refuse_links), an
output without ``index.html`` at its root. Deletes withheld (exit 2, uploads still done): more than
``PUBLISH_MAX_DELETES`` or than the share ``PUBLISH_MAX_DELETE_SHARE`` of the objects under the prefix (unless
``--force``), and deletes nobody confirmed (no ``--yes``, no terminal, or the answer no).
"""
from __future__ import annotations

import sys
from pathlib import Path

from rich.markup import escape

from .client import PublishError
from .scan import scan_local


def check_output(output_dir: Path, s) -> dict:
    if not s.bucket:
        raise PublishError("no bucket: set PUBLISH_BUCKET in publishconf.py or NETZBRIEF_PUBLISH_BUCKET")
    if not output_dir.is_dir():
        raise PublishError(f"output directory not found: {output_dir} (build the site first)")
    local = scan_local(output_dir, s)
    if not local:
        raise PublishError(f"output directory is empty: {output_dir} (refusing to empty the bucket)")
    if s.prefix + "index.html" not in local:
        raise PublishError(f"{output_dir} has no index.html at its root: not a complete build, the site would lose "
                           "its home page (refusing to publish; build the site first)")
    return local


def may_delete(plan, s, yes, force, console, confirm, total: int) -> str:
    """'' if the deletes may go ahead, else why not. ``total``: the objects under the prefix."""
    n = len(plan.deletes)
    if not n:
        return ""
    if n > s.max_deletes and not force:
        return f"{n} objects to delete exceed PUBLISH_MAX_DELETES={s.max_deletes}: nothing deleted (use --force)"
    if n > s.max_delete_share * total and not force:
        return (f"{n} of {total} objects under the prefix would be deleted, more than PUBLISH_MAX_DELETE_SHARE="
                f"{s.max_delete_share:g}: nothing deleted (use --force)")
    if yes:
        return ""
    if confirm is None:
        if not (sys.stdin is not None and sys.stdin.isatty() and console.is_terminal):
            return (f"deleting {n} stale object(s) needs a confirmation and there is no terminal: nothing deleted "
                    "(use --yes)")
        confirm = lambda: _ask(console, f"Delete {n} stale object(s) after uploading? [y/N] ")  # noqa: E731
    return "" if confirm() else "deletes not confirmed: nothing deleted"


def _ask(console, question: str) -> bool:
    return console.input(escape(question), markup=True).strip().lower() in ("y", "yes", "j", "ja")
