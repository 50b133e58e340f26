"""The sign-up form: reading and checking what the reader sent, in words a reader understands.

Fields: `email` (required), `name`, `anrede` ("", "frau", "herr", "name"), `einwilligung` ("ja", required),
`formular` (the hash of the consent text the form showed), and the honeypot `website`, which people never see
and bots fill in. The salutation stored for the newsletter's %%SALUTATION%% is made from `anrede` and `name`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from delivery.mail.subscribers import Reject, check_row, normalise_address

from . import consent, paths
from .tokens import make_confirm_token

SALUTATIONS = {"": "", "frau": "Sehr geehrte Frau {name},", "herr": "Sehr geehrter Herr {name},",
               "name": "Guten Tag {name},"}
NAME_MAX = 100
MESSAGES = {
    "email": "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.",
    "name": f"Bitte kürzen Sie den Namen auf höchstens {NAME_MAX} Zeichen (ohne Zeilenumbrüche).",
    "anrede": "Bitte wählen Sie eine Anrede aus der Liste.",
    "anrede_name": "Für diese Anrede brauchen wir Ihren Namen. Bitte tragen Sie ihn ein oder wählen Sie "
                   "„Allgemein“.",
    "einwilligung": "Bitte setzen Sie das Häkchen, wenn Sie den Rundbrief erhalten möchten.",
    "einwilligung_neu": "Der Text der Einwilligung hat sich inzwischen geändert. Bitte lesen Sie ihn und setzen "
                        "Sie das Häkchen noch einmal.",
}


@dataclass
class SignupForm:
    values: dict  # what the reader typed, to show it again
    errors: dict = field(default_factory=dict)  # field -> German message, in the order of the form
    trap: bool = False
    email: str = ""
    name: str = ""
    salutation: str = ""
    form_hash: str = ""


def read_form(form) -> SignupForm:
    values = {"email": (form.get("email") or "").strip()[:320], "name": (form.get("name") or "").strip()[:300],
              "anrede": form.get("anrede") or "", "einwilligung": form.get("einwilligung") == "ja"}
    result = SignupForm(values=values, trap=bool((form.get("website") or "").strip()))
    errors = result.errors
    try:
        result.email = normalise_address(values["email"])
    except ValueError:
        errors["email"] = MESSAGES["email"]
    row = check_row(0, "x@example.org", values["name"])
    if isinstance(row, Reject) or len(values["name"]) > NAME_MAX:
        errors["name"] = MESSAGES["name"]
    else:
        result.name = row.name
    if values["anrede"] not in SALUTATIONS:
        errors["anrede"] = MESSAGES["anrede"]
    elif values["anrede"] and not result.name and "name" not in errors:
        errors["anrede"] = MESSAGES["anrede_name"]
    else:
        result.salutation = SALUTATIONS[values["anrede"]].format(name=result.name) if result.name else ""
    result.form_hash = form.get("formular") or ""
    if not consent.is_known(result.form_hash):
        errors["einwilligung"] = MESSAGES["einwilligung_neu"]
        values["einwilligung"] = False
    elif not values["einwilligung"]:
        errors["einwilligung"] = MESSAGES["einwilligung"]
    return result


def confirm_link(endpoint: str, email: str, secret: bytes, now: datetime) -> str:
    return f"{endpoint}{paths.CONFIRM}?{urlencode({'token': make_confirm_token(email, secret, now=now)})}"
