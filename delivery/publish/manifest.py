"""The publish manifest: what we know about each object we uploaded, so a no-change run needs no HEAD requests.

An entry maps a key to (ETag, size, content MD5, header digest) as of our upload or last check. It is used only
while the listing still shows the same ETag and size; a key without a usable entry falls back to the ETag and, where
that cannot tell, a HEAD request. Before uploading, the manifest is rewritten without the keys about to change, so
after a run killed midway no entry can describe an object that changed under it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from botocore.exceptions import ClientError

VERSION = 1


@dataclass(frozen=True)
class Entry:
    etag: str
    size: int
    md5: str
    header_digest: str

    def describes(self, remote) -> bool:
        return remote is not None and self.etag == remote.etag and self.size == remote.size


def parse(data: bytes) -> dict[str, Entry]:
    try:
        doc = json.loads(data)
        if doc.get("version") != VERSION:
            return {}
        return {key: Entry(str(e[0]), int(e[1]), str(e[2]), str(e[3])) for key, e in doc["objects"].items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def dump(entries: dict[str, Entry]) -> bytes:
    objects = {k: [e.etag, e.size, e.md5, e.header_digest] for k, e in sorted(entries.items())}
    return json.dumps({"version": VERSION, "objects": objects}, separators=(",", ":")).encode()


def load(client, bucket: str, key: str) -> dict[str, Entry]:
    """The stored manifest, or {} if there is none or it cannot be read as one."""
    try:
        response = client.get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
            return {}
        raise
    return parse(response["Body"].read())


def save(client, bucket: str, key: str, entries: dict[str, Entry]) -> None:
    client.put_object(Bucket=bucket, Key=key, Body=dump(entries), ContentType="application/json",
                      CacheControl="no-store")


def known(local, remote, unchanged, uploaded: dict[str, str]) -> dict[str, Entry]:
    """Entries for the local keys whose remote state is known: found unchanged, or uploaded (key -> new ETag).

    Written once before the uploads (``uploaded`` empty: keys about to change lose their entry, so a run killed
    midway leaves no entry that could be wrong) and once after them.
    """
    entries = {}
    for key in unchanged:
        lf = local[key]
        entries[key] = Entry(remote[key].etag, remote[key].size, lf.md5, lf.headers.digest)
    for key, etag in uploaded.items():
        lf = local[key]
        entries[key] = Entry(etag, lf.size, lf.md5, lf.headers.digest)
    return entries
