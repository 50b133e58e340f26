"""The consent text of the sign-up form, every version that was ever shown, kept by its hash.

The form shows the newest text and sends its hash along (a hidden field); the endpoint accepts only hashes it
knows and stores the hash in the consent record. `wording(hash)` gives the exact text a subscriber agreed to,
for an access request (Art. 15) or an authority asking for proof (Art. 7 (1)).

To change the text, append a new version; never edit or remove an old one (records point at it).
"""

from __future__ import annotations

import hashlib
import unicodedata

VERSIONS: tuple[str, ...] = (
    # 2026-11: first version of the web form
    "Ja, ich möchte den Netzbrief-Rundbrief des Netzwerks Kommunale Versorger Mitte e. V. etwa alle zwei Monate "
    "per E-Mail erhalten. Meine Einwilligung kann ich jederzeit mit dem Abmeldelink in jedem Rundbrief oder per "
    "E-Mail an die Redaktion widerrufen. Die Hinweise zum Datenschutz habe ich zur Kenntnis genommen.",
)


def normalise(text: str) -> str:
    """NFC and single spaces: the same wording always gives the same hash, whatever the line breaks."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def form_hash(text: str) -> str:
    """sha256 (hex) of the consent text as shown on the form."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


BY_HASH: dict[str, str] = {form_hash(text): normalise(text) for text in VERSIONS}
CURRENT_TEXT = normalise(VERSIONS[-1])
CURRENT_HASH = form_hash(VERSIONS[-1])


def wording(hash_: str | None) -> str | None:
    """The text a consent record's form_hash stands for, or None (imports have no form)."""
    return BY_HASH.get(hash_ or "")


def is_known(hash_: str | None) -> bool:
    return (hash_ or "") in BY_HASH
