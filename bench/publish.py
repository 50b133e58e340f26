"""Benchmark: our publisher against ``aws s3 sync`` on a local SeaweedFS, PUTs counted by a loopback proxy.

    python bench/publish.py [--articles 1000] [--aws PATH]

Builds a synthetic site of N articles shaped like the real one (~1.7 files per article), then for each tool, on
its own bucket: first publish; a no-change rebuild (every file rewritten with the same bytes, new mtimes); a
one-article edit (everything rewritten, the article and the listings and feeds that show it changed). Both tools
run as subprocesses (start-up included) through the same counting proxy.

``aws`` (PyPI ``awscli``, v1) pins docutils<0.20 while Pelican needs docutils>=0.22, so it lives in its own venv:
    python -m venv /tmp/awscli-venv && /tmp/awscli-venv/bin/pip install awscli==1.46.3
and is found via --aws, $NETZBRIEF_AWS_CLI, the PATH, or /tmp/awscli-venv/bin/aws.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402

from tests.publish.faultproxy import FaultProxy  # noqa: E402
from tests.servers.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedS3  # noqa: E402

WORDS = ("Netz Strom Wasser Wärme Stadtwerke Versorgung Ausbau Glasfaser Kunden Energie Zähler Leitung "
         "Umspannwerk Photovoltaik Speicher Tarif Kommune Betrieb Störung Wartung Planung Förderung Bürger Region "
         "Zukunft").split()
TAGS = [f"thema-{i:02d}" for i in range(40)]
CSS, JS = "theme/css/site.5e1a9c3f.css", "theme/js/app.9b2c4d1e.js"
INSTALL = "python -m venv /tmp/awscli-venv && /tmp/awscli-venv/bin/pip install awscli==1.46.3"


def _text(rng: random.Random, size: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(size // 8))


def _page(title: str, body: str) -> bytes:
    nav = "".join(f'<li><a href="/tag/{t}.html">{t}</a></li>' for t in TAGS)
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title} – Netzbrief</title>'
            f'<link rel="stylesheet" href="/{CSS}"><script src="/{JS}" defer></script></head><body><header>'
            f"<nav><ul>{nav}</ul></nav></header><main>{body}</main><footer>Netzbrief der Stadtwerke · "
            f"Impressum · Datenschutz</footer></body></html>\n").encode()


def site(n: int, edited: int | None = None) -> dict[str, bytes]:
    rng = random.Random(42)
    arts = []
    for i in range(1, n + 1):
        body = _text(rng, rng.randint(6000, 12000))
        date = f"2026-{1 + i * 11 // (n + 1):02d}-{1 + i % 28:02d}"
        arts.append({"slug": f"artikel/{i:04d}-{WORDS[i % len(WORDS)].lower()}", "title": f"Artikel {i}",
                     "summary": body[:280], "body": body, "tags": rng.sample(TAGS, 2), "date": date, "img": i % 2 == 0})
    if edited:
        arts[edited - 1].update(summary="Aktualisiert: " + arts[edited - 1]["summary"], date="2026-11-23")
        arts[edited - 1]["body"] += " Nachtrag der Redaktion."
    files, newest = {}, arts[::-1]
    for a in arts:
        img = f'<img src="/images/{a["slug"][8:]}.jpg" alt="">' if a["img"] else ""
        article = f'<article><h1>{a["title"]}</h1>{img}<p>{a["body"]}</p></article>'
        files[a["slug"] + ".html"] = _page(a["title"], article)
        if a["img"]:
            files[f'images/{a["slug"][8:]}.jpg'] = rng.randbytes(rng.randint(30_000, 90_000))
    teaser = lambda a: f'<li><a href="/{a["slug"]}.html">{a["title"]}</a><p>{a["summary"]}</p></li>'  # noqa: E731
    for p in range(0, n, 10):
        name = "index.html" if p == 0 else f"index{p // 10 + 1}.html"
        files[name] = _page("Netzbrief", "<ul>" + "".join(teaser(a) for a in newest[p:p + 10]) + "</ul>")
    for t in TAGS:
        mine = [a for a in newest if t in a["tags"]]
        files[f"tag/{t}.html"] = _page(t, "<ul>" + "".join(teaser(a) for a in mine) + "</ul>")
        files[f"feeds/{t}.atom.xml"] = _feed(mine[:10])
    files["archives.html"] = _page("Archiv", "".join(f'<a href="/{a["slug"]}.html">{a["title"]}</a>' for a in newest))
    files["feeds/all.atom.xml"] = _feed(newest[:20])
    files["feeds/all.rss.xml"] = ('<?xml version="1.0"?><rss version="2.0"><channel>' + "".join(
        f'<item><title>{a["title"]}</title><description>{a["summary"]}</description></item>' for a in newest[:20])
        + "</channel></rss>").encode()
    files["sitemap.xml"] = ('<?xml version="1.0"?><urlset>' + "".join(
        f'<url><loc>/{a["slug"]}.html</loc><lastmod>{a["date"]}</lastmod></url>' for a in arts) + "</urlset>").encode()
    files["robots.txt"] = b"User-agent: *\nSitemap: /sitemap.xml\n"
    files["404.html"] = _page("Nicht gefunden", "Diese Seite gibt es nicht.")
    files[CSS] = ("".join(f".c{i}{{margin:{i}px}}" for i in range(3000))).encode()
    files[JS] = ("".join(f"function f{i}(){{return {i}}}" for i in range(2000))).encode()
    for name in ("theme/fonts/text.woff2", "theme/fonts/bold.woff2", "images/logo.png", "favicon.ico"):
        files[name] = rng.randbytes(20_000)
    return files


def _feed(arts) -> bytes:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + "".join(
        f'<entry><title>{a["title"]}</title><summary>{a["summary"]}</summary></entry>' for a in arts)
        + "</feed>").encode()


def write(root: Path, files: dict[str, bytes]) -> None:
    """Rewrite every file, as a Pelican build does: same or new bytes, new modification times."""
    shutil.rmtree(root, ignore_errors=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def find_aws(explicit: str | None) -> str | None:
    for candidate in (explicit, os.environ.get("NETZBRIEF_AWS_CLI"), shutil.which("aws"), "/tmp/awscli-venv/bin/aws"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def timed(cmd, env, proxy) -> tuple[float, int]:
    proxy.clear()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({done.returncode}):\n{done.stdout[-2000:]}")
    return seconds, proxy.count("PUT")


def _commands(s3, proxy, aws, out, env):
    """Fresh buckets, and the command and environment of each tool."""
    buckets = {"ours": "bench-ours-" + uuid.uuid4().hex[:8], "aws": "bench-aws-" + uuid.uuid4().hex[:8]}
    for name in buckets.values():
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="warm-up", Body=b"x")  # the first write grows a volume: not ours to time
        s3.delete_object(Bucket=name, Key="warm-up")
    cmds = {"ours": [sys.executable, "-m", "delivery.publish", str(out), "--yes"]}
    envs = {"ours": dict(env, NETZBRIEF_PUBLISH_BUCKET=buckets["ours"], NETZBRIEF_PUBLISH_ENDPOINT_URL=proxy.url,
                         NETZBRIEF_PUBLISH_REGION="us-east-1"), "aws": env}
    if aws:
        cmds["aws"] = [aws, "s3", "sync", str(out), f"s3://{buckets['aws']}", "--delete", "--no-progress",
                       "--only-show-errors", "--endpoint-url", proxy.url]
    return cmds, envs


def _median(runs, phase, tool):
    seconds = sorted(r[phase, tool][0] for r in runs)
    return seconds[len(seconds) // 2], runs[0][phase, tool][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--aws", help="path of the aws executable")
    args = parser.parse_args()
    aws = find_aws(args.aws)
    if not aws:
        print(f"aws CLI not found; install it in its own venv (awscli pins docutils<0.20, Pelican needs >=0.22):\n"
              f"  {INSTALL}\nthen pass --aws /tmp/awscli-venv/bin/aws (or set NETZBRIEF_AWS_CLI); measuring ours only.")
    tmp = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    out = tmp / "output"
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=str(tmp / "none"), PYTHONPATH=str(ROOT),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp / "none"), AWS_EC2_METADATA_DISABLED="true")
    try:
        with SeaweedS3(tmp / "seaweed") as server, FaultProxy(int(server.endpoint.rsplit(":", 1)[1])) as proxy:
            s3 = boto3.client("s3", **server.client_kwargs())
            base = site(args.articles)
            edited = site(args.articles, edited=args.articles)
            print(f"site: {args.articles} articles, {len(base)} files, {sum(map(len, base.values())):,} bytes; "
                  f"the edit changes {sum(base[k] != edited[k] for k in base)} files; median of {args.repeat} runs")
            runs = []
            for _ in range(args.repeat):
                cmds, envs = _commands(s3, proxy, aws, out, env)
                results = {}
                phases = (("first publish", base), ("no-change rebuild", base), ("one-article edit", edited))
                for phase, files in phases:
                    for tool in cmds:  # alternate the tools so that a load spike hits both
                        write(out, files)
                        results[phase, tool] = timed(cmds[tool], envs[tool], proxy)
                runs.append(results)
            print(f"\n{'phase':<20}{'PUTs ours':>10}{'PUTs aws':>10}{'s ours':>9}{'s aws':>9}{'time ours/aws':>15}")
            for phase in ("first publish", "no-change rebuild", "one-article edit"):
                ts, ps = _median(runs, phase, "ours")
                ta, pa = _median(runs, phase, "aws") if aws else (float("nan"), -1)
                print(f"{phase:<20}{ps:>10}{pa:>10}{ts:>9.2f}{ta:>9.2f}{ts / ta:>15.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
