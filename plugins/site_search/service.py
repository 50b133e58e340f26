"""A blocking client of ``pagefind --service``, the indexing service behind Pagefind's Python and Node APIs.

The service reads requests ``{"message_id", "payload"}`` as base64-encoded JSON, each followed by a comma, and
answers the same way. The ``pagefind`` package's own asyncio client reads each answer after a 100 ms sleep, which
makes 1,000 records take 100 s; this client writes all records from a thread and reads the answers as they come.
Request and answer shapes are the package's (``pagefind.service.types``); the binary is the pinned ``pagefind_bin``.
"""

from __future__ import annotations

import base64
import json
from collections import deque
import subprocess
import tempfile
import threading

from pagefind.service import get_executable


class PagefindError(RuntimeError):
    pass


class PagefindService:
    def __init__(self):
        executable = get_executable()
        if executable is None:
            raise PagefindError("Pagefind nicht gefunden: bitte `pip install 'pagefind[bin]'` ausführen.")
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr)
        self._next_id = 0
        self._partial: list[bytes] = []  # the start of an answer whose end has not arrived
        self._answers: deque[bytes] = deque()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def new_index(self, config: dict) -> int:
        return self._one({"type": "NewIndex", "config": config}, "NewIndex")["index_id"]

    def add_records(self, index_id: int, records, count: int, language: str) -> None:
        """Send ``count`` records (any iterable: they are read as they are sent) and check every answer."""
        first = self._next_id + 1
        self._next_id += count
        errors: list[BaseException] = []

        def send():
            try:
                for offset, record in enumerate(records):
                    self._write(first + offset, {"type": "AddRecord", "index_id": index_id, "url": record["url"],
                                                 "content": record["content"], "language": language,
                                                 "meta": record["meta"], "filters": None, "sort": None})
                self._process.stdin.flush()
            except (OSError, PagefindError) as exc:  # reported after the answers that did come
                errors.append(exc)
                self._process.stdin.close()  # ends the service: the reader below stops too

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        try:
            for _ in range(count):
                self._check(self._read(), "IndexedFile")
        except PagefindError:
            writer.join()
            if errors and isinstance(errors[0], PagefindError):
                raise errors[0] from None  # our side stopped sending (and so ended the service)
            raise  # the service ended: its own words, not our broken pipe
        writer.join()
        if errors:
            raise PagefindError(f"Pagefind hat die Einträge nicht angenommen: {errors[0]}")

    def files(self, index_id: int) -> dict[str, bytes]:
        """The whole bundle, ``{path: bytes}``. (``WriteFiles`` answers before Pagefind has finished writing, and
        files it had not written yet stay empty when the service ends; so we write them ourselves.)"""
        answer = self._one({"type": "GetFiles", "index_id": index_id}, "GetFiles")
        return {item["path"]: base64.b64decode(item["content"]) for item in answer["files"]}

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
                self._process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._stderr.close()

    def _one(self, payload: dict, expected: str) -> dict:
        self._next_id += 1
        try:
            self._write(self._next_id, payload)
            self._process.stdin.flush()
        except OSError:
            pass  # the service has ended: reading says why
        return self._check(self._read(), expected)

    def _write(self, message_id: int, payload: dict) -> None:
        message = json.dumps({"message_id": message_id, "payload": payload}).encode()
        self._process.stdin.write(base64.b64encode(message) + b",")

    def _read(self) -> dict:
        """The next answer. Chunks are split where they arrive: the bundle comes as one answer of megabytes."""
        while not self._answers:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                self._stderr.seek(0)
                detail = self._stderr.read().decode(errors="replace").strip()
                raise PagefindError(f"Pagefind hat sich unerwartet beendet{': ' + detail if detail else '.'}")
            *complete, rest = chunk.split(b",")
            if complete:
                complete[0] = b"".join([*self._partial, complete[0]])
                self._partial = []
                self._answers.extend(complete)
            self._partial.append(rest)
        return json.loads(base64.b64decode(self._answers.popleft()))

    @staticmethod
    def _check(answer: dict, expected: str) -> dict:
        payload = answer.get("payload") or {}
        if payload.get("type") != expected:
            raise PagefindError(f"Pagefind meldet einen Fehler: {payload.get('message') or payload}")
        return payload
