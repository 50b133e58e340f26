"""Who holds the publish lock: the lock object's content and age, and whether its holder is known to be gone."""
from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from botocore.exceptions import ClientError

REFUSED = {"PreconditionFailed", "412"}
BUSY = {"ConditionalRequestConflict", "409"}  # S3: a concurrent conditional write to the same key; retry
MISSING = {"NoSuchKey", "404", "NotFound"}


def code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def machine() -> str:
    """This boot of this machine and this PID namespace ('' if unknown): where a PID means something."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        return f"{boot}/{os.readlink('/proc/self/ns/pid')}"
    except OSError:
        return ""


def alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, TypeError, OverflowError):
        return True
    return True


ACTIVE: set[str] = set()  # tokens of the locks this process holds right now


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class Held:
    etag: str
    info: dict
    age: float  # seconds since it was written or renewed, by the server's clock

    def who(self) -> str:
        info = self.info
        return f"{info.get('owner', 'unknown')} (pid {info.get('pid', '?')}, since {info.get('started', '?')})"

    def dead_here(self) -> bool:
        """Left by a process of this machine that is gone, or by an earlier publish of this very process."""
        here, pid = machine(), self.info.get("pid")
        if not here or self.info.get("machine") != here:
            return False
        return not alive(pid) or (pid == os.getpid() and self.info.get("token") not in ACTIVE)


def owner() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for this uid (containers)
        user = f"uid{os.getuid()}"
    return f"{user}@{os.uname().nodename}"


def read(client, bucket: str, key: str) -> Held | None:
    """The lock as it is now, or None if there is none."""
    try:
        response = client.get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if code(exc) in MISSING:
            return None
        raise
    try:
        info = json.loads(response["Body"].read())
    except ValueError:
        info = {}
    date = response["ResponseMetadata"].get("HTTPHeaders", {}).get("date")
    server_now = parsedate_to_datetime(date) if date else datetime.now(timezone.utc)
    return Held(response["ETag"], info if isinstance(info, dict) else {},
                (server_now - response["LastModified"]).total_seconds())
