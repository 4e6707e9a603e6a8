"""Plugin: search in the page's language, with Pagefind, and what the calls
list needs to be filtered (mode, skill, time) and to show micro-volunteering.

Item pages are noted as they are written (``content_written``); once every
page is written (``SearchGenerator.generate_output``: list ``tadamon.search``
after the plugins that write pages), Pagefind indexes their ``<main>``, one
index per ``<html lang>``, into ``pagefind/`` at the root of the site. The
theme loads Pagefind's Component UI from there when a visitor opens the
search, and it searches only the index of the page's language.

Indexing is cached, language by language: the key of a language's index is a
digest of its pages' bytes and paths, Pagefind's version and the options; a
build whose key is in the cache folder (``search/`` in ``CACHE_PATH``) links
that index into the output instead of running Pagefind again, so a changed
French page indexes the French pages only.
"""

import logging
import os
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from tadamon import listed_alone
from tadamon.search import calls
from tadamon.search.index import IndexStore, pagefind_version
from tadamon.site import site_of

logger = logging.getLogger(__name__)

KEY = "tadamon_search_pages"  # in the build's context: (file, language) of the item pages written so far
BUNDLE = "pagefind"  # the bundle's folder, at the root of SITEURL


def enabled(settings):
    # Not in a check: Pagefind reads the pages from disk, and a check writes none.
    return settings.get("TADAMON_SEARCH", True) and not settings.get("TADAMON_DRY_RUN")


def site_path(settings):
    """The path of SITEURL (``/repo`` on a GitHub Pages project site, else empty)."""
    return urlsplit(settings.get("SITEURL", "")).path.rstrip("/")


def _page_written(path, context):
    pages = context.get(KEY)
    if pages is None or context.get("item") is None or not path.endswith(".html"):
        return
    pages.append((path, context.get("lang")))


class SearchGenerator(Generator):
    def generate_context(self):
        if enabled(self.settings):
            self.context[KEY] = []

    def generate_output(self, writer):
        pages = self.context.get(KEY)
        if pages is None:
            return
        cache = self.settings.get("TADAMON_SEARCH_CACHE") or os.path.join(self.settings["CACHE_PATH"], "search")
        options = {
            "root_selector": "main",
            "exclude_selectors": list(self.settings["TADAMON_SEARCH_EXCLUDE"]),
        }
        store = IndexStore(os.path.abspath(cache))
        root = os.path.abspath(self.output_path)
        by_lang = {}
        for file, lang in sorted(set(pages)):
            by_lang.setdefault(lang, []).append((file, os.path.relpath(file, root).replace(os.sep, "/")))
        bundles = store.index(by_lang, options)
        published, size = store.publish(bundles, writer.output, BUNDLE, site_of(self.context).plan)
        pages_count = sum(map(len, by_lang.values()))
        stats = {"pages": pages_count, "indexed": store.indexed, "files": published, "bytes": size}
        self.context["tadamon_search_stats"] = stats
        logger.info(
            "Search (Pagefind %s): %d pages; %s; %d files, %d kB",
            pagefind_version(),
            pages_count,
            f"indexed: {', '.join(store.indexed)}" if store.indexed else "every index reused from the cache",
            published,
            size // 1000,
        )


def install(generator):
    """Template globals: where the search bundle is, and the calls' filter values."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    if settings.get("TADAMON_SEARCH", True):
        path = site_path(settings)
        env.globals["search"] = {"bundle": f"{path}/{BUNDLE}/", "base": f"{path}/"}
    calls.install(env, settings)


def _search_generator(pelican):
    return SearchGenerator


def connect():
    signals.generator_init.connect(install)
    signals.get_generators.connect(_search_generator)
    signals.content_written.connect(_page_written)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
