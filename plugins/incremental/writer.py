"""A Pelican writer that takes an unchanged article or listing page from the previous output (a hard link)
instead of rendering its template."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from stat import S_ISREG

from pelican.writers import Writer

from content_model.outputstamps import load_stamps

from .keys import page_key, site_digest
from .listings import ListingKeys, Unknown
from .templates import TemplateIndex

STATE_NAME = ".netzbrief-pages.json"  # written into the new output; the build moves it next to the cache
INSTANCES: list = []  # writers of builds still running (Pelican creates them from the class we hand it)


def load_state(path: str) -> dict[str, str]:
    """The page keys of the previous build; a missing or damaged file is no keys (every page is rendered)."""
    try:
        known = json.loads(Path(path).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {name: key for name, key in known.items() if isinstance(key, str)}


class ReusingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.previous = settings.get("INCREMENTAL_PREVIOUS_OUTPUT")
        state = settings.get("INCREMENTAL_STATE")
        self.known = load_state(state) if self.previous and state else {}
        self.stamps = load_stamps(state) if self.known else {}  # each previous file as its build left it
        self.site = site_digest(settings)
        self.keys: dict[str, str] = {}
        self.series: dict[int, tuple] = {}  # an event → its digest as its series' other pages name it (keys.py)
        self.templates = TemplateIndex(settings.get("CACHE_PATH"))
        self.reused = 0
        self.listings = ListingKeys(self.site)
        self.uses: dict[str, tuple] = {}  # template name → TemplateIndex.uses()
        self.reused_listings = 0
        self.reused_files = 0
        self.linked: set[str] = set()  # listing pages linked from the previous output; Pelican's write is skipped
        # Listing pages held back until the content pages are written (write_held): the search worker starts
        # once they are (site_search, page_writer_finalized) and indexes while the listings are rendered.
        self.held: list[tuple] | None = []
        # A writer of the same output left by a build that died before its end is dropped, never finalized.
        INSTANCES[:] = [writer for writer in INSTANCES if writer.output_path != self.output_path]
        INSTANCES.append(self)

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        key = None
        if article is not None and name:
            key = page_key(article, self.site, self.templates.digest(template.environment, template.name),
                           self.series)
        if key is not None and self._take_previous(name, key):
            self.reused += 1
            return None
        if article is None and kwargs.get("page") is None and name:
            if self.held is not None:
                # The context as it is now: later generators may add to the shared one before write_held.
                self.held.append((name, template, dict(context), args, kwargs))
                return None
            template = _Listing(self, template)
        return super().write_file(name, template, context, *args, **kwargs)

    def write_held(self) -> None:
        """Write the listing pages held back so far, in their order; from now on nothing is held."""
        held, self.held = self.held or [], None
        for name, template, context, args, kwargs in held:
            self.write_file(name, template, context, *args, **kwargs)

    def reuse_file(self, name: str, key: str) -> bool:
        """For a file another generator writes itself (feeds): record its key and, when the previous build wrote
        it under the same key, take it from there (True) instead of having it written."""
        if self._take_previous(name, key):
            self.reused_files += 1
            return True
        return False

    def _take_previous(self, name: str, key: str) -> bool:
        """Record ``key`` as the key of output file ``name``; True where the previous build wrote the file under
        the same key and it is now taken from there."""
        self.keys[name] = key
        return self.known.get(name) == key and self._copy_previous(name)

    def item_key(self, item) -> str | None:
        """An item's digest as listings count it, with its whole file (feeds show the whole text), and the site's
        settings (its topics' addresses); None where its text links to other content (listings.py)."""
        body, self.listings.body = self.listings.body, True
        try:
            return f"{self.site} {self.listings.item_digest(item)}"
        except Unknown:
            return None
        finally:
            self.listings.body = body

    def listing_key(self, name: str, context: dict, template) -> str | None:
        environment = template.environment
        if template.name not in self.uses:
            self.uses[template.name] = self.templates.uses(environment, template.name)
        used, counted, body = self.uses[template.name]
        templates = self.templates.digest(environment, template.name)
        return self.listings.key(name, context, environment, templates, used, counted, body)

    def _unchanged(self, source: str, name: str) -> bool:
        """The previous output's file is a plain file with the size and time its build left it with."""
        try:
            stat = os.stat(source, follow_symlinks=False)
        except (OSError, TypeError):
            return False
        return S_ISREG(stat.st_mode) and self.stamps.get(os.path.normpath(name)) == (stat.st_size, stat.st_mtime_ns)

    def link_listing(self, name: str) -> bool:
        """Take an unchanged listing page from the previous output; Pelican's write of it then goes nowhere."""
        if not self._copy_previous(name):
            return False
        self.linked.add(os.path.abspath(os.path.join(self.output_path, name)))
        return True

    def _copy_previous(self, name: str) -> bool:
        """Take the page from the previous output: a hard link where the file system allows (no bytes copied, and
        the mtime pass sees the same file), else a copy. Nothing writes into a linked file (``_open_w``)."""
        source = os.path.join(self.previous, name)
        target = os.path.join(self.output_path, name)
        if not self._unchanged(source, name) or os.path.exists(target):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        return True

    def _open_w(self, filename, encoding, override=False):
        """Pelican opens a page for writing in place; a file shared with the previous output is unlinked first,
        so writing it again can never change the previous output (which stays served until the swap). A listing
        page just linked from there (``link_listing``) is recorded as written and its (empty) text discarded."""
        path = os.path.abspath(filename)
        if path in self.linked:
            self.linked.discard(path)
            self._written_files.add(filename)
            return open(os.devnull, "w", encoding=encoding)
        try:
            if os.stat(filename, follow_symlinks=False).st_nlink > 1:
                os.unlink(filename)
        except FileNotFoundError:
            pass
        return super()._open_w(filename, encoding, override)

    def save_state(self) -> None:
        self.listings.keep()
        path = Path(self.output_path) / STATE_NAME
        path.write_text(json.dumps(self.keys, sort_keys=True), encoding="utf-8")
        self.templates.save()


class _Listing:
    """Stands in for a listing's template: Pelican asks it to render each page (pagination included) and writes
    the text; an unchanged page's text comes from the previous output."""

    def __init__(self, writer: ReusingWriter, template):
        self.writer, self.template = writer, template

    def render(self, context: dict) -> str:
        name, writer = context.get("output_file"), self.writer
        key = writer.listing_key(name, context, self.template) if name else None
        if key is not None:
            writer.keys[name] = key
            if writer.known.get(name) == key and writer.link_listing(name):
                writer.reused_listings += 1
                return ""  # written nowhere (ReusingWriter._open_w)
        return self.template.render(context)
