"""A small synthetic Pelican-like output tree, and checks of a bucket against it."""
from __future__ import annotations

import gzip
import io
import os
import random
import shutil
import time
from pathlib import Path

from rich.console import Console

from delivery.publish import publish
from delivery.publish.scan import scan_local
from delivery.publish.settings import load_settings

CSS = "theme/css/site.3fa2b1c9.css"
JS = "theme/js/app.1a2b3c4d5e.js"
ARTICLES = [f"artikel-{i}" for i in range(1, 7)]
TAGS = {"strom": ARTICLES[0::2], "wasser": ARTICLES[1::2]}


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/{CSS}"><script src="/{JS}" defer></script></head>'
            f"<body><header>Netzbrief</header><main>{body}</main><footer>KV Mitte</footer></body></html>\n").encode()


def _feed(kind: str, articles, texts) -> bytes:
    items = "".join(f"<entry><title>{a}</title><summary>{texts[a][:40]}</summary></entry>" for a in articles)
    if kind == "rss":
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'.encode()


def site_files(articles=ARTICLES, texts=None, big: bytes | None = None) -> dict[str, bytes]:
    """rel path -> bytes of a site with the given articles; ``texts`` overrides an article's text."""
    texts = {a: f"Text von {a}. " * 40 for a in articles} | (texts or {})
    rng = random.Random(7)
    files = {f"{a}.html": _page(a, texts[a]) for a in articles}
    links = "".join(f'<a href="/{a}.html">{a}: {texts[a][:30]}</a>' for a in articles)
    files["index.html"] = _page("Start", links)
    files["index2.html"] = _page("Seite 2", links[::-1])
    files["archives.html"] = _page("Archiv", links)
    for tag, members in TAGS.items():
        mine = [a for a in articles if a in members]
        files[f"tag/{tag}.html"] = _page(tag, "".join(f"<a>{a}: {texts[a][:30]}</a>" for a in mine))
        files[f"feeds/{tag}.atom.xml"] = _feed("atom", mine, texts)
    files["404.html"] = _page("Nicht gefunden", "Diese Seite gibt es nicht.")
    files["feeds/all.atom.xml"] = _feed("atom", articles, texts)
    files["feeds/all.rss.xml"] = _feed("rss", articles, texts)
    files["sitemap.xml"] = ('<?xml version="1.0"?><urlset>' + "".join(
        f"<url><loc>/{a}.html</loc></url>" for a in articles) + "</urlset>").encode()
    files["robots.txt"] = b"User-agent: *\nSitemap: /sitemap.xml\n"
    files["termine/kalender.ics"] = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    files[CSS] = b"body{font-family:sans-serif}" * 20
    files[JS] = b"document.documentElement.classList.add('js');" * 10
    files["theme/css/print.css"] = b"@media print{header{display:none}}"
    files["images/foto-1.jpg"] = bytes(rng.getrandbits(8) for _ in range(3000))
    files["downloads/Übersicht Netze.pdf"] = b"%PDF-1.4 Netze"
    files["images/logo.svg"] = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    files["pagefind/pagefind.js"] = b"export const pagefind = 1;"
    files["pagefind/pagefind-entry.json"] = b'{"version":"1.5.2","languages":{"de":{"hash":"de_1234abcd"}}}'
    files["pagefind/pagefind.de_1234abcd.pf_meta"] = bytes(rng.getrandbits(8) for _ in range(200))
    files["pagefind/index/de_9f8e7d6c.pf_index"] = bytes(rng.getrandbits(8) for _ in range(500))
    files["pagefind/fragment/de_3a4b5c6d.pf_fragment"] = bytes(rng.getrandbits(8) for _ in range(300))
    if big is not None:
        files["downloads/jahresbericht.pdf"] = big
    return files


def write_site(root: Path, files: dict[str, bytes]) -> Path:
    """(Re)create ``root`` with exactly ``files``: fresh files with new modification times, as a rebuild makes."""
    if root.exists():
        shutil.rmtree(root)
    stamp = time.time() + 3600
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (stamp, stamp))
    return root


def settings_for(endpoint: str, bucket: str, **extra) -> dict:
    values = {"PUBLISH_BUCKET": bucket, "PUBLISH_ENDPOINT_URL": endpoint, "PUBLISH_REGION": "us-east-1",
              "PUBLISH_WORKERS": 4}
    values.update({"PUBLISH_" + k.upper(): v for k, v in extra.items()})
    return values


def bucket_state(s3, bucket: str, prefix: str = "") -> dict[str, dict]:
    """key -> {"body", "ContentType", "CacheControl", "ContentEncoding", "Metadata", "ETag"} of every object."""
    state = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            obj = s3.get_object(Bucket=bucket, Key=item["Key"])
            state[item["Key"]] = {k: obj.get(k) for k in ("ContentType", "CacheControl", "ContentEncoding",
                                                            "Metadata", "ETag")} | {"body": obj["Body"].read()}
    return state


def assert_bucket_equals(s3, bucket: str, root: Path, settings: dict) -> None:
    """The bucket holds exactly the files of ``root`` (plus the manifest), with their bytes and headers."""
    s = load_settings(settings, {})
    local = scan_local(root, s)
    state = bucket_state(s3, bucket, s.prefix)
    state.pop(s.prefix + s.manifest_key, None)
    assert sorted(state) == sorted(local)
    for key, lf in local.items():
        obj = state[key]
        data = lf.path.read_bytes()
        body = gzip.decompress(obj["body"]) if obj["ContentEncoding"] == "gzip" else obj["body"]
        assert body == data, key
        assert (obj["ContentType"], obj["CacheControl"], obj["ContentEncoding"]) == (
            lf.headers.content_type, lf.headers.cache_control, lf.headers.content_encoding), key
        assert obj["Metadata"].get("netzbrief-md5") == lf.md5, key


def run(root: Path, settings: dict, **kw):
    """publish() with its terminal output captured in ``summary.output``."""
    out = io.StringIO()
    summary = publish(root, settings, console=Console(file=out, width=300), **kw)
    summary.output = out.getvalue()
    return summary
