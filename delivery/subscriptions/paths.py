"""Where things are: the endpoint's routes, the site's static result pages and the page templates Pelican builds
for the endpoint. Shared by the endpoint (delivery/subscriptions/app.py) and the site (plugins/subscriptions), so
a redirect never points at a page the build did not write.

The unsubscribe route is not listed: it is the path of MAILING_UNSUBSCRIBE_URL (the link in every newsletter).
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Endpoint routes (below SUBSCRIPTIONS_ENDPOINT_URL; CloudFront sends /abo/* and the unsubscribe path there).
SIGNUP = "/abo/anmelden"
CONFIRM = "/abo/bestaetigen"
SES_EVENTS = "/abo/ses-ereignisse"

# Static result pages on the site (below SITEURL), written by Pelican with the theme.
CHECK_MAIL = "newsletter/anmeldung/pruefen/"
CONFIRMED = "newsletter/anmeldung/bestaetigt/"
UNSUBSCRIBED = "newsletter/abgemeldet/"
ERROR = "newsletter/anmeldung/fehler/"
FORM_ANCHOR = "anmelden"  # id of the sign-up form on the newsletter page

# Pages the endpoint renders (Jinja with [[ ]] / [% %] delimiters), written by Pelican below the output folder;
# not .html: they are templates, not documents (HTML checkers and the search index leave them alone).
TEMPLATE_DIR = "abo/vorlagen"
CONFIRM_PAGE = "bestaetigen.jinja"  # GET of the confirmation link: one button that POSTs the token
UNSUBSCRIBE_PAGE = "abmelden.jinja"  # GET of the unsubscribe link: one button
FORM_PAGE = "formular.jinja"  # the sign-up form again, with the reader's input and what is wrong with it
TOKEN_ERROR_PAGE = "fehler.jinja"  # expired or damaged link
TOO_MANY_PAGE = "zu-viele.jinja"  # 429: too many sign-ups from one client
UNAVAILABLE_PAGE = "nicht-moeglich.jinja"  # 503: mail or store not reachable
TEMPLATES = (CONFIRM_PAGE, UNSUBSCRIBE_PAGE, FORM_PAGE, TOKEN_ERROR_PAGE, TOO_MANY_PAGE, UNAVAILABLE_PAGE)


def unsubscribe_route(unsubscribe_url: str) -> str:
    """The path the endpoint answers for MAILING_UNSUBSCRIBE_URL, without a trailing slash ("/abmelden")."""
    path = urlsplit(unsubscribe_url.replace("{token}", "")).path.rstrip("/")
    if not path:
        raise ValueError(f"MAILING_UNSUBSCRIBE_URL needs a path of its own (e.g. /abmelden/), not {unsubscribe_url!r}")
    return path


def page_url(siteurl: str, page: str) -> str:
    return f"{siteurl.rstrip('/')}/{page}"
