"""Pelican settings of this site. Editors do not need this file: the
association's identity, languages and time zone are in content/association.yml.

Everything a Tadamon site needs comes from the tadamon package (its version is
pinned in requirements.txt); set here only what differs, e.g.
TADAMON_URLS = {"news": "actualites/{slug}/"} (tadamon's settings.py lists them all).
"""

from tadamon.conf import *  # noqa: F403
