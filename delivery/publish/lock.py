"""One publish at a time per bucket prefix: the lock object ``<prefix>.netzbrief-publish.lock``.

It is created with a conditional write (PutObject ``If-None-Match: *``), so of two publishes only one can take
it; the other reads who holds it and stops before it lists or changes anything. Amazon S3 honours conditional
writes (If-None-Match since 2024, If-Match on PutObject since late 2024, on DeleteObject since 2025); so does
SeaweedFS 4.x. A store that ignores them would make the lock useless, so right after taking it a second
conditional write of the same bytes must be refused, or the publish stops (``PUBLISH_LOCK = False`` turns the lock
off for such a store, at your own risk).

The holder renews the lock every third of ``PUBLISH_LOCK_TTL`` (If-Match on its ETag) and checks it still holds
it before deleting anything. A lock that has not been renewed for ``PUBLISH_LOCK_TTL`` seconds, measured with the
server's clock (its Date header against the object's Last-Modified), was abandoned and is taken over; so is a lock
whose holder ran on this machine (same boot and PID namespace) and whose process is gone. ``--break-lock`` takes
over any lock.
"""
from __future__ import annotations

import json
import math
import os
import threading
import time
import uuid

from botocore.exceptions import ClientError

from .client import PublishError
from .holder import ACTIVE, BUSY, MISSING, REFUSED, code, machine, now, owner, read as read_lock


class PublishLock:
    def __init__(self, client, settings, console):
        self.client, self.bucket, self.console = client, settings.bucket, console
        self.key, self.ttl = settings.prefix + settings.lock_key, max(float(settings.lock_ttl), 1.0)
        self.info = {"owner": owner(), "pid": os.getpid(), "machine": machine(), "started": now(),
                     "token": uuid.uuid4().hex}
        self.etag: str | None = None
        self.lost: str | None = None  # who took the lock over while we held it
        self._wrote = False  # a write of ours was sent (it may have landed even if its answer was lost)
        self._seq = 0
        self._stop, self._io, self._thread = threading.Event(), threading.Lock(), None

    def _put(self, body: bytes | None = None, **condition) -> str:
        if body is None:
            self._seq += 1  # every write has new bytes, so a new ETag: If-Match tells our writes apart
            body = json.dumps(dict(self.info, renewed=now(), write=self._seq)).encode()
        self._body, self._wrote = body, True
        response = self.client.put_object(Bucket=self.bucket, Key=self.key, Body=body, CacheControl="no-store",
                                          ContentType="application/json", **condition)
        return response["ETag"]

    def read(self):
        return read_lock(self.client, self.bucket, self.key)

    def acquire(self, break_lock: bool = False) -> None:
        ACTIVE.add(self.info["token"])  # from the first write on: another thread must not take it for a leftover
        try:
            self._acquire(break_lock)
        except BaseException:
            ACTIVE.discard(self.info["token"])
            raise

    def _acquire(self, break_lock: bool) -> None:
        for attempt in range(10):
            try:
                self.etag = self._put(IfNoneMatch="*")
                return self._taken()
            except ClientError as exc:
                if code(exc) in BUSY:
                    time.sleep(0.2 * (attempt + 1))
                    continue
                if code(exc) not in REFUSED:
                    raise
            held = self.read()
            if held is None:
                continue  # released in between: try again
            if held.info.get("token") == self.info["token"]:  # our own write, retried after a lost answer
                self.etag = held.etag
                return self._taken()
            why = ("--break-lock" if break_lock else "it was not renewed for {:.0f} s".format(held.age)
                   if held.age >= self.ttl else "its process on this machine is gone" if held.dead_here() else "")
            if not why:
                wait = max(1, math.ceil((self.ttl - held.age) / 60))
                raise PublishError(f"another publish is running since {held.info.get('started', '?')}, by "
                                   f"{held.info.get('owner', 'unknown')} (pid {held.info.get('pid', '?')}), lock "
                                   f"s3://{self.bucket}/{self.key}; if it died, wait {wait} min or use --break-lock")
            try:
                self.etag = self._put(IfMatch=held.etag)
            except ClientError as exc:
                if code(exc) in REFUSED | BUSY:
                    continue  # someone else changed it meanwhile: look again
                raise
            self.console.print(f"[yellow]note: took over the publish lock of {held.who()}: {why}[/yellow]",
                               highlight=False)
            return self._taken()
        raise PublishError(f"could not take the publish lock s3://{self.bucket}/{self.key}: it keeps changing; "
                           "try again")

    def _taken(self) -> None:
        try:
            self._put(self._body, IfNoneMatch="*")  # must be refused: the object exists
        except ClientError as exc:
            if code(exc) not in REFUSED | BUSY:
                raise
        else:
            self.release()
            raise PublishError("the S3 store ignores conditional writes (If-None-Match), so the publish lock cannot "
                               "work; set PUBLISH_LOCK = False only if no two publishes can ever run at once")
        self._thread = threading.Thread(target=self._keep, name="publish-lock", daemon=True)
        self._thread.start()

    def _keep(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                self.renew()
            except Exception:  # noqa: BLE001 - a failed renewal is tried again; ensure_held() reports for good
                pass

    def renew(self) -> None:
        with self._io:
            if self.etag is None or self.lost:
                return
            try:
                self.etag = self._put(IfMatch=self.etag)
            except ClientError as exc:
                if code(exc) not in REFUSED:
                    raise
                held = self.read()
                if held and held.info.get("token") == self.info["token"]:
                    self.etag = held.etag  # our own renewal landed, its answer was lost and the retry refused
                else:
                    self.lost = held.who() if held else "nobody (the lock was deleted)"

    def ensure_held(self) -> None:
        """Renew now; raise if another publish took the lock over (then nothing more may change)."""
        self.renew()
        if self.lost:
            raise PublishError(f"the publish lock was taken over by {self.lost} while this publish ran: nothing "
                               "deleted; let the other publish finish, then run publish again")

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(10)
        ACTIVE.discard(self.info["token"])
        with self._io:
            if self.etag is None and self._wrote and not self.lost:  # a write whose answer was lost may have landed
                held = self.read()
                self.etag = held.etag if held and held.info.get("token") == self.info["token"] else None
            if self.etag is None or self.lost:
                return
            try:
                self.client.delete_object(Bucket=self.bucket, Key=self.key, IfMatch=self.etag)
            except ClientError as exc:
                if code(exc) not in REFUSED | MISSING:  # refused: no longer ours, leave it
                    raise
            self.etag = None
