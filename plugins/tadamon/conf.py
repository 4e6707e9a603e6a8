"""Pelican settings of every Tadamon site, imported by a site's pelicanconf.py:

    from tadamon.conf import *

then set what differs (PATH, OUTPUT_PATH...). Editors do not need this: the
association's identity, languages and time zone come from content/association.yml.
Tadamon's own settings (TADAMON_*) and their defaults are in tadamon/settings.py.
"""

import os

from tadamon import theme_path

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(theme_path())  # the theme shipped with the package

# The site's address, without a trailing slash; the production build and the
# tests set it through the environment (for GitHub Pages: https://name.github.io/repo).
SITEURL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")

# One plugin: it wires its stages (association, reading, validation, pages,
# feeds, cards, sitemap, output...) in the order they must run. Always list
# plugins: with PLUGINS unset Pelican loads every installed one.
PLUGINS = ["tadamon"]

# Every kind is read by Tadamon's own generator from its own folder;
# Pelican's articles, pages and their index/tag/category pages are off.
ARTICLE_PATHS = []
PAGE_PATHS = []
DIRECT_TEMPLATES = []
# Copied as they are, except JPEG, PNG and WebP: tadamon.images publishes those
# without their metadata (GPS, camera, author) and in several widths.
STATIC_PATHS = ["images"]
DEFAULT_LANG = "ar"  # replaced by the first language of association.yml
TIMEZONE = "UTC"  # replaced by association.yml
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""

# Pelican's own feeds are replaced by Tadamon's.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "extension_configs": {},
    "output_format": "html5",
}

# cache_size -1: every template stays compiled in a plain dict for the build
# (Jinja's default, a locked LRU of 400, is looked up at every include).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "cache_size": -1}

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = False  # Pelican's own caches: Tadamon keeps its own (kinds/bodycache.py)
CACHE_PATH = ".cache/pelican"


def production_siteurl():
    """SITEURL of a production build (publishconf.py): required, from the environment."""
    siteurl = os.environ.get("SITEURL", "").rstrip("/")
    if not siteurl:
        raise SystemExit("publishconf.py: set SITEURL, e.g. SITEURL=https://name.github.io/repo")
    return siteurl
