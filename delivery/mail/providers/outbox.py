"""The outbox provider: one `.eml` file per message in `<MAILING_OUTBOX_DIR>/<issue>/`; needs nothing else.

Files are written atomically (temporary file, then rename), named after the recipient and the Message-ID, so a
repeated attempt of the same message replaces its file instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from ..message import Outgoing
from .base import Connection, Provider


class OutboxProvider(Provider):
    name = "outbox"

    def __init__(self, settings: dict, issue: str, warn=print):
        super().__init__(settings, issue, warn)
        self.folder = Path(settings["MAILING_OUTBOX_DIR"]) / issue

    def connect(self) -> Connection:
        return OutboxConnection(self.folder / "test" if self.test else self.folder)

    def sent_before(self) -> str:
        count = sum(1 for _ in self.folder.glob("*.eml")) if self.folder.is_dir() else 0
        return f"{self.folder} already holds {count} message(s) of issue {self.issue}" if count else ""


class OutboxConnection(Connection):
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def send(self, out: Outgoing) -> str:
        safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", out.recipient.email.lower())
        tag = hashlib.sha1(out.message_id.encode()).hexdigest()[:8]
        target = self.folder / f"{safe}.{tag}.eml"
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(out.data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target.name
