"""A real SES v2 endpoint on 127.0.0.1 for tests and the bench: moto's server app in its own process.

`python -m tests.servers.ses PORT` serves moto behind a small WSGI wrapper that can throttle: after
`set_throttle(N)` the first N `SendEmail` calls per recipient get HTTP 429 TooManyRequestsException (what SES
answers above the send rate). What moto accepted is read back over HTTP from `/moto-api/data.json`
(ses -> RawMessage: source, destinations, raw_data), or counted at `/_netzbrief/stats`: the tests check at the
server, not in our process. Running in its own process keeps moto's CPU time off the sender's GIL.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REGION = "eu-central-1"
ROOT = Path(__file__).resolve().parents[2]


class ThrottlingApp:
    """moto's dispatcher finds the service for every request under one global lock (scanning its modules);
    SES v2 paths go straight to moto's sesv2 app instead, the rest (/moto-api/...) through the dispatcher."""

    def __init__(self, app, ses_app):
        self.app, self.ses_app, self.first, self.throttled = app, ses_app, 0, 0
        self.quota: float | None = None  # moto has no GetAccount; when set, answer it with this MaxSendRate
        self.attempts: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path.startswith("/_netzbrief/"):
            return self.control(path, environ, start_response)
        if path == "/v2/email/account" and self.quota is not None:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps({"SendQuota": {"MaxSendRate": self.quota, "Max24HourSend": 50000.0,
                                              "SentLast24Hours": 0.0}, "SendingEnabled": True}).encode()]
        if path.endswith("/v2/email/outbound-emails") and self.first:
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            to = json.loads(body)["Destination"]["ToAddresses"][0].lower()
            with self.lock:
                self.attempts[to] += 1
                throttle = self.attempts[to] <= self.first
                self.throttled += throttle
            if throttle:
                start_response("429 Too Many Requests", [("Content-Type", "application/json"),
                                                          ("x-amzn-ErrorType", "TooManyRequestsException")])
                return [b'{"message": "Maximum sending rate exceeded."}']
        if path.startswith("/v2/email/"):
            return self.ses_app(environ, start_response)
        return self.app(environ, start_response)

    def control(self, path, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if path == "/_netzbrief/throttle":
            with self.lock:
                self.first = json.loads(body)
                self.attempts.clear()
                self.throttled = 0
        elif path == "/_netzbrief/quota":
            self.quota = json.loads(body)
        from moto.ses.models import ses_backends

        stored = sum(len(b.sent_messages) for acct in ses_backends.values() for b in acct.values())
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"throttled": self.throttled, "stored": stored}).encode()]


def serve(port: int) -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    class Quiet(MotoRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    app = ThrottlingApp(DomainDispatcherApplication(create_backend_app), create_backend_app("sesv2"))
    make_server("127.0.0.1", port, app, threaded=True, request_handler=Quiet).serve_forever()


class SesServer:
    """Starts `serve` in a subprocess; everything else talks to it over HTTP."""

    def __init__(self):
        from tests.servers.smtp import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> SesServer:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.servers.ses", str(self.port)], cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:  # wait until it listens (startup, not a timed assertion)
            try:
                self.stats()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the moto SES server did not start") from None
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)

    def _call(self, path: str, data: bytes | None = None, method: str = "GET"):
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def stats(self) -> dict:
        return self._call("/_netzbrief/stats")

    def set_throttle(self, first: int) -> None:
        self._call("/_netzbrief/throttle", json.dumps(first).encode(), "POST")

    def set_quota(self, max_send_rate: float | None) -> None:
        self._call("/_netzbrief/quota", json.dumps(max_send_rate).encode(), "POST")

    def reset(self) -> None:
        self._call("/moto-api/reset", b"", "POST")
        self.set_throttle(0)
        self.set_quota(None)

    def sent(self) -> list[dict]:
        return self._call("/moto-api/data.json")["ses"]["RawMessage"]

    def client(self):
        import boto3

        return boto3.client("sesv2", region_name=REGION, endpoint_url=self.url,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def setup_list(self, contacts, *, identity: str = "netzbrief.example", list_name: str = "netzbrief",
                   topic: str = "newsletter", default: str = "OPT_OUT") -> None:
        """contacts: iterable of (address, status), status "OPT_IN", "OPT_OUT", None (no preference) or
        "UNSUBSCRIBE_ALL"."""
        client = self.client()
        client.create_email_identity(EmailIdentity=identity)
        client.create_contact_list(ContactListName=list_name, Topics=[
            {"TopicName": topic, "DisplayName": "Netzbrief", "DefaultSubscriptionStatus": default}])

        def add(contact):
            address, status = contact
            prefs = [{"TopicName": topic, "SubscriptionStatus": status}] if status in ("OPT_IN", "OPT_OUT") else []
            client.create_contact(ContactListName=list_name, EmailAddress=address, TopicPreferences=prefs,
                                  UnsubscribeAll=status == "UNSUBSCRIBE_ALL")

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(add, contacts))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
