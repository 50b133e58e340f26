"""The plan and its inputs as pure data: reasons, HEAD selection, ordering, headers, settings, CDN paths."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from delivery.publish import cdn, order
from delivery.publish.globs import matches
from delivery.publish.headers import Headers, gzip_bytes, resolve
from delivery.publish.manifest import Entry, dump, parse
from delivery.publish.plan import Reason, make_plan, needs_head
from delivery.publish.scan import HeadInfo, LocalFile, RemoteObject
from delivery.publish.settings import DEFAULT_HEADER_RULES, IMMUTABLE, SHORT, load_settings

HTML = Headers("text/html; charset=utf-8", SHORT, None)


def lf(key, md5="a" * 32, size=10, headers=HTML, stage=order.PAGES):
    return LocalFile(key, key, Path("/nonexistent") / key, size, md5, headers, False, stage)


def entry(remote, local):
    return Entry(remote.etag, remote.size, local.md5, local.headers.digest)


def reasons(plan):
    return {a.key: a.reason for a in plan.uploads + plan.deletes + plan.unchanged}


def test_reasons_for_each_case():
    local = {k: lf(k) for k in ("new.html", "same.html", "edited.html", "resized.html", "headers.html",
                                "multi.html", "multi-nohash.html")}
    remote = {
        "same.html": RemoteObject("same.html", "a" * 32, 10),
        "edited.html": RemoteObject("edited.html", "b" * 32, 10),
        "resized.html": RemoteObject("resized.html", "a" * 32, 11),
        "headers.html": RemoteObject("headers.html", "a" * 32, 10),
        "multi.html": RemoteObject("multi.html", "c" * 32 + "-2", 10),
        "multi-nohash.html": RemoteObject("multi-nohash.html", "d" * 32 + "-2", 10),
        "gone.html": RemoteObject("gone.html", "e" * 32, 5),
    }
    manifest = {"same.html": entry(remote["same.html"], local["same.html"]),
                "headers.html": Entry("a" * 32, 10, "a" * 32, Headers("text/html", None, None).digest)}
    heads = {"multi.html": HeadInfo("a" * 32, HTML.digest), "multi-nohash.html": HeadInfo(None, HTML.digest)}
    assert reasons(make_plan(local, remote, manifest, heads)) == {
        "new.html": Reason.NEW, "same.html": Reason.UNCHANGED, "edited.html": Reason.CONTENT,
        "resized.html": Reason.CONTENT, "headers.html": Reason.HEADERS, "multi.html": Reason.UNCHANGED,
        "multi-nohash.html": Reason.HASH_MISSING, "gone.html": Reason.STALE}


def test_head_only_where_listing_and_manifest_cannot_decide():
    local = {k: lf(k) for k in ("trusted", "stale-entry", "etag-equal", "etag-differs", "multipart", "resized",
                                "new")}
    remote = {"trusted": RemoteObject("trusted", "a" * 32, 10),
              "stale-entry": RemoteObject("stale-entry", "a" * 32, 10),
              "etag-equal": RemoteObject("etag-equal", "a" * 32, 10),
              "etag-differs": RemoteObject("etag-differs", "f" * 32, 10),
              "multipart": RemoteObject("multipart", "f" * 32 + "-3", 10),
              "resized": RemoteObject("resized", "f" * 32 + "-3", 99)}
    manifest = {"trusted": entry(remote["trusted"], local["trusted"]),
                "stale-entry": Entry("0" * 32, 10, "a" * 32, HTML.digest)}  # ETag no longer matches
    assert needs_head(local, remote, manifest) == ["etag-equal", "multipart", "stale-entry"]
    assert needs_head(local, remote, manifest, trust_manifest=False) == [
        "etag-equal", "multipart", "stale-entry", "trusted"]
    plan = make_plan(local, remote, manifest, {})  # without the HEAD answers it errs on uploading
    assert reasons(plan)["etag-equal"] is Reason.HEADERS and reasons(plan)["etag-differs"] is Reason.CONTENT


def test_a_manifest_entry_that_no_longer_matches_is_not_trusted():
    local = {"a.html": lf("a.html", md5="1" * 32)}
    remote = {"a.html": RemoteObject("a.html", "2" * 32, 10)}  # replaced since the manifest was written
    manifest = {"a.html": Entry("9" * 32, 10, "1" * 32, HTML.digest)}
    assert reasons(make_plan(local, remote, manifest))["a.html"] is Reason.CONTENT


def test_plan_order_assets_pages_listings_feeds_sitemap_home():
    keys = {"index.html": order.HOME, "sitemap.xml": order.SITEMAP, "feeds/all.atom.xml": order.FEEDS,
            "tag/a.html": order.LISTINGS, "b.html": order.PAGES, "img/x.png": order.ASSETS,
            "css/site.0123abcd.css": order.HASHED_ASSETS, "a.html": order.PAGES}
    local = {k: lf(k, stage=s) for k, s in keys.items()}
    plan = make_plan(local, {"old.html": RemoteObject("old.html", "1" * 32, 1)})
    assert [a.key for a in plan.uploads] == ["css/site.0123abcd.css", "img/x.png", "a.html", "b.html",
                                             "tag/a.html", "feeds/all.atom.xml", "sitemap.xml", "index.html"]
    assert [[a.key for a in s] for s in plan.stages()][2] == ["a.html", "b.html"]
    assert [a.key for a in plan.deletes] == ["old.html"]


@pytest.mark.parametrize("rel, content_type, cache, stage", [
    ("index.html", "text/html", SHORT, order.HOME),
    ("blog/index.html", "text/html", SHORT, order.LISTINGS),
    ("interviews/ein-gespraech/index.html", "text/html", SHORT, order.PAGES),
    ("themen/netze/index.html", "text/html", SHORT, order.LISTINGS),
    ("archiv/seite/2/index.html", "text/html", SHORT, order.LISTINGS),
    ("veranstaltungen/forum/termin.ics", "text/calendar", SHORT, order.ASSETS),
    ("veranstaltungen/kalender.ics", "text/calendar", SHORT, order.FEEDS),
    ("index3.html", "text/html", SHORT, order.LISTINGS),
    ("tag/strom.html", "text/html", SHORT, order.LISTINGS),
    ("interviews/page/2/index.html", "text/html", SHORT, order.LISTINGS),
    ("feeds/all.rss.xml", "application/rss+xml", SHORT, order.FEEDS),
    ("termine.ics", "text/calendar", SHORT, order.FEEDS),
    ("sitemap.xml", "application/xml", SHORT, order.SITEMAP),
    ("robots.txt", "text/plain", SHORT, order.SITEMAP),
    ("pagefind/fragment/de_1.pf_fragment", "application/octet-stream", IMMUTABLE, order.HASHED_ASSETS),
    ("pagefind/pagefind-entry.json", "application/json", SHORT, order.ASSETS),
])
def test_stage_of(rel, content_type, cache, stage):
    s = load_settings({}, {})
    assert order.stage_of(rel, content_type, cache, s.listing_globs, s.asset_globs) == stage


@pytest.mark.parametrize("rel, fingerprinted", [
    ("theme/css/site.3fa2b1c9.css", True), ("app.1a2b3c4d5e6f.js", True), ("logo.deadbeef.svg", True),
    ("site.css", False), ("jquery.3.6.0.js", False), ("site.3fa2b1c.css", False), ("site.3FA2B1C9X.css", False),
    ("pagefind/index/de_9f8e.pf_index", True), ("pagefind/pagefind.js", False),
])
def test_fingerprinted_files_are_immutable(rel, fingerprinted):
    headers, _ = resolve(rel, Path(rel), DEFAULT_HEADER_RULES, False)
    assert (headers.cache_control == IMMUTABLE) is fingerprinted


def test_rules_first_match_per_header_and_user_rules_first(tmp_path):
    feed = tmp_path / "news.xml"
    feed.write_bytes(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    rules = load_settings({"PUBLISH_HEADER_RULES": [("*.css", {"Cache-Control": "no-cache"}),
                                                    ("docs/**", {"gzip": False})]}, {}).rules
    assert resolve("a/site.3fa2b1c9.css", Path("x"), rules, True) == (
        Headers("text/css; charset=utf-8", "no-cache", "gzip"), True)
    assert resolve("news.xml", feed, rules, False)[0].content_type == "application/atom+xml; charset=utf-8"
    assert resolve("docs/a.txt", Path("x"), rules, True) == (
        Headers("text/plain; charset=utf-8", "public, max-age=86400", None), False)
    assert resolve("bild.jpg", Path("x"), rules, True)[1] is False
    assert resolve("a.ics", Path("x"), rules, False)[0].content_type == "text/calendar; charset=utf-8"


def test_gzip_is_deterministic():
    data = b"<html>" + b"Netzbrief " * 500
    assert gzip_bytes(data) == gzip_bytes(data)
    assert gzip_bytes(data)[4:8] == b"\0\0\0\0"  # mtime 0, and no file name flag
    assert gzip_bytes(data)[3] & 0x08 == 0
    assert gzip.decompress(gzip_bytes(data)) == data


@pytest.mark.parametrize("pattern, path, hit", [
    ("*.html", "a/b/c.html", True), ("tag/*", "tag/a.html", True), ("tag/*", "tag/a/b.html", False),
    ("tag/**", "tag/a/b.html", True), ("**/page/**", "page/2/index.html", True),
    ("index[0-9]*.html", "index12.html", True), ("index[0-9]*.html", "index.html", False),
    ("[!a]*.css", "b.css", True), ("re:^x/\\d+$", "x/12", True), ("sitemap*.xml", "sub/sitemap.xml", True),
])
def test_glob_semantics(pattern, path, hit):
    assert matches(pattern, path) is hit


def test_settings_merge_defaults_pelican_and_environment():
    s = load_settings({"PUBLISH_BUCKET": "from-conf", "PUBLISH_PREFIX": "/site", "PUBLISH_WORKERS": 4},
                      {"NETZBRIEF_PUBLISH_BUCKET": "from-env", "NETZBRIEF_PUBLISH_GZIP": "yes",
                       "NETZBRIEF_PUBLISH_MAX_DELETES": "10", "NETZBRIEF_PUBLISH_PROFILE": "",
                       "NETZBRIEF_PUBLISH_HEADER_RULES": '[["*.txt", {"Cache-Control": "no-store"}]]'})
    assert (s.bucket, s.prefix, s.workers, s.gzip, s.max_deletes, s.profile) == (
        "from-env", "site/", 4, True, 10, None)
    assert s.header_rules == [["*.txt", {"Cache-Control": "no-store"}]]
    assert load_settings({}, {}, workers=2).workers == 2
    assert (load_settings({}, {}).max_deletes, load_settings({}, {}).prefix) == (256, "")


def test_manifest_round_trip_and_garbage():
    entries = {"a.html": Entry("1" * 32, 3, "1" * 32, "abcd")}
    assert parse(dump(entries)) == entries
    assert parse(b"not json") == {} and parse(b'{"version": 99, "objects": {}}') == {}


def test_cdn_paths_skip_new_immutable_files_and_fall_back_to_wildcard():
    imm = Headers("text/css", IMMUTABLE, None)
    local = {"site/a.html": lf("site/a.html"), "site/x.0123abcd.css": lf("site/x.0123abcd.css", headers=imm),
             "site/blog/index.html": lf("site/blog/index.html"), "site/neu.html": lf("site/neu.html")}
    remote = {"site/a.html": RemoteObject("site/a.html", "f" * 32, 10),
              "site/blog/index.html": RemoteObject("site/blog/index.html", "f" * 32, 10),
              "site/alt weg.html": RemoteObject("site/alt weg.html", "f" * 32, 10)}
    paths = cdn.changed_paths(make_plan(local, remote), local, "site/")
    assert paths == ["/a.html", "/alt%20weg.html", "/blog/", "/blog/index.html", "/neu.html"]
    assert cdn.invalidation_paths(paths, 5) == paths and cdn.invalidation_paths(paths, 4) == ["/*"]
    assert cdn.invalidate(None, None, paths, 5) is None  # no distribution: nothing to do, no client needed
