"""Best-effort parsing of a German location line into a schema.org Place with a PostalAddress.

``"Kulturbahnhof Hohenbrück, Bahnhofstraße 20, 34580 Hohenbrück"`` → name, streetAddress, postalCode, locality.
"""

from __future__ import annotations

import re

POSTAL = re.compile(r"^(?:D-)?(\d{5})\s+(.+)$")
HOUSE_NUMBER = re.compile(r"\d")


def place(location: str, country: str = "DE") -> dict:
    parts = [part.strip() for part in location.split(",") if part.strip()]
    postal_index = next((i for i in range(len(parts) - 1, -1, -1) if POSTAL.match(parts[i])), None)
    if postal_index is None:
        return {"@type": "Place", "name": location, "address": location}
    code, locality = POSTAL.match(parts[postal_index]).groups()
    address = {"@type": "PostalAddress", "postalCode": code, "addressLocality": locality, "addressCountry": country}
    before = parts[:postal_index]
    if before and HOUSE_NUMBER.search(before[-1]):
        address["streetAddress"] = before.pop()
    name = ", ".join(before) or location
    return {"@type": "Place", "name": name, "address": address}
