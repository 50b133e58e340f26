"""Scan the local output directory and the remote bucket (listing, and HEAD of single objects)."""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from . import headers as hdr
from .client import PublishError
from .globs import matches_any
from .order import stage_of

MD5_META = "netzbrief-md5"  # object metadata holding the MD5 of the uploaded bytes


@dataclass(frozen=True)
class LocalFile:
    key: str
    rel: str
    path: Path
    size: int  # of the bytes uploaded (compressed if gzip)
    md5: str  # of the bytes uploaded
    headers: hdr.Headers
    gzip: bool
    stage: int

    def body(self) -> bytes:
        with open_regular(self.path) as fh:
            data = fh.read()
        return hdr.gzip_bytes(data) if self.gzip else data

    def read(self, offset: int, length: int) -> bytes:
        if self.gzip:
            return self.body()[offset:offset + length]
        with open_regular(self.path) as fh:
            fh.seek(offset)
            return fh.read(length)


@dataclass(frozen=True)
class RemoteObject:
    key: str
    etag: str  # without quotes
    size: int

    @property
    def multipart(self) -> bool:
        return "-" in self.etag


@dataclass(frozen=True)
class HeadInfo:
    md5: str | None  # from our metadata, else a single-part ETag, else None
    header_digest: str


def open_regular(path: Path):
    """Open a file for reading without following a symlink put in its place since the scan (O_NOFOLLOW)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is no longer a regular file")
    return os.fdopen(fd, "rb")


def _digest_file(path: Path) -> tuple[int, str]:
    md5, size = hashlib.md5(), 0
    with open_regular(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            md5.update(block)
            size += len(block)
    return size, md5.hexdigest()


def refuse_links(root: Path) -> None:
    """Symlinks and special files in the output are never followed or read: a link could publish any file of the
    machine (``images/passwd -> /etc/passwd``), a FIFO would hang the scan. The output folder itself may be a link."""
    bad = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            mode = path.lstat().st_mode
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(mode):
                bad.append(f"{rel} (symbolic link to {os.readlink(path)})")
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                bad.append(f"{rel} (not a regular file)")
    if bad:
        shown = "; ".join(bad[:10]) + (f"; and {len(bad) - 10} more" if len(bad) > 10 else "")
        raise PublishError(f"refusing to publish {root}: it contains {len(bad)} symbolic link(s) or special file(s), "
                         f"which are never followed or uploaded: {shown}")


def scan_local(root: Path, settings) -> dict[str, LocalFile]:
    rules = settings.rules
    hdr.check_rules(rules)
    refuse_links(root)
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel in (settings.manifest_key, settings.lock_key) or matches_any(settings.exclude, rel):
                continue
            headers, gz = hdr.resolve(rel, path, rules, settings.gzip)
            if gz:
                with open_regular(path) as fh:
                    data = hdr.gzip_bytes(fh.read())
                size, md5 = len(data), hashlib.md5(data).hexdigest()
            else:
                size, md5 = _digest_file(path)
            stage = stage_of(rel, headers.content_type, headers.cache_control, settings.listing_globs,
                             settings.asset_globs)
            key = settings.prefix + rel
            files[key] = LocalFile(key, rel, path, size, md5, headers, gz, stage)
    return files


def scan_remote(client, settings) -> dict[str, RemoteObject]:
    """All objects under the prefix (paginated), except the manifest, folder markers and excluded names."""
    objects = {}
    manifest, lock = settings.prefix + settings.manifest_key, settings.prefix + settings.lock_key
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=settings.bucket, Prefix=settings.prefix)
    for page in pages:
        for item in page.get("Contents", []):
            key = item["Key"]
            rel = key[len(settings.prefix):]
            if key in (manifest, lock) or key.endswith("/") or matches_any(settings.exclude, rel):
                continue
            objects[key] = RemoteObject(key, item["ETag"].strip('"'), item["Size"])
    return objects


def head(client, bucket: str, key: str) -> HeadInfo:
    response = client.head_object(Bucket=bucket, Key=key)
    etag = response["ETag"].strip('"')
    md5 = response.get("Metadata", {}).get(MD5_META) or (None if "-" in etag else etag)
    headers = hdr.Headers(response.get("ContentType") or "", response.get("CacheControl"),
                          response.get("ContentEncoding"))
    return HeadInfo(md5, headers.digest)
