"""Pelican settings of this repository's site (the demo association; a fork's own).

Editors do not need this file: the association's identity, languages and time
zone come from content/association.yml. The settings every Tadamon site shares
are in plugins/tadamon/conf.py; Tadamon's own settings and their defaults in
plugins/tadamon/settings.py.
"""

import os
import sys

# This repository holds the engine itself, in plugins/ (a site made with
# `tadamon init` installs it instead).
PLUGIN_PATHS = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")]
sys.path.insert(0, PLUGIN_PATHS[0])

from tadamon.conf import *  # noqa: E402,F403

PATH = "content"
OUTPUT_PATH = "output"
