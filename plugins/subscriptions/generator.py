"""Writes the subscription pages with the theme: static result pages and the endpoint's page templates."""

from __future__ import annotations

from pelican.generators import Generator

from delivery.subscriptions import paths

_T = paths.TEMPLATE_DIR
# (theme template, output file, rendered by the endpoint?)
PAGES = (
    ("abo/pruefen", paths.CHECK_MAIL + "index.html", False),
    ("abo/bestaetigt", paths.CONFIRMED + "index.html", False),
    ("abo/abgemeldet", paths.UNSUBSCRIBED + "index.html", False),
    ("abo/fehler", paths.ERROR + "index.html", False),
    ("abo/bestaetigen", f"{_T}/{paths.CONFIRM_PAGE}", True),
    ("abo/abmelden", f"{_T}/{paths.UNSUBSCRIBE_PAGE}", True),
    ("abo/formular", f"{_T}/{paths.FORM_PAGE}", True),
    ("abo/fehler", f"{_T}/{paths.TOKEN_ERROR_PAGE}", True),
    ("abo/zu_viele", f"{_T}/{paths.TOO_MANY_PAGE}", True),
    ("abo/nicht_moeglich", f"{_T}/{paths.UNAVAILABLE_PAGE}", True),
)


class SubscriptionPagesGenerator(Generator):
    """Endpoint pages keep `[[ … ]]` / `[% … %]` for the endpoint's own (autoescaping) Jinja; Pelican's Jinja
    treats those as text. The static pages are the same templates with ``abo_dynamic`` false."""

    def generate_output(self, writer) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        for template, save_as, dynamic in PAGES:
            extra = {}
            if dynamic and relative:  # served at the endpoint's routes, not at save_as: link from the site's root
                extra["SITEURL"] = ""
            writer.write_file(save_as, self.get_template(template), self.context, relative_urls=relative and not dynamic,
                              page_name=save_as.rsplit(".", 1)[0], abo_dynamic=dynamic, **extra)
