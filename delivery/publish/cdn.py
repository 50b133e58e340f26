"""CloudFront invalidation of the paths a publish changed (a no-op without a distribution id).

Paths are relative to the publish prefix: the distribution's origin path is expected to point at the prefix.
Fingerprinted (immutable) files that are new need no invalidation: nobody can have cached them.
"""
from __future__ import annotations

import time
from urllib.parse import quote

from .plan import Reason


def changed_paths(plan, local, prefix: str) -> list[str]:
    paths = set()
    for action in plan.uploads + plan.deletes:
        lf = local.get(action.key)
        if action.reason is Reason.NEW and lf and "immutable" in (lf.headers.cache_control or ""):
            continue
        rel = action.key[len(prefix):]
        paths.add("/" + quote(rel, safe="/-_.~!$&'()*+,;=:@"))
        if rel == "index.html" or rel.endswith("/index.html"):
            paths.add("/" + quote(rel[: -len("index.html")], safe="/-_.~!$&'()*+,;=:@"))
    return sorted(paths)


def invalidation_paths(paths: list[str], max_paths: int) -> list[str]:
    """The paths, or the single wildcard ``/*`` when there are more than ``max_paths``."""
    return ["/*"] if len(paths) > max_paths else list(paths)


def invalidate(sess, distribution_id: str | None, paths: list[str], max_paths: int):
    """Create one invalidation; returns (its id, the paths sent), or None when there is nothing to do."""
    if not distribution_id or not paths:
        return None
    items = invalidation_paths(paths, max_paths)
    client = sess.create_client("cloudfront")
    response = client.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
        "Paths": {"Quantity": len(items), "Items": items},
        "CallerReference": f"netzbrief-{time.time_ns()}",
    })
    return response["Invalidation"]["Id"], items
