"""One publish: scan local, scan remote, plan, apply, invalidate."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from rich.console import Console
from rich.markup import escape

from . import cdn, manifest as mf
from .apply import delete, upload_stages
from .client import PublishError, describe, endpoint_of, s3_client, session
from .guards import check_output, may_delete
from .lock import PublishLock
from .order import NAMES
from .plan import make_plan, needs_head
from .progress import Reporter, Summary, print_plan, print_summary
from .scan import head, scan_remote
from .settings import load_settings

OK, ERROR, DELETES_WITHHELD = 0, 1, 2


def _heads(pool, client, settings, keys, remote):
    heads, futures = {}, {k: pool.submit(head, client, settings.bucket, k) for k in keys}
    for key, future in futures.items():
        try:
            heads[key] = future.result()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
                raise
            remote.pop(key, None)  # gone since the listing: plan it as new
    return heads


def _apply(client, sess, s, plan, local, remote, stored, withheld, console, summary, lock):
    unchanged = [a.key for a in plan.unchanged]
    if plan.uploads:  # forget what is about to change, so a killed run leaves no wrong entry
        before = mf.known(local, remote, unchanged, {})
        if before != stored:
            mf.save(client, s.bucket, s.prefix + s.manifest_key, before)
            stored = before
    deletes = [] if withheld else [a.key for a in plan.deletes]
    with ThreadPoolExecutor(s.workers) as pool, Reporter(console, len(plan.uploads) + len(deletes),
                                                         plan.upload_bytes) as progress:
        outcome = upload_stages(client, plan, local, s, pool, progress)
        after = mf.known(local, remote, unchanged, outcome.uploaded)
        if after != stored:
            mf.save(client, s.bucket, s.prefix + s.manifest_key, after)
        if lock and not outcome.failed and (plan.uploads or deletes):
            lock.ensure_held()  # a publish whose lock was broken must not delete what the other one uploaded
        if not outcome.failed and deletes:
            delete(client, s.bucket, deletes, progress, outcome)
    summary.uploaded, summary.deleted, summary.failed = len(outcome.uploaded), len(outcome.deleted), len(
        outcome.failed)
    summary.bytes = sum(local[k].size for k in outcome.uploaded)
    if outcome.failed:
        key, exc = outcome.failed[0]
        first = f"first: {key}: {describe(exc, s, endpoint_of(client))}"
        if outcome.stopped_at_stage is None:
            raise PublishError(f"{len(outcome.failed)} of {len(deletes)} deletes failed ({first}); run publish again")
        raise PublishError(f"{len(outcome.failed)} of {len(plan.uploads)} uploads failed ({first}); nothing after "
                           f"the {NAMES[outcome.stopped_at_stage]} was uploaded, nothing deleted; run publish again")
    done = set(outcome.uploaded) | set(outcome.deleted)
    plan.uploads = [a for a in plan.uploads if a.key in done]
    plan.deletes = [a for a in plan.deletes if a.key in done]
    paths = cdn.changed_paths(plan, local, s.prefix)
    try:
        inv = cdn.invalidate(sess, s.cloudfront_distribution_id, paths, s.cloudfront_max_paths)
    except (BotoCoreError, ClientError) as exc:
        raise PublishError(f"published, but the CloudFront invalidation failed: {describe(exc, s)}") from exc
    if inv:
        console.print(f"CloudFront invalidation {inv[0]}: {', '.join(inv[1][:5])}{' ...' if len(inv[1]) > 5 else ''}",
                      highlight=False)


def _locked(client, sess, s, local, summary, console, lock, *, dry_run, yes, force, confirm):
    remote = scan_remote(client, s)
    stored = mf.load(client, s.bucket, s.prefix + s.manifest_key)
    with ThreadPoolExecutor(s.workers) as pool:
        heads = _heads(pool, client, s, needs_head(local, remote, stored, s.trust_manifest), remote)
    plan = make_plan(local, remote, stored, heads, s.trust_manifest)
    summary.planned_uploads, summary.planned_deletes = len(plan.uploads), len(plan.deletes)
    summary.skipped = len(plan.unchanged)
    print_plan(console, plan, f"s3://{s.bucket}/{s.prefix}", full=dry_run)
    withheld = may_delete(plan, s, yes, force, console, (lambda: True) if dry_run else confirm, len(remote))
    if dry_run:
        summary.message = "dry run: nothing changed" + (f"; a real run: {withheld}" if withheld else "")
    else:
        _apply(client, sess, s, plan, local, remote, stored, withheld, console, summary, lock)
        if withheld:
            summary.exit_code, summary.message = DELETES_WITHHELD, withheld


def _release(lock, console) -> None:
    try:
        lock.release()
    except (BotoCoreError, ClientError) as exc:
        console.print(f"[yellow]warning: the publish lock s3://{lock.bucket}/{lock.key} could not be removed "
                      f"({escape(str(exc))}); the next publish takes it over after PUBLISH_LOCK_TTL or with "
                      "--break-lock[/yellow]", highlight=False)


def publish(output_dir, settings, *, dry_run=False, yes=False, force=False, console=None, workers=None,
            confirm=None, break_lock=False) -> Summary:
    """Make the bucket equal to ``output_dir``; see run_publish for the flags. Returns a Summary with exit_code."""
    started, summary, s, client = time.monotonic(), Summary(), None, None
    console = console or Console(soft_wrap=True)
    try:
        s = load_settings(settings, workers=workers)
        local = check_output(Path(output_dir), s)
        sess = session(s)
        client = s3_client(sess, s)
        client.list_objects_v2(Bucket=s.bucket, Prefix=s.prefix, MaxKeys=1)  # the bucket exists and we may list
        lock = PublishLock(client, s, console) if s.lock and not dry_run else None
        try:
            if lock:
                lock.acquire(break_lock)
            _locked(client, sess, s, local, summary, console, lock, dry_run=dry_run, yes=yes, force=force,
                    confirm=confirm)
        finally:
            if lock:
                _release(lock, console)
    except KeyboardInterrupt:
        summary.exit_code, summary.message = ERROR, "publish interrupted: run it again to finish"
    except (PublishError, BotoCoreError, ClientError, OSError, ValueError) as exc:
        summary.exit_code = ERROR
        summary.message = "publish failed: " + describe(exc, s or load_settings({}, {}),
                                                          endpoint_of(client) if client else "")
    summary.seconds = time.monotonic() - started
    if not dry_run and (summary.exit_code != ERROR or summary.uploaded or summary.deleted):
        print_summary(console, summary)
    if summary.message:
        style = "red" if summary.exit_code else "yellow"
        console.print(f"[{style}]{escape(summary.message)}[/{style}]")
    return summary
