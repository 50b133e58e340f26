"""Writes one ``.ics`` per event (next to its page) and the subscribable calendar of all events."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from pelican.generators import Generator

from content_model.settings import plugin_settings

from . import ics
from .settings import DEFAULTS

log = logging.getLogger(__name__)


def calendar_settings(settings: dict) -> dict:
    return plugin_settings(settings, "CALENDAR_", DEFAULTS)


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def webcal(url: str) -> str:
    """``https://host/x.ics`` → ``webcal://host/x.ics`` (calendar programs subscribe instead of importing)."""
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url


def events_of(context: dict) -> list:
    articles = [a for a in context.get("articles", []) if getattr(a, "kind", None) == "event"
                and getattr(a, "event", None)]
    return sorted(articles, key=lambda a: (ics._day(a.event.start), a.uid))


class CalendarGenerator(Generator):
    def generate_context(self):
        options = calendar_settings(self.settings)
        siteurl = self.settings["SITEURL"]
        for article in events_of(self.context):
            save_as = article.save_as.replace("\\", "/")
            if posixpath.basename(save_as) == "index.html":
                article.calendar_url = posixpath.join(posixpath.dirname(save_as), options["EVENT_FILE"])
            else:
                article.calendar_url = posixpath.splitext(save_as)[0] + ".ics"
            article.calendar_absolute_url = absolute(siteurl, article.calendar_url)
        if options["SAVE_AS"]:
            self.context["calendar_url"] = options["SAVE_AS"]
            self.context["calendar_absolute_url"] = absolute(siteurl, options["SAVE_AS"])
            self.context["calendar_webcal_url"] = webcal(absolute(siteurl, options["SAVE_AS"]))

    def generate_output(self, writer):
        options = calendar_settings(self.settings)
        site = {"site": self.settings["SITENAME"],
                "organisation": self.settings.get("SITE_ORGANISATION") or self.settings["SITENAME"]}
        output = Path(self.output_path)
        everything = []
        for article in events_of(self.context):
            url = absolute(self.settings["SITEURL"], article.url)
            components = ics.event_components(article, url, options["PROGRAMME_ITEMS"])
            own = ics.calendar(components, prodid=options["PRODID"], name=article.title)
            self._write(output / article.calendar_url, own)
            if article.event_type == "report" and (not options["INCLUDE_REPORTS"]
                                                   or getattr(article, "announcement", None)):
                continue  # the announcement stands for the event
            everything.extend(components)  # the same entries: a component may sit in two calendars
        if options["SAVE_AS"]:
            cal = ics.calendar(everything, prodid=options["PRODID"], name=options["NAME"].format(**site),
                               description=options["DESCRIPTION"].format(**site),
                               refresh=options["REFRESH_INTERVAL"])
            self._write(output / options["SAVE_AS"], cal)

    @staticmethod
    def _write(path: Path, cal) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(cal.to_ical())
        log.info("Kalender %s geschrieben", path)
