"""Defaults of the event calendar plugin; override with the ``CALENDAR_`` prefix in pelicanconf.py."""

DEFAULTS = {
    # The subscribable calendar of all events (site-relative).
    "SAVE_AS": "veranstaltungen/kalender.ics",
    # File name of each event's own .ics, next to the event page.
    "EVENT_FILE": "termin.ics",
    # Export programme items as events of their own (related to the announcement).
    "PROGRAMME_ITEMS": False,
    # Put reports into the calendar of all events when no announcement of theirs exists.
    "INCLUDE_REPORTS": True,
    # Calendar name and description as calendar programs show them.
    "NAME": "{site} – Veranstaltungen",
    "DESCRIPTION": "Veranstaltungen des {organisation}",
    # How often clients should refresh the subscription (RFC 7986 REFRESH-INTERVAL, ISO 8601 duration).
    "REFRESH_INTERVAL": "PT12H",
    "PRODID": "-//Netzbrief//Veranstaltungskalender//DE",
}

# Stable namespace for UIDs (uuid5 of the item's uid under it). Never change it: calendars would duplicate events.
NAMESPACE = "0f9d3c2e-7b1a-5d4e-8c6f-2a3b4c5d6e7f"
