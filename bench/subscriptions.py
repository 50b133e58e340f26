"""Bench: the subscription endpoint on the local WSGI server (`invoke subscriptions.serve`), SQLite store.

    python bench/subscriptions.py [--n 1000] [--clients 8] [--skip-ses]

The endpoint runs in its own process (the threaded Werkzeug server of `make run`, outbox provider, SQLite store
in a temporary folder); the load comes from this process over HTTP on 127.0.0.1, `--clients` connections at a
time. It prints
- sign-ups per second and the sign-up -> confirmation-mail latency (the 303 comes after the mail is written),
- confirmations per second (POST of the token from each mail; target: >= 200/s),
- the CPU time the server process spent per request (independent of what else runs on the machine),
- the same sign-up through the SES provider against moto's SES v2 server on loopback, and the cost of one SES
  SendEmail call there, beside the cost of writing the mail to the outbox.
Every run is checked: N mails in the outbox (or at moto), N confirmed subscribers in the store.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ leaves the path: this file's name would hide the Pelican plugin `subscriptions` (plugins/subscriptions)
sys.path[:] = [str(ROOT), str(ROOT / "plugins")] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
SECRET = "bench-secret-0123456789abcdef"
TARGET = 200.0


def build_templates(base: Path) -> Path:
    """The endpoint's page templates come from a real build of the sample site."""
    from content_model.build import build

    out = base / "output"
    overrides = {"OUTPUT_PATH": str(out), "NEWSLETTER_ARTIFACTS_PATH": str(base / "newsletter"),
                 "CACHE_PATH": str(base / "cache"), "BUILD_DATE": "2026-11-23"}
    if build(ROOT / "pelicanconf.py", overrides=overrides):
        raise SystemExit("the sample site did not build")
    return out / "abo" / "vorlagen"


def settings_for(base: Path, templates: Path, **extra) -> dict:
    conf = {"SITEURL": "http://127.0.0.1:8000", "SITENAME": "Netzbrief", "PROJECT_ROOT": str(base),
            "MAILING_UNSUBSCRIBE_URL": "http://127.0.0.1:8000/abmelden/?token={token}",
            "MAILING_FROM_ADDRESS": "rundbrief@kv-mitte.example.org",
            "MAILING_OUTBOX_DIR": str(base / "outbox"), "MAILING_SUBSCRIBERS_DB": str(base / "subscribers.sqlite"),
            "SUBSCRIPTIONS_TEMPLATES": str(templates), "SUBSCRIPTIONS_CLIENT_LIMIT": "1000000/second",
            "SUBSCRIPTIONS_ADDRESS_LIMIT": 3}
    conf.update(extra)
    return conf


def serve(conf: dict, port, ready) -> None:
    import logging
    import os

    os.environ["NETZBRIEF_UNSUBSCRIBE_SECRET"] = SECRET
    logging.disable(logging.WARNING)
    from delivery.subscriptions.app import SubscriptionApp
    from delivery.subscriptions.config import load_settings
    from delivery.subscriptions.local import make_local_server

    app = SubscriptionApp(load_settings(conf, environ={}, root=conf["PROJECT_ROOT"]), warn=lambda text: None)
    server = make_local_server(app, "127.0.0.1", 0)
    port.value = server.server_port
    ready.set()
    server.serve_forever()


def start(conf: dict) -> tuple[multiprocessing.Process, int]:
    port, ready = multiprocessing.Value("i", 0), multiprocessing.Event()
    process = multiprocessing.Process(target=serve, args=(conf, port, ready), daemon=True)
    process.start()
    if not ready.wait(120):
        raise SystemExit("the endpoint did not start")
    return process, port.value


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): what the server itself spent, whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post(port: int, path: str, fields: dict) -> tuple[int, float]:
    body = urllib.parse.urlencode(fields)
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
    status = conn.getresponse().status
    conn.close()
    return status, time.perf_counter() - started


def run(port: int, path: str, forms: list[dict], clients: int, expect: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda form: post(port, path, form), forms))
    elapsed = time.perf_counter() - started
    bad = [status for status, _ in results if status != expect]
    if bad:
        raise SystemExit(f"{len(bad)} requests to {path} answered {sorted(set(bad))}, not {expect}")
    return len(forms) / elapsed, [latency for _, latency in results]


def signup_forms(n: int, tag: str) -> list[dict]:
    from delivery.subscriptions import consent

    return [{"email": f"{tag}{i:06d}@stadtwerke-beispiel.de", "einwilligung": "ja", "formular": consent.CURRENT_HASH}
            for i in range(n)]


def tokens_from_outbox(folder: Path) -> list[str]:
    from email import message_from_bytes, policy

    found = []
    for path in folder.glob("*.eml"):
        text = message_from_bytes(path.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
        found.append(re.search(r"/abo/bestaetigen\?token=([\w.\-]+)", text).group(1))
    return found


def ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else values[0] * 1000


def bench_sqlite(base: Path, templates: Path, n: int, clients: int) -> dict:
    from delivery.subscriptions.sqlite_store import SqliteStore

    conf = settings_for(base, templates)
    process, port = start(conf)
    try:
        post(port, "/abo/anmelden", signup_forms(1, "warm")[0])
        cpu = cpu_seconds(process.pid)
        rate, latencies = run(port, "/abo/anmelden", signup_forms(n, "leser"), clients, 303)
        signup_cpu, cpu = (cpu_seconds(process.pid) - cpu) / n, cpu_seconds(process.pid)
        tokens = tokens_from_outbox(base / "outbox" / "anmeldung")  # the warm-up's token too
        confirm_rate, confirm_latencies = run(port, "/abo/bestaetigen", [{"token": t} for t in tokens], clients, 303)
        confirm_cpu = (cpu_seconds(process.pid) - cpu) / len(tokens)
    finally:
        process.terminate()
        process.join()
    store = SqliteStore(base / "subscribers.sqlite")
    confirmed = store.counts().get("confirmed", 0)
    store.close()
    if len(tokens) != n + 1 or confirmed != n + 1:
        raise SystemExit(f"expected {n + 1} mails and confirmations, found {len(tokens)} and {confirmed}")
    return {"signup": rate, "latency": latencies, "confirm": confirm_rate, "confirm_latency": confirm_latencies,
            "signup_cpu": signup_cpu, "confirm_cpu": confirm_cpu}


def bench_ses(base: Path, templates: Path, n: int, clients: int) -> dict:
    import os

    from tests.servers.ses import REGION, SesServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    with SesServer() as ses:
        ses.client().create_email_identity(EmailIdentity="kv-mitte.example.org")
        client = ses.client()
        calls = []
        for i in range(200):
            started = time.perf_counter()
            client.send_email(FromEmailAddress="rundbrief@kv-mitte.example.org",
                              Destination={"ToAddresses": [f"probe{i}@example.org"]},
                              Content={"Raw": {"Data": b"Subject: x\r\n\r\nx\r\n"}})
            calls.append(time.perf_counter() - started)
        conf = settings_for(base, templates, MAILING_PROVIDER="ses", MAILING_SUBSCRIBERS_STORE="sqlite",
                            MAILING_SES_REGION=REGION, MAILING_SES_ENDPOINT_URL=ses.url)
        process, port = start(conf)
        try:
            rate, latencies = run(port, "/abo/anmelden", signup_forms(n, "ses"), clients, 303)
        finally:
            process.terminate()
            process.join()
        sent = ses.stats()["stored"]
    if sent != 200 + n:
        raise SystemExit(f"moto stored {sent} messages, expected {200 + n}")
    return {"call": calls, "signup": rate, "latency": latencies}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="sign-ups (and confirmations) per run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--skip-ses", action="store_true", help="without the SES comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netzbrief-bench-abo-") as tmp:
        base = Path(tmp)
        templates = build_templates(base / "site")
        sqlite = bench_sqlite(base / "sqlite", templates, args.n, args.clients)
        print(f"endpoint on the local WSGI server, SQLite store, outbox, {args.n} readers, {args.clients} clients")
        print(f"  sign-ups       {sqlite['signup']:7.0f}/s   sign-up -> confirmation mail: "
              f"p50 {ms(sqlite['latency'], 50):.1f} ms, p95 {ms(sqlite['latency'], 95):.1f} ms")
        verdict = "meets" if sqlite["confirm"] >= TARGET else "MISSES"
        print(f"  confirmations  {sqlite['confirm']:7.0f}/s   p50 {ms(sqlite['confirm_latency'], 50):.1f} ms "
              f"({verdict} the target of {TARGET:.0f}/s: {sqlite['confirm'] / TARGET:.1f}x)")
        print(f"  server CPU per request: sign-up {sqlite['signup_cpu'] * 1000:.2f} ms, confirmation "
              f"{sqlite['confirm_cpu'] * 1000:.2f} ms (= {1 / sqlite['confirm_cpu']:.0f} confirmations/s per core; "
              f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        if not args.skip_ses:
            ses = bench_ses(base / "ses", templates, min(args.n, 300), args.clients)
            call = statistics.median(ses["call"]) * 1000
            cpu = sqlite["signup_cpu"] * 1000
            print("through SES (moto's SES v2 server on loopback), SQLite store")
            print(f"  one SES SendEmail call: median {call:.1f} ms, one after the other "
                  f"(= {call / cpu:.1f}x the server CPU of a whole sign-up with the outbox, {cpu:.1f} ms)")
            print(f"  sign-ups       {ses['signup']:7.0f}/s   sign-up -> confirmation mail: "
                  f"p50 {ms(ses['latency'], 50):.1f} ms, p95 {ms(ses['latency'], 95):.1f} ms "
                  f"({sqlite['signup'] / ses['signup']:.1f}x slower than the outbox)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
