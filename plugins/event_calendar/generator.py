"""Writes one ``.ics`` per event (next to its page) and the subscribable calendar of all events.

In an incremental rebuild (plugins/incremental) each file is offered to the writer under a key first, and taken
from the previous output when the previous build wrote it under the same key. An event's file depends on the event
alone: its key names the event's source file (path and bytes: front matter, and the summary where it comes from the
body), its URLs, the build date (registration open or closed), the settings the calendar reads and the code (this
plugin's source, icalendar's version). The calendar of all events counts by the keys of the events it holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import posixpath
from pathlib import Path

from pelican.generators import Generator

from content_model.checkcache import file_digest
from content_model.codedigest import package_digest
from content_model.settings import build_date, plugin_settings

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
    return sorted(articles, key=lambda a: (_day(a.event.start), a.uid))


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
        reuse = getattr(writer, "reuse_file", None)  # an incremental rebuild's writer
        base = json.dumps([package_digest(Path(__file__).parent, "icalendar"), _zone_data(), options, site,
                           self.settings["SITEURL"], build_date(self.settings).isoformat()], sort_keys=True,
                          default=str)
        included, keys, reused, made = [], [], 0, {}

        def components(article, url: str) -> list:  # made once per build: both files of an event share them
            if id(article) not in made:
                made[id(article)] = _ics().event_components(article, url, options["PROGRAMME_ITEMS"])
            return made[id(article)]

        for article in events_of(self.context):
            url = absolute(self.settings["SITEURL"], article.url)
            key = _digest(base, article.source_path, file_digest(article.source_path).hex(), url,
                          article.calendar_url)
            if reuse is not None and reuse(article.calendar_url, key):
                reused += 1
            else:
                self._write(output / article.calendar_url, _ics().calendar(
                    components(article, url), prodid=options["PRODID"], name=article.title))
            if article.event_type == "report" and (not options["INCLUDE_REPORTS"]
                                                   or getattr(article, "announcement", None)):
                continue  # the announcement stands for the event
            included.append((article, url))
            keys.append(key)
        if options["SAVE_AS"]:
            if reuse is not None and reuse(options["SAVE_AS"], _digest(base, *keys)):
                reused += 1
            else:
                # the same entries: a component may sit in two calendars
                everything = [c for article, url in included for c in components(article, url)]
                cal = _ics().calendar(everything, prodid=options["PRODID"], name=options["NAME"].format(**site),
                                      description=options["DESCRIPTION"].format(**site),
                                      refresh=options["REFRESH_INTERVAL"])
                self._write(output / options["SAVE_AS"], cal)
        if reused:
            log.info("%d Kalenderdateien unverändert übernommen", reused)

    @staticmethod
    def _write(path: Path, cal) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(cal.to_ical())
        log.info("Kalender %s geschrieben", path)


def _zone_data() -> str:
    """The time-zone rules the VTIMEZONE blocks come from (the system's, else the tzdata package's): an update
    renders the calendars again."""
    import zoneinfo

    for root in zoneinfo.TZPATH:
        path = Path(root) / "Europe" / "Berlin"
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        from importlib import metadata

        return "tzdata " + metadata.version("tzdata")
    except Exception:  # noqa: BLE001 - no tzdata package either: zoneinfo would have failed before
        return "-"


def _ics():
    from . import ics  # icalendar is imported only by a build that renders a calendar

    return ics


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
