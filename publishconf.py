"""Production settings: everything from pelicanconf.py plus the public URL and delivery settings. No secrets."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("NETZBRIEF_SITEURL", "https://netzbrief.kv-mitte.example.org")
RELATIVE_URLS = False

# Publishing to S3 (delivery/publish, docs/publishing.md). No credentials here: they come from the standard AWS
# chain. Each PUBLISH_<NAME> can be overridden by the environment variable NETZBRIEF_PUBLISH_<NAME>.
PUBLISH_BUCKET = None  # set here or via NETZBRIEF_PUBLISH_BUCKET
PUBLISH_PREFIX = ""
PUBLISH_REGION = "eu-central-1"
PUBLISH_ENDPOINT_URL = None  # S3-compatible store; None: AWS (AWS_ENDPOINT_URL is honoured)
PUBLISH_PROFILE = None  # None: AWS_PROFILE / default chain
PUBLISH_HEADER_RULES = []  # e.g. [("downloads/**", {"Cache-Control": "public, max-age=604800"})], tried first
PUBLISH_GZIP = False
PUBLISH_MAX_DELETES = 256
PUBLISH_EXCLUDE = [".DS_Store", "Thumbs.db", "abo/vorlagen/**"]  # the endpoint's page templates go into its zip
PUBLISH_WORKERS = 8
PUBLISH_CLOUDFRONT_DISTRIBUTION_ID = None

# Sending the newsletter in production (delivery/mail, docs/mailing.md). Subscribers, their consent records and
# opt-ins live in the SES contact list (delivery/subscriptions, docs/subscriptions.md).
MAILING_ENV = "production"
MAILING_PROVIDER = "ses"
MAILING_SES_REGION = "eu-central-1"
MAILING_SES_ENDPOINT_URL = None
MAILING_SES_CONTACT_LIST = "netzbrief"
MAILING_SES_TOPIC = "rundbrief"
MAILING_SES_CONFIGURATION_SET = None
MAILING_UNSUBSCRIBE_URL = SITEURL + "/abmelden/?token={token}"  # CloudFront sends /abmelden/ to the endpoint
# Or an own MTA (subscribers in var/subscribers-production.sqlite): MAILING_PROVIDER = "smtp";
#   MAILING_SMTP_HOST = "smtp.example.net"; MAILING_SMTP_PORT = 587; MAILING_SMTP_SECURITY = "starttls";
#   MAILING_SMTP_USER = "netzbrief" (password: NETZBRIEF_SMTP_PASSWORD)

# The subscription endpoint in production (docs/subscriptions.md): CloudFront sends /abo/* and /abmelden/* to the
# Lambda Function URL, so the form posts to the site's own origin.
SUBSCRIPTIONS_ENDPOINT_URL = SITEURL
SUBSCRIPTIONS_CLIENT_IP = "cloudfront"  # the viewer address CloudFront forwards (see the docs), else the source IP
