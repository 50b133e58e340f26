"""Subscribers from a CSV file (`email`, `name`, optional `salutation`), streamed and validated row by row.

Rows come out as `(line, Recipient)` or `(line, Reject)`; duplicates are found by the consumer (the ledger's
staging table), so memory stays flat in the number of subscribers. Addresses are checked for syntax only
(email-validator, no DNS). Internationalised local parts (SMTPUTF8) are rejected: SES does not support them and
many MTAs do not either; internationalised domains are sent in their ASCII (punycode) form.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from .errors import MailingError
from .message import Recipient

SAMPLE_CSV = Path(__file__).with_name("sample_subscribers.csv")


@dataclass(frozen=True)
class Reject:
    line: int
    address: str
    reason: str


def normalise_address(address: str) -> str:
    """The address to send to; raises ValueError with a reason if it is not a valid address."""
    address = (address or "").strip()
    if not address:
        raise ValueError("empty address")
    try:
        info = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    return info.ascii_email or info.normalized


def _clean(text: str, what: str, limit: int = 200) -> str:
    text = (text or "").strip()
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValueError(f"control characters in {what}")
    if len(text) > limit:
        raise ValueError(f"{what} longer than {limit} characters")
    return text


def check_row(line: int, email: str, name: str = "", salutation: str = "") -> Recipient | Reject:
    try:
        return Recipient(normalise_address(email), _clean(name, "name"), _clean(salutation, "salutation"))
    except ValueError as exc:
        return Reject(line, (email or "").strip(), str(exc))


def read_csv(path: str | Path) -> Iterator[tuple[int, Recipient | Reject]]:
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", errors="strict", newline="")
    except OSError as exc:
        raise MailingError(f"cannot read the subscriber list {path}: {exc.strerror}") from None
    line = 0
    with handle:
        try:
            header_line = handle.readline()
            delimiter = max((",", ";", "\t"), key=header_line.count)  # Excel in Germany writes ";"
            reader = csv.reader(chain([header_line], handle), delimiter=delimiter, strict=True)
            header = [h.strip().lower() for h in next(reader, [])]
            if "email" not in header:
                raise MailingError(
                    f"{path}: no 'email' column in the first line (found: {', '.join(header) or 'nothing'}); "
                    "expected columns email, name, salutation"
                )
            col = {name: header.index(name) for name in ("email", "name", "salutation") if name in header}
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                cells = {name: row[i] if i < len(row) else "" for name, i in col.items()}
                yield line, check_row(line, cells["email"], cells.get("name", ""), cells.get("salutation", ""))
        except UnicodeDecodeError:
            raise MailingError(f"{path}: not UTF-8 (near line {line + 1}); save the list as UTF-8 CSV") from None
        except csv.Error as exc:
            raise MailingError(f"{path}: malformed CSV near line {line + 1}: {exc}") from None
