"""Production build: pelicanconf.py, with the site's real address.

SITEURL comes from the environment (the GitHub Pages workflow sets it), e.g.
SITEURL=https://name.github.io/repo tadamon build -s publishconf.py
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from tadamon.conf import production_siteurl  # noqa: E402

from pelicanconf import *  # noqa: E402,F403

SITEURL = production_siteurl()
