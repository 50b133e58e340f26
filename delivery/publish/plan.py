"""The plan: pure data computed from the local scan, the remote listing, the manifest and HEAD results.

What is known of a remote object, best first: a manifest entry that still matches the listing's ETag and size;
a HEAD (our MD5 metadata, or the ETag of a single-part object, and the real headers); the listing's ETag alone,
which tells content but not headers. HEAD is asked only where the cheaper sources cannot decide.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from itertools import groupby


class Reason(str, enum.Enum):
    NEW = "new"
    CONTENT = "content differs"
    HEADERS = "headers differ"
    HASH_MISSING = "remote hash missing"
    STALE = "stale"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Action:
    key: str
    reason: Reason
    stage: int = 0
    size: int = 0


@dataclass
class Plan:
    uploads: list[Action] = field(default_factory=list)  # in upload order
    deletes: list[Action] = field(default_factory=list)
    unchanged: list[Action] = field(default_factory=list)

    def stages(self) -> list[list[Action]]:
        return [list(g) for _, g in groupby(self.uploads, key=lambda a: a.stage)]

    @property
    def upload_bytes(self) -> int:
        return sum(a.size for a in self.uploads)

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletes


def _trusted(key, remote, manifest, trust):
    entry = manifest.get(key) if trust else None
    return entry if entry is not None and entry.describes(remote.get(key)) else None


def needs_head(local, remote, manifest, trust_manifest=True) -> list[str]:
    """Keys whose comparison needs a HEAD: no usable manifest entry, same size, and an ETag that either is not an
    MD5 (multipart) or equals the local MD5 (content equal, headers unknown)."""
    keys = []
    for key, lf in local.items():
        ro = remote.get(key)
        if ro is None or ro.size != lf.size or _trusted(key, remote, manifest, trust_manifest):
            continue
        if ro.multipart or ro.etag == lf.md5:
            keys.append(key)
    return sorted(keys)


def _remote_state(key, ro, manifest, heads, trust):
    entry = _trusted(key, {key: ro}, manifest, trust)
    if entry:
        return entry.md5, entry.header_digest
    if key in heads:
        return heads[key].md5, heads[key].header_digest
    return (None if ro.multipart else ro.etag), None


def _compare(lf, ro, manifest, heads, trust) -> Reason:
    if ro is None:
        return Reason.NEW
    if ro.size != lf.size:
        return Reason.CONTENT
    md5, header_digest = _remote_state(lf.key, ro, manifest, heads, trust)
    if md5 is None:
        return Reason.HASH_MISSING
    if md5 != lf.md5:
        return Reason.CONTENT
    if header_digest != lf.headers.digest:
        return Reason.HEADERS
    return Reason.UNCHANGED


def make_plan(local, remote, manifest=None, heads=None, trust_manifest=True) -> Plan:
    """``local``: key -> LocalFile; ``remote``: key -> RemoteObject; ``manifest``: key -> Entry; ``heads``: key ->
    HeadInfo for (at least) the keys from needs_head()."""
    manifest, heads, plan = manifest or {}, heads or {}, Plan()
    for key in sorted(local, key=lambda k: (local[k].stage, k)):
        lf = local[key]
        reason = _compare(lf, remote.get(key), manifest, heads, trust_manifest)
        target = plan.unchanged if reason is Reason.UNCHANGED else plan.uploads
        target.append(Action(key, reason, lf.stage, lf.size))
    stale = [ro for key, ro in remote.items() if key not in local]
    plan.deletes = [Action(ro.key, Reason.STALE, 0, ro.size) for ro in sorted(stale, key=lambda r: r.key)]
    return plan
