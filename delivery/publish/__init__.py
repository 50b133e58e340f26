"""S3 publisher: make a bucket (under a prefix) equal to the built site, uploading only what changed.

Scan local, scan remote, plan, apply; see docs/publishing.md.
"""
from __future__ import annotations

from pathlib import Path

from .progress import Summary
from .run import DELETES_WITHHELD, ERROR, OK, publish

__all__ = ["publish", "run_publish", "Summary", "OK", "ERROR", "DELETES_WITHHELD"]


def run_publish(output_dir: Path, settings: dict, dry_run: bool = False, yes: bool = False, force: bool = False,
                workers: int | None = None, break_lock: bool = False) -> int:
    """Publish ``output_dir`` to S3 with the ``PUBLISH_*`` entries of ``settings``; returns the exit code.

    - ``dry_run``: print the plan (every upload and delete with its reason) and change nothing.
    - ``yes``: delete stale objects without asking. Without it a terminal asks once before anything changes;
      with no terminal the deletes are withheld (uploads still happen) and the exit code is 2.
    - ``force``: allow more deletes than ``PUBLISH_MAX_DELETES`` (default 256) or than the share
      ``PUBLISH_MAX_DELETE_SHARE`` (default 0.2) of the objects under the prefix; otherwise none happen, exit code 2.
    - ``workers``: parallel uploads (default ``PUBLISH_WORKERS``, 8).
    - ``break_lock``: take over the publish lock of another publish (only when it is known to be dead).

    Refused before anything changes (exit code 1): symlinks or special files in ``output_dir``, an output without
    ``index.html`` at its root, another publish holding the lock (see lock.py).

    Exit codes: 0 the bucket equals ``output_dir``; 1 an error (a one-line message was printed; nothing was
    deleted after a failed upload, and running again finishes the job); 2 uploads done but deletes withheld.
    Environment variables ``NETZBRIEF_PUBLISH_<NAME>`` override ``PUBLISH_<NAME>``; credentials come from the
    standard AWS chain only.
    """
    return publish(output_dir, settings, dry_run=dry_run, yes=yes, force=force, workers=workers,
                   break_lock=break_lock).exit_code
