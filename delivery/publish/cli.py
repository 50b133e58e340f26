"""Command line: ``python -m delivery.publish [OUTPUT_DIR] [--settings publishconf.py] [--dry-run] [--yes] ...``

Relative paths (OUTPUT_DIR, default the settings' OUTPUT_PATH or ``output``) are relative to the project folder,
the folder of the settings file (without ``--settings``: the folder holding ``delivery/``), never to the current
directory.
"""
from __future__ import annotations

import argparse
import runpy
import signal
import sys
from pathlib import Path

from . import run_publish

PROJECT = Path(__file__).resolve().parents[2]


def read_settings(path: str | None) -> dict:
    """The upper-case names of a Pelican settings file (its folder is put on sys.path for its imports)."""
    if not path:
        return {}
    folder = str(Path(path).resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return {k: v for k, v in runpy.run_path(path).items() if k.isupper()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m delivery.publish", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output_dir", nargs="?",
                        help="the built site (default: OUTPUT_PATH of the settings, else output)")
    parser.add_argument("--settings", help="Pelican settings file with PUBLISH_* (e.g. publishconf.py)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--yes", action="store_true", help="delete stale objects without asking")
    parser.add_argument("--force", action="store_true",
                        help="allow more deletes than PUBLISH_MAX_DELETES or PUBLISH_MAX_DELETE_SHARE")
    parser.add_argument("--workers", type=int, help="parallel uploads (default PUBLISH_WORKERS)")
    parser.add_argument("--break-lock", action="store_true",
                        help="take over the lock of another publish (only if you know it died)")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    root = Path(args.settings).resolve().parent if args.settings else PROJECT
    output_dir = root / (args.output_dir or settings.get("OUTPUT_PATH") or "output")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a stop request ends like Ctrl-C: lock released
    return run_publish(output_dir, settings, dry_run=args.dry_run, yes=args.yes, force=args.force,
                       workers=args.workers, break_lock=args.break_lock)
