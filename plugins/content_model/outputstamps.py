"""Size and modification time of every file of the output as the build that wrote it left it.

A rebuild takes unchanged pages, listings, feeds and calendars from the previous output (plugins/incremental);
it takes a file only while the file still has the size and time recorded here, so a file changed in ``output/``
by hand or by a half-finished sync is made anew instead. Stored beside the page keys
(``CACHE_PATH/stamps-pages-<hash>.json``); missing or damaged, nothing is taken.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def stamps_path(state: str | Path) -> Path:
    state = Path(state)
    return state.with_name(f"stamps-{state.name}")


def write_stamps(state: Path, stamps: dict[str, list[int]]) -> None:
    path = stamps_path(state)
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(stamps), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        path.unlink(missing_ok=True)  # never stamps of another output


def load_stamps(state: str | Path) -> dict[str, tuple[int, int]]:
    try:
        stored = json.loads(stamps_path(state).read_bytes())
        return {name: (int(stamp[0]), int(stamp[1])) for name, stamp in stored.items()}
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return {}
