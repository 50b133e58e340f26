"""The newsletter sign-up on the site: the form (on SUBSCRIPTIONS_FORM_PAGE) and the pages around it.

Templates get the Jinja global ``abo`` (form action, consent text and its hash, page URLs). The generator writes
the static result pages (check your mail, confirmed, unsubscribed, error) and, below ``abo/vorlagen/``, the
pages the endpoint renders itself (delivery/subscriptions/pages.py), built with the theme so they look like the
site. Paths are shared with the endpoint through delivery/subscriptions/paths.py. See docs/subscriptions.md.
"""

from pelican import signals


def add_globals(pelican) -> None:
    from .form import configure

    configure(pelican.settings)


def get_generators(pelican):
    from .generator import SubscriptionPagesGenerator

    return SubscriptionPagesGenerator


def register():
    signals.initialized.connect(add_globals)
    signals.get_generators.connect(get_generators)
