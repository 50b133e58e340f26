"""The images of one build: which derivatives are needed, which the cache lacks, and making them on all cores."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from . import derivatives, encode
from .originals import Original, Originals
from .settings import DEFAULTS

log = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parents[2]  # the folder of pelicanconf.py: relative cache paths start here


def why(exc: Exception) -> str:
    """The editor's words for the usual decoder failure (Pillow says "image file is truncated" and the like)."""
    if isinstance(exc, (OSError, EOFError)) and "truncated" in str(exc).lower():
        return ("Die Datei ist unvollständig (Kopie oder Upload abgebrochen?) – bitte noch einmal aus dem Original "
                "kopieren oder exportieren.")
    return str(exc)


def anchored(value: str | os.PathLike) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT / path


class Store:
    def __init__(self, settings: dict, options: dict):
        self.settings, self.options = settings, options
        self.content = Path(settings["PATH"])
        self.cache = anchored(options["CACHE_PATH"] or DEFAULTS["CACHE_PATH"])
        self.originals = Originals(self.cache)
        # name → (original, spec); names, not digests: copies of one photo share digests but not names
        self.needed: dict[str, tuple[Original, derivatives.Spec]] = {}
        self.jobs: list[tuple[Original, list, Future | None]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.encoded = 0  # files encoded by this build
        self.placed = 0  # files put into the output
        self.output: Path | None = None  # set once finished: later requests are made at once

    def need(self, original: Original, spec: derivatives.Spec) -> derivatives.Spec:
        if spec.name not in self.needed:
            self.needed[spec.name] = (original, spec)
            if self.output is not None:  # asked for after the encoders finished (the newsletter's editorial)
                try:
                    for path, specs in self.missing({spec.name: (original, spec)}).items():
                        self.encoded += encode.make(path, specs, str(self.cache))
                except Exception as exc:  # noqa: BLE001 - as in finish(): name the file, fail the build
                    log.error("Bild content/%s lässt sich nicht verarbeiten: %s", original.relative, why(exc))
                    return spec
                self.place(spec)
                self.originals.save()
        return spec

    def missing(self, needed: dict | None = None) -> dict[str, list]:
        """Original path → specs whose file is not in the cache yet."""
        jobs: dict[str, list] = {}
        scheduled: set[str] = set()  # a cache file made once, even if copies of one photo ask for it
        for original, spec in (self.needed if needed is None else needed).values():
            if spec.cache_name not in scheduled and not (self.cache / spec.cache_name).is_file():
                scheduled.add(spec.cache_name)
                jobs.setdefault(original.path, []).append(
                    {"fmt": spec.fmt, "width": spec.width, "height": spec.height, "quality": spec.quality,
                     "box": spec.box, "cache_name": spec.cache_name, "source_width": original.width})
        return jobs

    def start(self) -> None:
        """Submit the missing derivatives, one job per original (decoded once), to one process per core."""
        jobs = self.missing()
        if not jobs:
            return
        workers = min(len(jobs), self.options["WORKERS"] or os.cpu_count() or 1)
        if workers > 1:  # spawn, not fork: the build may run threads (Pagefind, the preview server)
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        by_path = {original.path: original for original, _ in self.needed.values()}
        for path, specs in sorted(jobs.items(), key=lambda job: -os.path.getsize(job[0])):  # largest first
            future = self.pool.submit(encode.make, path, specs, str(self.cache)) if self.pool else None
            self.jobs.append((by_path[path], specs, future))

    def finish(self, output: Path) -> int:
        """Wait for the encoders, then put every needed derivative into the output; returns the error count."""
        errors = 0
        try:
            for original, specs, future in self.jobs:
                try:
                    self.encoded += future.result() if future else encode.make(original.path, specs, str(self.cache))
                except Exception as exc:  # noqa: BLE001 - any failure names the file for the editor
                    errors += 1
                    log.error("Bild content/%s lässt sich nicht verarbeiten: %s", original.relative, why(exc))
        finally:
            if self.pool:
                self.pool.shutdown()
        self.output = output
        for _original, spec in sorted(self.needed.values(), key=lambda item: item[1].name):
            self.place(spec)
        self.originals.save()
        return errors

    def place(self, spec: derivatives.Spec) -> None:
        source, target = self.cache / spec.cache_name, self.output / spec.name
        if not source.is_file() or target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # cache files are replaced, never changed in place
        except OSError:
            shutil.copyfile(source, target)
        self.placed += 1


_STORES: dict[int, tuple[dict, Store]] = {}  # id(settings) → (settings, the store of the build using them)


def open_store(settings: dict, options: dict) -> Store:
    _STORES[id(settings)] = (settings, Store(settings, options))
    return _STORES[id(settings)][1]


def store_of(settings: dict) -> Store | None:
    held = _STORES.get(id(settings))
    return held[1] if held and held[0] is settings else None


def close_store(settings: dict) -> None:
    _STORES.pop(id(settings), None)
