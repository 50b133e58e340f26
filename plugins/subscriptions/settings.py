"""Defaults of the subscriptions plugin (the sign-up form and its result pages); override with `SUBSCRIPTIONS_`.

The endpoint itself (delivery/subscriptions) reads more SUBSCRIPTIONS_* settings; see docs/subscriptions.md.
"""

DEFAULTS = {
    # Where the endpoint's routes live: the form posts to <ENDPOINT_URL>/abo/anmelden and the confirmation mail
    # links to <ENDPOINT_URL>/abo/bestaetigen. None: SITEURL (local: `make run` serves both; production:
    # CloudFront sends /abo/* to the Lambda Function URL). May also be the Function URL itself.
    "ENDPOINT_URL": None,
    # URL (relative to SITEURL) of the page that shows the sign-up form below its text.
    "FORM_PAGE": "newsletter/",
    # URL (relative to SITEURL) of the privacy statement linked beside the consent checkbox.
    "PRIVACY_PAGE": "datenschutz/",
}
