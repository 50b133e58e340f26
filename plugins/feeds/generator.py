"""The feeds generator: plans the feeds after the content is read, writes them and the "Abonnieren" page."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from content_model.settings import plugin_settings

from . import kept
from .index import FeedIndex, build_index, newsletter_feed
from .render import render
from .reuse import entries_key, feed_key
from .settings import DEFAULTS

log = logging.getLogger(__name__)


def feed_settings(settings: dict) -> dict:
    return plugin_settings(settings, "FEEDS_", DEFAULTS)


class FeedsGenerator(Generator):
    """Runs after Pelican's article and page generators (plugin generators come after the built-in ones)."""

    def generate_context(self):
        options = feed_settings(self.settings)
        index = build_index(self.context, self.settings, options)
        self.context["feeds"] = index
        if options["PAGE_SAVE_AS"]:
            self.context["feeds_page_url"] = options["PAGE_URL"]

    def generate_output(self, writer):
        """Everything is read and ``all_generators_finalized`` has run: newsletter issues are known now."""
        options = feed_settings(self.settings)
        index: FeedIndex = self.context["feeds"]
        extra = newsletter_feed(self.context.get("newsletter_issues"), self.settings, options)
        if extra and not index.get("newsletter"):
            index.all.append(extra)
        output = Path(self.output_path)
        kept.begin(self.settings)
        reuse = getattr(writer, "reuse_file", None)  # an incremental rebuild's writer (plugins/incremental)
        item_key = kept.recording(getattr(writer, "item_key", None), options["FULL_CONTENT"])
        for feed in index:
            entries = entries_key(feed, self.settings, options, item_key) if reuse is not None else None
            for fmt in feed.formats:
                name = feed.url(fmt)
                target = output / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if reuse is not None and reuse(name, feed_key(feed, fmt, self.settings, options, entries)):
                    log.info("Feed %s unverändert übernommen", target)
                    continue
                target.write_bytes(render(feed, fmt, self.settings, options))
                log.info("Feed %s geschrieben", target)
        kept.done()
        if options["PAGE_SAVE_AS"]:
            writer.write_file(options["PAGE_SAVE_AS"], self.get_template(options["PAGE_TEMPLATE"]), self.context,
                              relative_urls=self.settings.get("RELATIVE_URLS", False), url=options["PAGE_URL"],
                              page_name="feeds")
