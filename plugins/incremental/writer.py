"""A Pelican writer that copies an unchanged article page from the previous output instead of rendering it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pelican.writers import Writer

from .keys import page_key, site_digest, template_digest

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
        self.site = site_digest(settings)
        self.keys: dict[str, str] = {}
        self.templates: dict[str, str] = {}  # template name → digest of it and all it uses
        self.reused = 0
        INSTANCES.append(self)

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        key = None
        if article is not None and name:
            key = page_key(article, self.site, template_digest(template.environment, template.name, self.templates))
        if key is not None:
            self.keys[name] = key
            if self.known.get(name) == key and self._copy_previous(name):
                self.reused += 1
                return None
        return super().write_file(name, template, context, *args, **kwargs)

    def _copy_previous(self, name: str) -> bool:
        source = os.path.join(self.previous, name)
        target = os.path.join(self.output_path, name)
        if not os.path.isfile(source) or os.path.exists(target):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)  # a copy, never a link: the previous output must stay untouched
        return True

    def save_state(self) -> None:
        path = Path(self.output_path) / STATE_NAME
        path.write_text(json.dumps(self.keys, sort_keys=True), encoding="utf-8")
