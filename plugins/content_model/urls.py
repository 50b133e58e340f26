"""Web addresses in front matter: absolute http(s) URLs with a real host, nothing a browser could read otherwise.

Templates escape every URL, so a quote cannot break out of ``href="…"``; this check keeps what is written into
the page a plain web address: no ``javascript:``/``data:`` or other schemes, no characters that browsers drop or
reinterpret (whitespace, control characters, backslashes), no quotes or angle brackets, no ``name@`` credentials
(``https://bank.example@evil.example`` leads elsewhere than it reads). Hosts may be international (IDNA).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

import idna

SCHEMES = ("http", "https")
FORBIDDEN = "\"'<>\\`"


def visible(value: str) -> str:
    """``value`` for a message: control and other invisible characters as ``U+0007``."""
    return "".join(ch if ch.isprintable() or ch == " " else f"U+{ord(ch):04X}" for ch in value)


def _bad_character(value: str) -> str | None:
    for ch in value:
        if ch.isspace():
            return "Leerraum (Leerzeichen, Tabulator oder Zeilenumbruch)"
        if unicodedata.category(ch).startswith("C"):
            return f"das unsichtbare Steuerzeichen U+{ord(ch):04X}"
        if ch in FORBIDDEN:
            return f"das Zeichen {ch}"
    return None


def _real_host(host: str) -> bool:
    """An IP address, or a domain name with at least two valid labels (``example.org``, ``bücher.example``)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        labels = idna.encode(host, uts46=True).decode("ascii").split(".")
    except (idna.IDNAError, UnicodeError):
        return False
    return len(labels) >= 2 and all(labels) and not labels[-1].isdigit()


def problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable web address (German, for editors), or None."""
    bad = _bad_character(value)
    if bad:
        return f"darin ist {bad} nicht erlaubt."
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError:
        return "der Rechnername oder die Portnummer lässt sich nicht lesen."
    if parts.scheme not in SCHEMES:  # urlsplit lowercases the scheme
        return "sie muss mit https:// oder http:// beginnen (javascript:, data: und andere Arten sind nicht erlaubt)."
    if parts.username is not None:
        return "Zugangsdaten (name@ vor dem Rechnernamen) gehören nicht in eine Web-Adresse."
    if not parts.hostname:
        return "der Rechnername fehlt (zum Beispiel https://example.org/anmeldung)."
    if not _real_host(parts.hostname):
        return f"„{parts.hostname}“ ist kein gültiger Rechnername."
    return None
