"""Production build: pelicanconf.py, with the site's real address.

SITEURL comes from the environment (the GitHub Pages workflow sets it), e.g.
SITEURL=https://name.github.io/repo pelican content -s publishconf.py
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit("publishconf.py: set SITEURL, e.g. SITEURL=https://name.github.io/repo")
LOAD_CONTENT_CACHE = False
