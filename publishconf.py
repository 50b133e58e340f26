"""Production settings: everything from pelicanconf.py plus the public URL and delivery settings. No secrets."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("NETZBRIEF_SITEURL", "https://netzbrief.kv-mitte.example.org")
RELATIVE_URLS = False
