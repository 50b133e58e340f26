"""Event calendar: an ``.ics`` per event and a subscribable calendar of all events (RFC 5545 via icalendar)."""

from pelican import signals

from .generator import CalendarGenerator


def get_generators(pelican):
    return CalendarGenerator


def register():
    signals.get_generators.connect(get_generators)
