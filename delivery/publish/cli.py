"""Command line: ``python -m delivery.publish [OUTPUT_DIR] [--settings publishconf.py] [--dry-run] [--yes] ...``"""
from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from . import run_publish


def read_settings(path: str | None) -> dict:
    """The upper-case names of a Pelican settings file (its folder is put on sys.path for its imports)."""
    if not path:
        return {}
    folder = str(Path(path).resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return {k: v for k, v in runpy.run_path(path).items() if k.isupper()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m delivery.publish", description=__doc__)
    parser.add_argument("output_dir", nargs="?", default="output", help="the built site (default: output)")
    parser.add_argument("--settings", help="Pelican settings file with PUBLISH_* (e.g. publishconf.py)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--yes", action="store_true", help="delete stale objects without asking")
    parser.add_argument("--force", action="store_true", help="allow more deletes than PUBLISH_MAX_DELETES")
    parser.add_argument("--workers", type=int, help="parallel uploads (default PUBLISH_WORKERS)")
    args = parser.parse_args(argv)
    return run_publish(Path(args.output_dir), read_settings(args.settings), dry_run=args.dry_run, yes=args.yes,
                       force=args.force, workers=args.workers)
