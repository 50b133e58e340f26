"""The search bundle, made in a process of its own: on the second core and outside the build's memory.

Reads the written content pages, takes each page's record from the cache (keyed by the page's path and bytes)
or extracts it, splits the records into parts (``Bundler.run``) and compares each part's records with those of
its cached bundle: equal records reuse that bundle, and only otherwise does Pagefind index the part. Bundles are
made in the cache and copied into the output when whole.

Cache (``CACHE_PATH/search``; anything unreadable, damaged or from other code is rebuilt, never trusted):
``records-<config>/<key>.json`` one record per page, ``bundle-<digest>/`` one bundle per part and
``bundle-<digest>.json`` the SHA-256 of each of its files.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import sys
import threading
from importlib import metadata
from pathlib import Path

from content_model.lifeline import end_with_parent

from .records import BODY_MARK, Extractor
from .service import PagefindError, PagefindService

TEXT_KEYS = ("url", "content")
PART_PREFIX = "teil-"  # pagefind/teil-1/ … : the parts after the first
PARTS_FILE = "parts.json"  # the names of those folders, for the search page
INDEX_FILES = ("index", "fragment", "filter")  # what a merged part needs besides its entry and meta files
AHEAD_PAGES = 20  # pages written anew beyond which the worker stops indexing ahead (a large change, a full build)


class StaleRecord(PagefindError):
    """A cached record file does not hold the bytes the run took it for."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version() -> str:
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _link_or_copy(source: str, target: str) -> None:
    """A bundle file into the output: a hard link where the file system allows (a cached bundle is only ever
    replaced by a rename, never written into; an unchanged part is then the same file in the previous output, and
    the build's mtime pass need not compare its bytes), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def split(entries: list, part_pages: int, since: str = "") -> list[list]:
    """The entries (sorted by URL) in parts (at least one). Pages published on or after ``since`` (an ISO date;
    empty: none) form the first part: editors mostly change recent pages, and Pagefind indexes a small part anew
    in a fraction of a large one's time. The others go into ``ceil(n / part_pages)`` parts, each entry's part
    chosen by a hash of its URL: an edit or a new page changes one part, until the number of parts changes."""
    recent = [entry for entry in entries if since and entry[4] >= since]
    older = [entry for entry in entries if not (since and entry[4] >= since)]
    parts: list[list] = [[] for _ in range(-(-len(older) // part_pages))]
    for entry in older:
        parts[int(_sha(entry[0].encode())[:8], 16) % len(parts)].append(entry)
    return [recent, *parts] if recent else parts or [[]]


def _not_index_files(folder: str, names: list[str]) -> set[str]:
    """For ``copytree``: a merged part needs only its index files (the primary has the scripts and the WASM)."""
    if os.path.basename(folder) in INDEX_FILES:
        return set()
    return {name for name in names if name not in INDEX_FILES and name != "pagefind-entry.json"
            and not name.endswith(".pf_meta")}


def _canonical(record: dict) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False).encode()


RECORD_HEAD, RECORD_MIDDLE = b'{"sha256": "', b'", "record": '  # a stored record: head, checksum, middle, record, "}"
RECORD_START = len(RECORD_HEAD) + 64 + len(RECORD_MIDDLE)


def _stored_record(canonical: bytes, checksum: str) -> bytes:
    return RECORD_HEAD + checksum.encode() + RECORD_MIDDLE + canonical + b"}"


def _load_record(path: Path) -> tuple[dict, str, bytes] | None:
    """A cached record, its checksum and the file's bytes, or None if it is missing or not exactly what was
    stored (the checksum is of the record's canonical JSON, which the file holds byte for byte)."""
    try:
        data = path.read_bytes()
        checksum = data[len(RECORD_HEAD):len(RECORD_HEAD) + 64].decode("ascii")
        canonical = data[RECORD_START:-1]
        if (not data.startswith(RECORD_HEAD) or data[len(RECORD_HEAD) + 64:RECORD_START] != RECORD_MIDDLE
                or not data.endswith(b"}") or _sha(canonical) != checksum):
            return None
        record = json.loads(canonical)
        if (all(isinstance(record.get(key), str) for key in TEXT_KEYS) and isinstance(record.get("meta"), dict)
                and isinstance(record.get("published", ""), str)):
            return record, checksum, data
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class Bundler:
    def __init__(self, job: dict):
        self.output, self.cache, self.bundle = Path(job["output"]), Path(job["cache"]), job["bundle"]
        self.language, self.config = job["language"], {"force_language": job["language"]}
        self.part_pages = max(1, int(job["part_pages"]))
        self.since = str(job.get("recent_since") or "")  # pages published since then form a part of their own
        self.extractor = Extractor(job["exclude"])
        code = (Path(__file__).parent / "records.py").read_bytes()
        setup = json.dumps([job["exclude"], job["language"], _version()]).encode()
        self.records_dir = self.cache / f"records-{_sha(code + setup)[:16]}"
        # Indexing ahead (``ahead``): the last build's parts, where each URL was, pages seen, bundles made.
        self.previous: list[list] | None = None
        self.previous_place: dict[str, tuple[int, int]] = {}
        self.fresh, self.made_ahead = 0, set()
        # page → [inode, size, time (, its record's url, checksum, file, digest, date)]
        self.stamps: dict[str, list] = {}
        self.seen: dict[str, list] = {}  # the same, as this run found the pages

    def run(self) -> dict:
        """Put the bundle into the output; return ``{"pages": n, "parts": k, "indexed": parts Pagefind indexed
        for this build, "ahead": how many of them while the build still wrote pages}``.

        The pages published in the last ``RECENT_DAYS`` before the build date form a part (most edits are to them);
        the others are split into ``k = ceil(n / part_pages)`` parts by a hash of their URL. Each part is a Pagefind
        index of its own, made in a Pagefind process of its own (its memory is one part's) and cached by its
        records: an edit re-indexes the one part holding the page. The first part is the primary bundle
        (``pagefind/``, with the UI); the others go to ``pagefind/teil-<i>/`` (index files only) and are listed in
        ``pagefind/parts.json``, which the search page merges (Pagefind's ``mergeIndex``)."""
        self.records_dir.mkdir(parents=True, exist_ok=True)
        try:
            return self._run(self.records(trust=True))
        except StaleRecord:  # a record file trusted by its page's stamp is not what was stored: read every page
            return self._run(self.records(trust=False))

    def _run(self, entries: list) -> dict:
        parts = split(entries, self.part_pages, self.since)
        bundles, indexed, ahead = [], 0, 0
        for part in parts:
            bundle = self.cache / f"bundle-{self._part_digest(part)}"
            if not self._intact(bundle):
                self._index(part, bundle)
                indexed += 1
            elif bundle in self.made_ahead:
                indexed, ahead = indexed + 1, ahead + 1
            bundles.append(bundle)
        target = self.output / self.bundle
        if not self.output.is_dir():  # the build died and the next one retired its staging folder
            raise PagefindError(f"der Ausgabeordner fehlt: {self.output}")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(bundles[0], target, copy_function=_link_or_copy)
        names = []
        for number, bundle in enumerate(bundles[1:], start=1):
            names.append(f"{PART_PREFIX}{number}")
            shutil.copytree(bundle, target / names[-1], ignore=_not_index_files, copy_function=_link_or_copy)
        (target / PARTS_FILE).write_text(json.dumps(names) + "\n", encoding="utf-8")
        self._save_parts(parts)
        self._prune(bundles)
        return {"pages": len(entries), "parts": len(parts), "indexed": indexed, "ahead": ahead}

    def records(self, trust: bool = True) -> list[tuple[str, str, Path, str, str]]:
        """``[(url, checksum, file, digest of the file, publication date)]``, one record per marked page, sorted by
        URL; a record is extracted only where the cache has none for the page's path and bytes. A page that is the
        very file the last run saw (same inode, size and time: a page the build took from the previous output as a
        hard link) is not read again (with ``trust``). (Records stay on disk: at 5,000 pages they are 50 MB of text.)"""
        result, used, seen = [], set(), {}
        mark = BODY_MARK.encode()
        for folder, subfolders, names in os.walk(self.output):
            if folder == str(self.output):
                subfolders[:] = [name for name in subfolders if name != self.bundle]  # never our own bundle
            for name in names:
                if not name.endswith(".html"):
                    continue
                path = os.path.join(folder, name)
                relative = Path(path).relative_to(self.output).as_posix()
                stat = os.stat(path)
                stamp = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
                known = self.stamps.get(relative) if trust else None
                if known is not None and known[:3] == stamp and (len(known) == 3 or
                                                                 (self.records_dir / known[5]).is_file()):
                    seen[relative] = known
                    if len(known) == 8:
                        used.add(known[5])
                        result.append((known[3], known[4], self.records_dir / known[5], known[6], known[7]))
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
                entry = self._entry(relative, data) if mark in data else None
                if entry is None:
                    seen[relative] = stamp
                    continue
                seen[relative] = [*stamp, entry[0], entry[1], entry[2].name, entry[3], entry[4]]
                used.add(entry[2].name)
                result.append(entry)
        for stale in set(os.listdir(self.records_dir)) - used:
            (self.records_dir / stale).unlink(missing_ok=True)
        self.seen = seen
        return sorted(result)

    def _entry(self, relative: str, data: bytes) -> tuple[str, str, Path, str, str] | None:
        """``(url, checksum, file, digest of the file, publication date)`` of one page's record (from the cache,
        else extracted and stored), or None for a page without the index mark."""
        key = _sha(relative.encode() + b"\0" + data)
        stored = self.records_dir / f"{key}.json"
        loaded = _load_record(stored)
        if loaded is None:
            record = self.extractor.record(relative, data)
            if record is None:
                return None
            canonical = _canonical(record)
            checksum = _sha(canonical)
            data = _stored_record(canonical, checksum)
            _write_atomic(stored, data)
            loaded = record, checksum, data
        return loaded[0]["url"], loaded[1], stored, _sha(loaded[2]), loaded[0].get("published", "")

    def _part_digest(self, part: list) -> str:
        """A part's bundle depends on its records alone (not on its place: parts may move when one is added)."""
        return _sha(json.dumps([self.config, _version(), [entry[:2] for entry in part]]).encode())[:20]

    def _manifest_path(self) -> Path:
        return self.cache / f"parts-{self.records_dir.name}.json"

    def _save_parts(self, parts: list[list]) -> None:
        """The entries of each part, for the next build's early indexing (``ahead``)."""
        data = [[[url, checksum, stored.name, digest, published] for url, checksum, stored, digest, published in part]
                for part in parts]
        _write_atomic(self._manifest_path(), json.dumps({"parts": data, "pages": self.seen}).encode())

    def ahead(self, relatives: list[str]) -> bool:
        """Pages written anew while the build still writes others: predict their part from the parts the last
        build made and index it now, before the build asks for the bundle. Only a cache is filled (a bundle is
        used only when its part's records are exactly those of the final split), so a wrong guess costs time,
        never correctness. False: stop guessing (pages that were not there before, or too many pages)."""
        self.fresh += len(relatives)
        if self.fresh > AHEAD_PAGES or self.previous is None:
            return False
        touched = set()
        for relative in relatives:
            data = (self.output / relative).read_bytes()
            entry = self._entry(relative, data)
            if entry is None:
                continue
            where = self.previous_place.get(entry[0])
            if where is None:
                return False  # a new page: the number of parts may change
            number, index = where
            self.previous[number][index] = entry
            touched.add(number)
        for number in sorted(touched):
            part = self.previous[number]
            bundle = self.cache / f"bundle-{self._part_digest(part)}"
            if not self._intact(bundle):
                self._index(part, bundle)
                self.made_ahead.add(bundle)
        return True

    def load_previous(self) -> None:
        """The parts of the last build (entries whose record files still hold the bytes checked then)."""
        self.previous, self.previous_place, self.stamps = None, {}, {}
        try:
            data = json.loads(self._manifest_path().read_bytes())
            parts = [[(url, checksum, self.records_dir / name, digest, published)
                      for url, checksum, name, digest, published in part] for part in data["parts"]]
            stamps = {str(page): list(stamp) for page, stamp in data["pages"].items()
                      if isinstance(stamp, list) and len(stamp) in (3, 8)}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return
        self.stamps = stamps
        self.previous = parts
        self.previous_place = {entry[0]: (number, index) for number, part in enumerate(parts)
                               for index, entry in enumerate(part)}

    @staticmethod
    def _stream(entries):
        """The records, read again one at a time: each file must still have the bytes checked before."""
        for _url, _checksum, path, file_digest, _published in entries:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            if _sha(data) != file_digest:
                raise StaleRecord(f"der Cache wurde während des Builds verändert: {path}")
            yield json.loads(data)["record"]

    def _index(self, entries: list, bundle: Path) -> None:
        with PagefindService() as service:
            index = service.new_index(self.config)
            service.add_records(index, self._stream(entries), len(entries), self.language)
            files = service.files(index)
        building = bundle.with_name(f"{bundle.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        for name, data in files.items():
            target = (building / name).resolve()
            if not target.is_relative_to(building.resolve()):
                raise PagefindError(f"Pagefind wollte außerhalb des Suchindex schreiben: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        manifest = {Path(name).as_posix(): _sha(data) for name, data in files.items()}
        shutil.rmtree(bundle, ignore_errors=True)
        try:
            os.replace(building, bundle)
        except OSError:  # another build put the same bundle there meanwhile
            shutil.rmtree(building, ignore_errors=True)
            if self._intact(bundle):
                return
            raise
        _write_atomic(bundle.with_name(f"{bundle.name}.json"), json.dumps(manifest, sort_keys=True).encode())

    @staticmethod
    def _intact(bundle: Path) -> bool:
        """The cached bundle exists with exactly the files and bytes its manifest names."""
        try:
            manifest = json.loads(bundle.with_name(f"{bundle.name}.json").read_bytes())
            present = {path.relative_to(bundle).as_posix() for path in bundle.rglob("*") if path.is_file()}
            return (isinstance(manifest, dict) and bool(manifest) and present == set(manifest)
                    and all(_sha((bundle / name).read_bytes()) == digest for name, digest in manifest.items()))
        except (OSError, ValueError):
            return False

    def _prune(self, keep: list[Path]) -> None:
        kept = {name for bundle in keep for name in (bundle.name, f"{bundle.name}.json")}
        for path in self.cache.iterdir():
            if path.name.startswith("bundle-") and path.name not in kept:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            elif path.name.startswith("records-") and path != self.records_dir:
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith("parts-") and path != self._manifest_path():
                path.unlink(missing_ok=True)


def _messages(stream, inbox: queue.Queue) -> None:
    for line in stream:
        try:
            inbox.put(json.loads(line))
        except ValueError:
            continue
    inbox.put(None)  # the build closed the pipe


def serve(job: dict) -> int:
    """Runs beside a build from its start (indexer.IndexRun). Reads messages, one JSON object per line, from
    stdin: ``{"page": relative path}`` for a content page written anew (indexed ahead, ``Bundler.ahead``) and
    ``{"go": true}`` once all content pages are written: then the bundle is made and what was done printed as
    JSON. The pipe closed without ``go`` means the build ended early: nothing is done."""
    end_with_parent(job.get("parent"))  # never write into a staging folder the next build has retired
    bundler = Bundler(job)
    bundler.records_dir.mkdir(parents=True, exist_ok=True)
    bundler.load_previous()
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_messages, args=(sys.stdin, inbox), daemon=True).start()
    guessing = True
    while True:
        message = inbox.get()
        if message is None:
            return 0
        if message.get("go"):
            print(json.dumps(bundler.run()))
            return 0
        pages = [message["page"]]
        while not inbox.empty():  # pages written together are indexed together
            following = inbox.queue[0]
            if following is None or following.get("go"):
                break
            pages.append(inbox.get()["page"])
        if guessing:
            try:
                guessing = bundler.ahead(pages)
            except (PagefindError, OSError, ValueError, KeyError, TypeError):
                guessing = False  # only a guess: the real run decides


def main(argv: list[str]) -> int:
    """``worker '<job as JSON>'``: exit 0 with the bundle in place and what was done as JSON on stdout (or
    nothing, if the build ended without asking), or 1 with the reason (German) on stderr."""
    try:
        return serve(json.loads(argv[1]))
    except (PagefindError, OSError, ValueError) as exc:
        print(f"Suchindex: {exc}", file=sys.stderr)
        return 1
