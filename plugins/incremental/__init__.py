"""Incremental rebuilds: article pages whose inputs are unchanged are linked from the previous output, listing
pages (topics, rubrics, authors, home, archives) whose inputs are unchanged take their text from there, and other
generators may offer files under their own keys (``ReusingWriter.reuse_file``: feeds/reuse.py).

The build (content_model/build.py) passes the previous output and the state of the build that wrote it; a page is
rendered whenever anything it depends on may have changed (keys.py for article pages, listings.py for the rest).
Full builds render everything.
"""

import logging

from pelican import signals

from .writer import INSTANCES, STATE_NAME, ReusingWriter


log = logging.getLogger(__name__)
LAST_BUILD = {"reused": 0, "listings": 0, "files": 0}  # pages, listing pages and other files (feeds) reused


def get_writer(pelican):
    return ReusingWriter


class HeldListings:
    """A generator that only writes the listing pages the writer held back. Pelican runs plugin generators after
    the pages generator (whose end starts the search worker) and before ``finalized``, so the listings are rendered
    while the worker indexes, and are all written before anything reads the finished output."""

    def __init__(self, *args, **kwargs):
        pass

    def generate_output(self, writer) -> None:
        if isinstance(writer, ReusingWriter):
            writer.write_held()


def get_generators(pelican):
    return HeldListings


def finalized(pelican) -> None:
    """Write the page keys of this build into its output (the build moves the file out before publishing)."""
    for writer in [w for w in INSTANCES if w.output_path == pelican.output_path]:
        if writer.held:  # HeldListings did not run: say so rather than publish a site without its listings
            log.error("%d Übersichtsseiten wurden nicht geschrieben (das Plugin incremental braucht seinen "
                      "Generator HeldListings)", len(writer.held))
        writer.save_state()
        INSTANCES.remove(writer)
        LAST_BUILD.update(reused=writer.reused, listings=writer.reused_listings, files=writer.reused_files)
        log.info("%d unveränderte Seiten, %d Übersichtsseiten und %d weitere Dateien aus der vorigen Ausgabe "
                 "übernommen", writer.reused, writer.reused_listings, writer.reused_files)


def register():
    signals.get_writer.connect(get_writer)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)


__all__ = ["STATE_NAME", "register"]
