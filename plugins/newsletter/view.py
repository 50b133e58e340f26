"""What the e-mail templates see: plain objects with absolute URLs, German labels and texts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from content_model import dates

from .selection import group_key

#: Images most mail clients can show. SVG cannot be shown by many (Gmail, Outlook): such teasers go without image.
RASTER = (".jpg", ".jpeg", ".png", ".gif")
# Per-recipient placeholders the mailing layer fills in (docs/architecture.md); `newsletter.preview` fills samples.
SALUTATION, UNSUBSCRIBE_URL = "%%SALUTATION%%", "%%UNSUBSCRIBE_URL%%"
CALLS = {"interview": "Zum Interview", "report": "Zum Bericht", "article": "Weiterlesen",
         "announcement": "Programm und Details"}


@dataclass
class Teaser:
    uid: str
    title: str
    url: str  # absolute, with campaign parameters
    kicker: str  # publication date ("10. November 2026"); empty for reports (the byline has the event's date)
    byline: str  # who: interviewee, authors, or the event's date and place
    summary: str  # plain text
    image: str | None  # absolute URL of a raster image, or None
    image_alt: str
    call: str  # link text: "Zum Interview"


@dataclass
class Termin:
    uid: str
    title: str
    url: str
    when: str  # "Donnerstag, 26. November 2026, 09:00–16:30 Uhr"
    where: str  # place label: venue, "Online" or both
    summary: str
    registration_url: str | None


def email_image(image: str | None, linker, picture=None) -> str | None:
    """Absolute URL of a teaser image, or None where mail clients could not show it (SVG and the like).

    A raster image comes as its e-mail derivative (plugins/images: a 1200 px JPEG, 2× the layout)."""
    if picture is not None and picture.email is not None:
        return linker.url(picture.email.name, utm=False)
    if not image or not urlsplit(image).path.lower().endswith(RASTER):
        return None
    return linker.url(image, utm=False)


def byline(item) -> str:
    key = group_key(item)
    if key == "interview" and getattr(item, "interviewee", None):
        person = item.interviewee
        return f"Im Gespräch: {person.name}" + (f", {person.affiliation}" if person.affiliation else "")
    if key in ("report", "announcement") and getattr(item, "event", None):
        place = item.event.place_label
        return f"Veranstaltung am {dates.day(item.event.start, weekday=False)}" + (f" · {place}" if place else "")
    authors = ", ".join(author.name for author in getattr(item, "authors", None) or [])
    minutes = getattr(item, "reading_time", None)
    return " · ".join(part for part in (f"Von {authors}" if authors else "",
                                        f"{minutes} Min. Lesezeit" if minutes else "") if part)


def summary_text(item) -> str:
    return str(getattr(item, "summary_text", None) or "").strip()


def teaser(item, linker) -> Teaser:
    key = group_key(item)
    return Teaser(uid=item.uid, title=item.title, url=linker.url(item.url),
                  kicker="" if key == "report" else dates.day(item.date, weekday=False), byline=byline(item),
                  summary=summary_text(item),
                  image=email_image(getattr(item, "image", None), linker, getattr(item, "picture", None)),
                  image_alt=getattr(item, "image_alt", None) or "", call=CALLS[key])


def termin(item, linker) -> Termin:
    info = item.event
    return Termin(uid=item.uid, title=item.title, url=linker.url(item.url), when=info.label or "",
                  where=info.place_label or "", summary=summary_text(item),
                  registration_url=info.registration_url if info.registration_open else None)


def email_context(issue, selection, linker, options: dict, editorial_html: str, editorial_text: str) -> dict:
    """Everything email.mjml.j2 and email.txt.j2 use (both get the same context)."""
    return {
        "issue": issue,
        "issue_label": dates.day(issue.date, weekday=False),
        "web_url": linker.url(options["URL"].format(issue=issue.id)),
        "archive_url": linker.url(options["ARCHIVE_URL"]),
        "home_url": linker.url(""),
        "editorial_html": editorial_html,
        "editorial_text": editorial_text,
        "groups": [(group.label, [teaser(item, linker) for item in group.items]) for group in selection.groups],
        "events": [termin(item, linker) for item in selection.events],
        "imprint": options["IMPRINT"],
        "width": options["TEXT_WIDTH"],
        "salutation": SALUTATION,
        "unsubscribe_url": UNSUBSCRIBE_URL,
    }
