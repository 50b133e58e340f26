"""Converters for single front matter values. Each returns the normalised value or raises Invalid (German)."""

from __future__ import annotations

import datetime as dt
import re

from . import urls
from .settings import TIMEZONE


class Invalid(ValueError):
    """A value an editor has to fix; the message is German and names what was expected."""


TYPE_NAMES = {str: "Text", int: "Zahl", float: "Zahl", bool: "Ja/Nein-Wert (true/false)", list: "Liste",
              dict: "Angabenblock", type(None): "nichts"}

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def type_name(value) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid(f"Erwartet wird ein Text, gefunden: {type_name(value)}.")
    if not value.strip():
        raise Invalid("Darf nicht leer sein.")
    return value.strip()


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"Erwartet wird true oder false, gefunden: „{value}“.")
    return value


def text_list(value) -> list[str]:
    """A YAML list of texts; a single text is split on commas (``tags: Netze, Wärme``)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise Invalid(f"Erwartet wird eine Liste von Texten, gefunden: {type_name(value)}.")
    items = []
    for index, item in enumerate(value, 1):
        try:
            items.append(text(item))
        except Invalid as exc:
            raise Invalid(f"Eintrag {index}: {exc}") from None
    return items


def date_or_datetime(value) -> dt.date | dt.datetime:
    """``YYYY-MM-DD`` → date; ``YYYY-MM-DD HH:MM`` → aware datetime in Europe/Berlin."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, (str, int)) else None
    if not match:
        raise Invalid(f"„{value}“ ist kein Datum der Form JJJJ-MM-TT oder JJJJ-MM-TT HH:MM.")
    year, month, day, hour, minute = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=TIMEZONE)
    except ValueError:
        raise Invalid(f"„{value}“ ist kein gültiges Datum (gibt es diesen Tag?).") from None


def date_only(value) -> dt.date:
    result = date_or_datetime(value)
    if isinstance(result, dt.datetime):
        raise Invalid(f"Erwartet wird ein Tag ohne Uhrzeit (JJJJ-MM-TT), gefunden: „{value}“.")
    return result


def as_datetime(value) -> dt.datetime:
    """A publication date as Pelican wants it: aware, midnight in Berlin for a bare day."""
    value = date_or_datetime(value)
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)


def time_of_day(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise Invalid(f"Uhrzeit „{value}“ bitte als „HH:MM“ in Anführungszeichen schreiben.")
    if not isinstance(value, str) or not _TIME.match(value.strip()):
        raise Invalid(f"„{value}“ ist keine Uhrzeit der Form HH:MM (z. B. „09:30“).")
    return value.strip()


def url(value) -> str:
    """An absolute http(s) address with a real host (rules and reasons: urls.py, docs/security.md)."""
    value = text(value)
    reason = urls.problem(value)
    if reason:
        raise Invalid(f"„{urls.visible(value)}“ ist keine gültige Web-Adresse: {reason}")
    return value


def slug(value) -> str:
    value = text(value)
    if not _SLUG.match(value):
        raise Invalid(f"„{value}“ ist kein gültiger Kurzname: nur Kleinbuchstaben a–z, Ziffern und Bindestriche.")
    return value


def positive_int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"Erwartet wird eine ganze Zahl ab 1, gefunden: „{value}“.")
    return value


def focus_point(value) -> tuple[float, float]:
    """``0.5, 0.3`` or ``[0.5, 0.3]``: where the image's subject is, as fractions of width and height from the
    top left corner; crops (the social preview) keep it in view."""
    parts = value if isinstance(value, list) else str(value).split(",")
    try:
        x, y = (float(str(part).strip()) for part in parts)
    except ValueError:
        raise Invalid(f"„{value}“ ist kein Bildfokus: zwei Zahlen zwischen 0 und 1, z. B. „0.5, 0.3“ "
                      f"(waagerecht, senkrecht).") from None
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise Invalid(f"„{value}“: beide Zahlen des Bildfokus müssen zwischen 0 und 1 liegen.")
    return (x, y)


def choice(*allowed: str):
    def convert(value) -> str:
        value = text(value)
        if value not in allowed:
            raise Invalid(f"Unbekannter Wert „{value}“. Erlaubt: {' oder '.join(allowed)}.")
        return value
    return convert
