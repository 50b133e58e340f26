"""Command line: `python -m delivery.mail send ISSUE [...]` and `python -m delivery.mail resend ISSUE --to ADDR`.

The invoke tasks call `send_issue`/`resend` directly; this is for scripts, cron and the crash tests. Settings
come from `--settings FILE` (e.g. publishconf.py: its MAILING_* names and NEWSLETTER_ARTIFACTS_PATH) and
`NETZBRIEF_MAILING_*`. Relative paths (the ledger, the outbox, the subscriber list, --artifacts-dir) are
relative to the project folder, the folder of the settings file (without --settings: the folder holding
delivery/), never to the current directory.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from .commands import resend, send_issue
from .settings import PROJECT


def _conf(path: str | None) -> dict:
    """The MAILING_* names and NEWSLETTER_ARTIFACTS_PATH of a settings file (its folder on sys.path, so that
    publishconf.py can import pelicanconf.py from wherever the command runs)."""
    if not path:
        return {}
    folder = str(Path(path).resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    names = runpy.run_path(path)
    return {k: v for k, v in names.items() if k.startswith("MAILING_") or k == "NEWSLETTER_ARTIFACTS_PATH"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m delivery.mail", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", help="Python settings file with MAILING_* names (e.g. publishconf.py)")
    parser.add_argument("--artifacts-dir", help="where the built issues are (default: NEWSLETTER_ARTIFACTS_PATH of "
                                                "the settings, else build/newsletter; relative to the project)")
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("send", help="send an issue to all subscribers (exactly once)")
    send.add_argument("issue", help="e.g. 2026-11, or latest for the newest built issue")
    send.add_argument("--test", nargs="+", metavar="ADDRESS", help="send only to these test addresses")
    send.add_argument("--dry-run", action="store_true", help="show the counts, send nothing")
    send.add_argument("--yes", action="store_true",
                      help="do not ask (also: a resume skips who left the list without asking)")
    send.add_argument("--resume", action="store_true", help="continue an interrupted run")
    send.add_argument("--workers", type=int, help="parallel connections (default MAILING_WORKERS)")
    send.add_argument("--new-ledger", action="store_true",
                      help="the ledger file does not exist yet and that is right (first real send with it)")
    again = commands.add_parser("resend", help="send an issue again to given addresses")
    again.add_argument("issue")
    again.add_argument("--to", nargs="+", required=True, metavar="ADDRESS")
    again.add_argument("--yes", action="store_true")
    args = parser.parse_args(argv)
    conf = _conf(args.settings)
    root = Path(args.settings).resolve().parent if args.settings else PROJECT
    artifacts = args.artifacts_dir or conf.pop("NEWSLETTER_ARTIFACTS_PATH", None) or "build/newsletter"
    conf.pop("NEWSLETTER_ARTIFACTS_PATH", None)
    if args.command == "send":
        return send_issue(args.issue, conf, artifacts_dir=artifacts, root=root, test_addresses=args.test,
                          dry_run=args.dry_run, yes=args.yes, resume=args.resume, workers=args.workers,
                          new_ledger=args.new_ledger)
    return resend(args.issue, conf, to=args.to, artifacts_dir=artifacts, root=root, yes=args.yes)


if __name__ == "__main__":
    raise SystemExit(main())
