"""A Jinja bytecode cache on disk that never trusts what it reads.

Each entry is keyed by the template's name and file and by everything about the Jinja environment that shapes
the compiled code (delimiters, whitespace options, extensions, autoescaping for that template, filter and test
names, Jinja and Python versions); Jinja itself checks the template source's checksum. An entry is stored with
the SHA-256 of its bytes and written atomically; an entry that is missing, damaged or from elsewhere is compiled
again. Within one build, compiled code is shared in memory between the environments Pelican makes.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

DIGEST = 32  # bytes of SHA-256 in front of each entry


def environment_key(environment: jinja2.Environment, name: str) -> str:
    """What, besides the source, decides the compiled code of template ``name`` in ``environment``."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    finalize = environment.finalize
    parts = [jinja2.__version__, sys.version, environment.block_start_string, environment.block_end_string,
             environment.variable_start_string, environment.variable_end_string,
             environment.comment_start_string, environment.comment_end_string,
             environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
             environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
             environment.optimized, environment.is_async, bool(autoescape),
             getattr(finalize, "__qualname__", repr(finalize)) if finalize else None,
             sorted(environment.extensions), sorted(environment.filters), sorted(environment.tests)]
    return repr(parts)


class TemplateCache(BytecodeCache):
    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.memory: dict[str, bytes] = {}  # key → stored bytes, for the other environments of this build

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha256("\0".join([environment_key(environment, name), name, filename or ""])
                             .encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.memory.get(bucket.key)
        if data is None:
            try:
                stored = (self.directory / f"{bucket.key}.jinja").read_bytes()
            except OSError:
                return
            if hashlib.sha256(stored[DIGEST:]).digest() != stored[:DIGEST]:
                return  # damaged: compile again (and overwrite it)
            data = stored[DIGEST:]
        bucket.bytecode_from_string(data)  # resets the bucket if magic or source checksum differ
        if bucket.code is not None:
            self.memory[bucket.key] = data

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.memory[bucket.key] = data
        path = self.directory / f"{bucket.key}.jinja"
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(hashlib.sha256(data).digest() + data)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time

    def clear(self) -> None:
        self.memory.clear()
        for path in self.directory.glob("*.jinja"):
            path.unlink(missing_ok=True)
