"""A loopback HTTP/1.1 proxy between an S3 client and the server: logs every request in arrival order and, when
asked, injects faults (500 answers, connection resets, stalls) for a seeded random share of requests.

Requests are forwarded byte for byte (the Host header too, so SigV4 signatures stay valid). Faults happen either
before forwarding (the server never sees the request) or after (the server did the work, the client hears of a
failure): both must leave a re-run able to converge.
"""
from __future__ import annotations

import random
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass

ERROR_BODY = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>'
              b"<Message>injected by the test proxy</Message></Error>")


@dataclass
class Faults:
    error_rate: float = 0.0  # share of requests answered 500
    reset_rate: float = 0.0  # share of connections reset
    stall_rate: float = 0.0  # share of requests held for stall_seconds before forwarding
    stall_seconds: float = 1.5
    max_faults: int = 10_000  # bound on injected faults, so a long enough retry always gets through
    put_delay: float = 0.0  # added before forwarding each PUT (makes a run slow enough to kill midway)
    target_contains: str = ""  # faults only for requests whose target contains this
    hold: threading.Event | None = None  # PUTs wait (at most a minute) until it is set ...
    hold_except: str = "\0"  # ... except those whose target contains this
    when: str = ""  # "-before" or "-after" to fix when an error or reset happens; "" picks at random


@dataclass
class Request:
    method: str
    target: str
    fault: str = ""

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


def _read_head(rfile):
    first = rfile.readline(65537)
    if not first.strip():
        return None, None
    lines, headers = [first], {}
    while True:
        line = rfile.readline(65537)
        if line in (b"\r\n", b"\n", b""):
            break
        lines.append(line)
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines, headers


def _read_body(rfile, headers) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        out = []
        while True:
            size_line = rfile.readline(65537)
            out.append(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:
                    line = rfile.readline(65537)
                    out.append(line)
                    if line in (b"\r\n", b"\n", b""):
                        return b"".join(out)
            out.append(rfile.read(size + 2))
    length = int(headers.get("content-length") or 0)
    return rfile.read(length) if length else b""


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        proxy: FaultProxy = self.server.proxy  # type: ignore[attr-defined]
        upstream_box = [None, None]  # the upstream socket and its reader, kept across keep-alive requests
        try:
            while True:
                lines, headers = _read_head(self.rfile)
                if lines is None:
                    return
                method, target = lines[0].decode("latin-1").split()[:2]
                if headers.get("expect", "").lower() == "100-continue":
                    lines = [l for l in lines if not l.lower().startswith(b"expect:")]
                    self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                    self.wfile.flush()
                body = _read_body(self.rfile, headers)
                record = proxy._record(method, target)
                proxy._busy(+1)
                try:
                    if self._forward(proxy, record, method, lines, body, upstream_box):
                        continue
                    return
                finally:
                    proxy._busy(-1)
        except (OSError, ValueError):
            return
        finally:
            if upstream_box[0] is not None:
                upstream_box[0].close()

    def _forward(self, proxy, record, method, lines, body, upstream_box) -> bool:
        """Forward one request, with its fault; False when the client connection is to end."""
        if record.fault == "reset-before":
            self._reset()
            return False
        if record.fault == "error-before":
            self._send_error()
            return True
        if record.fault == "stall":
            time.sleep(proxy.faults.stall_seconds)
        if method == "PUT" and proxy.faults.put_delay:
            time.sleep(proxy.faults.put_delay)
        if method == "PUT" and proxy.faults.hold is not None and proxy.faults.hold_except not in record.target:
            proxy.faults.hold.wait(60)
        if upstream_box[0] is None:
            upstream = socket.create_connection(("127.0.0.1", proxy.upstream_port))
            upstream_box[:] = [upstream, upstream.makefile("rb")]
        upstream, upfile = upstream_box
        upstream.sendall(b"".join(lines) + b"\r\n" + body)
        rlines, rheaders = _read_head(upfile)
        if rlines is None:
            return False
        status = int(rlines[0].split()[1])
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            rbody = b""
        elif "content-length" in rheaders or "transfer-encoding" in rheaders:
            rbody = _read_body(upfile, rheaders)
        else:  # delimited by the end of the connection
            rbody = upfile.read()
            upstream.close()
            upstream_box[:] = [None, None]
        if record.fault == "reset-after":
            self._reset()
            return False
        if record.fault == "error-after":
            self._send_error()
            return True
        self.wfile.write(b"".join(rlines) + b"\r\n" + rbody)
        self.wfile.flush()
        return True

    def _send_error(self):
        self.wfile.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(ERROR_BODY) + ERROR_BODY)
        self.wfile.flush()

    def _reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultProxy:
    def __init__(self, upstream_port: int, faults: Faults | None = None, seed: int = 0):
        self.upstream_port = upstream_port
        self.faults = faults or Faults()
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.log: list[Request] = []
        self.injected = 0
        self.in_flight = 0
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.proxy = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def _record(self, method: str, target: str) -> Request:
        with self.lock:
            record = Request(method, target)
            f = self.faults
            if self.injected < f.max_faults and f.target_contains in target:
                roll = self.random.random()
                for name, rate in (("error", f.error_rate), ("reset", f.reset_rate), ("stall", f.stall_rate)):
                    if roll < rate:
                        when = "" if name == "stall" else f.when or (
                            "-before" if self.random.random() < 0.5 else "-after")
                        record.fault = name + when
                        self.injected += 1
                        break
                    roll -= rate
            self.log.append(record)
            return record

    def _busy(self, delta: int) -> None:
        with self.lock:
            self.in_flight += delta

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every request already received has been forwarded: a killed client's last requests still
        reach the server (as they would reach S3), and a re-run must not race them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.in_flight == 0:
                    return
            time.sleep(0.01)
        raise AssertionError("the proxy still forwards requests after the timeout")

    def count(self, method: str) -> int:
        with self.lock:
            return sum(1 for r in self.log if r.method == method)

    def requests(self) -> list[Request]:
        with self.lock:
            return list(self.log)

    def clear(self) -> None:
        with self.lock:
            self.log.clear()

    def start(self) -> "FaultProxy":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
