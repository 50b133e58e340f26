"""Event state for the build date, German labels, place label."""

from __future__ import annotations

import datetime as dt

from content_model import dates


def event_state(info, today: dt.date) -> str:
    if info.last_day < today:
        return "past"
    if info.first_day <= today:
        return "running"
    return "upcoming"


def place_label(info) -> str:
    if info.location and info.online:
        return f"{info.location} und online"
    if info.online:
        return "Online"
    return info.location or ""


def annotate(info, today: dt.date) -> None:
    """Fill the computed fields of an EventInfo (see docs/architecture.md)."""
    info.state = event_state(info, today)
    info.registration_open = bool(info.registration_url) and info.state == "upcoming"
    info.label = dates.span(info.start, info.end)
    info.place_label = place_label(info)
