"""Command line: `python -m delivery.mail send ISSUE [...]` and `python -m delivery.mail resend ISSUE --to ADDR`.

The invoke tasks call `send_issue`/`resend` directly; this is for scripts, cron and the crash tests. Settings
come from `--settings FILE` (e.g. publishconf.py: its MAILING_* names) and `NETZBRIEF_MAILING_*`.
"""

from __future__ import annotations

import argparse
import runpy

from .commands import resend, send_issue


def _conf(path: str | None) -> dict:
    if not path:
        return {}
    return {k: v for k, v in runpy.run_path(path).items() if k.startswith("MAILING_")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m delivery.mail", description="Send a newsletter issue.")
    parser.add_argument("--settings", help="Python settings file with MAILING_* names (e.g. publishconf.py)")
    parser.add_argument("--artifacts-dir", default="build/newsletter", help="where the built issues are")
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("send", help="send an issue to all subscribers (exactly once)")
    send.add_argument("issue")
    send.add_argument("--test", nargs="+", metavar="ADDRESS", help="send only to these test addresses")
    send.add_argument("--dry-run", action="store_true", help="show the counts, send nothing")
    send.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    send.add_argument("--resume", action="store_true", help="continue an interrupted run")
    send.add_argument("--workers", type=int, help="parallel connections (default MAILING_WORKERS)")
    again = commands.add_parser("resend", help="send an issue again to given addresses")
    again.add_argument("issue")
    again.add_argument("--to", nargs="+", required=True, metavar="ADDRESS")
    again.add_argument("--yes", action="store_true")
    args = parser.parse_args(argv)
    conf = _conf(args.settings)
    if args.command == "send":
        return send_issue(args.issue, conf, artifacts_dir=args.artifacts_dir, test_addresses=args.test,
                          dry_run=args.dry_run, yes=args.yes, resume=args.resume, workers=args.workers)
    return resend(args.issue, conf, to=args.to, artifacts_dir=args.artifacts_dir, yes=args.yes)


if __name__ == "__main__":
    raise SystemExit(main())
