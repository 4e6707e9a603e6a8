"""Pelican settings for a Tadamon site.

Editors do not need this file: the association's identity, languages and time
zone come from content/association.yml. Tadamon's own settings and their
defaults are in plugins/tadamon/settings.py.
"""

import os

PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/tadamon"

# The site's address, without a trailing slash; the production build and the
# tests set it through the environment (for GitHub Pages: https://name.github.io/repo).
SITEURL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")

# Always list plugins: with PLUGINS unset Pelican loads every installed one.
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "tadamon.association",
    "tadamon.i18n",
    "tadamon.kinds",
    "tadamon.images",
    "tadamon.feeds",
    "tadamon.calendar",
    "tadamon.structured",
    # After every plugin that writes HTML pages: these two act on the pages written before them.
    "tadamon.cards",
    "tadamon.sitemap",
    "tadamon.hosting",
    "tadamon.search",
    "tadamon.validation",
    "tadamon.output",
]

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
for _kind in (
    "CATEGORY",
    "TAG",
    "AUTHOR",
    "ARTICLE",
    "ARTICLE_LANG",
    "DRAFT",
    "DRAFT_LANG",
    "PAGE",
    "PAGE_LANG",
    "DRAFT_PAGE",
    "DRAFT_PAGE_LANG",
):
    globals()[f"{_kind}_SAVE_AS"] = ""
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
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
# Uncompressed: compressing the reader cache (level 9) took 0.13 s of every
# build that read a file, for a few megabytes of disk.
GZIP_CACHE = False
