"""Scanning both sides: excluded names are neither uploaded nor deleted (SeaweedFS), gzip sizes and MD5s are of the
bytes that go up."""

from __future__ import annotations

import hashlib

from delivery.publish.headers import gzip_bytes
from delivery.publish.plan import make_plan
from delivery.publish.scan import scan_local, scan_remote
from delivery.publish.settings import load_settings

EXCLUDE = [".DS_Store", "entwurf/**"]


def write(root, files: dict) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_excluded_files_are_not_uploaded_and_excluded_objects_not_deleted(tmp_path, s3, bucket):
    settings = load_settings({"PUBLISH_BUCKET": bucket, "PUBLISH_PREFIX": "site", "PUBLISH_EXCLUDE": EXCLUDE}, {})
    out = tmp_path / "output"
    write(out, {"index.html": b"<html>", ".DS_Store": b"x", "bilder/.DS_Store": b"x", "entwurf/a.html": b"a",
                "bilder/a.png": b"png"})
    local = scan_local(out, settings)
    assert sorted(local) == ["site/bilder/a.png", "site/index.html"]
    for key in ("site/index.html", "site/alt.html", "site/.DS_Store", "site/entwurf/b.html", "site/bilder/",
                "andere/index.html", "site/.netzbrief-publish.json"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"<html>")
    remote = scan_remote(s3, settings)
    assert sorted(remote) == ["site/alt.html", "site/index.html"]  # not other prefixes, markers or the manifest
    plan = make_plan(local, remote)
    assert [a.key for a in plan.deletes] == ["site/alt.html"]


def test_gzip_size_and_md5_are_of_the_compressed_bytes(tmp_path):
    out = tmp_path / "output"
    page = b"<html>" + "Netzbrief Wärme ".encode() * 400
    write(out, {"index.html": page, "bild.png": b"\x89PNG" + bytes(300)})
    files = scan_local(out, load_settings({"PUBLISH_GZIP": True}, {}))
    html, png = files["index.html"], files["bild.png"]
    assert html.gzip and html.size == len(gzip_bytes(page)) < len(page)
    assert html.md5 == hashlib.md5(gzip_bytes(page)).hexdigest() and html.body() == gzip_bytes(page)
    assert not png.gzip and png.md5 == hashlib.md5(b"\x89PNG" + bytes(300)).hexdigest()
