"""Plugin: search in the page's language, with Pagefind, and what the calls
list needs to be filtered (mode, skill, time) and to show micro-volunteering.

Item pages are noted as they are written (``Site.write_page``); Pagefind
indexes their ``<main>``, one index per ``<html lang>``, into ``pagefind/`` at
the root of the site. The theme loads Pagefind's Component UI from there when
a visitor opens the search, and it searches only the index of the page's
language.

A language's index is started as soon as the last of its item pages is
written, in a process of its own, so that it runs while the build writes
the other pages, feeds, calendars and cards; ``write`` (which ``tadamon.build``
calls after every stage that writes pages) waits for every
language's index and publishes them, and indexes then any language whose
pages were not all known before (or changed since).

Indexing is cached, language by language: the key of a language's index is a
digest of what Pagefind reads of its pages (``index.indexed_part``: the
``<html>`` tag and ``<main>``), their paths, Pagefind's version and the
options; a build whose key is in the cache folder (``search/`` in
``CACHE_PATH``) links that index into the output instead of running Pagefind
again, so a changed French page indexes the French pages only, and a change
outside ``<main>`` (a menu, the footer) indexes nothing.
"""

import logging
import os
from urllib.parse import urlsplit

from tadamon import listed_alone
from tadamon.search import calls
from tadamon.search.index import IndexStore, pagefind_version

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the bundle's folder, at the root of SITEURL


def enabled(settings):
    # Not in a check: Pagefind reads the pages from disk, and a check writes none.
    return settings.get("TADAMON_SEARCH", True) and not settings.get("TADAMON_DRY_RUN")


def site_path(settings):
    """The path of SITEURL (``/repo`` on a GitHub Pages project site, else empty)."""
    return urlsplit(settings.get("SITEURL", "")).path.rstrip("/")


def options_of(settings):
    return {"root_selector": "main", "exclude_selectors": list(settings["TADAMON_SEARCH_EXCLUDE"])}


class Pages:
    """The item pages written so far, by language; a language's index is started
    (``IndexStore.start``) once all its items' pages are written."""

    def __init__(self, build):
        self.site, self.root = build.site, os.path.abspath(build.output_path)
        settings = build.settings
        cache = settings.get("TADAMON_SEARCH_CACHE") or os.path.join(settings["CACHE_PATH"], "search")
        self.store = IndexStore(os.path.abspath(cache))
        self.options = options_of(settings)
        self.written = {}  # lang: {file: item}
        self.expected = None  # lang: the items of that language, once known
        self.started = set()

    def add(self, path, lang, item):
        self.written.setdefault(lang, {})[path] = item
        if self.expected is None:
            self.expected = {}
            for each in self.site.all_items:
                self.expected.setdefault(each.lang, set()).add(id(each))
        wanted = self.expected.get(lang)
        if lang in self.started or not wanted or len(wanted) > len(self.written[lang]):
            return
        if wanted <= {id(written) for written in self.written[lang].values()}:
            self.started.add(lang)
            self.store.start(lang, self.by_lang()[lang], self.options)

    def by_lang(self):
        """{lang: [(file, path in the site)]}, sorted."""
        return {
            lang: [(file, os.path.relpath(file, self.root).replace(os.sep, "/")) for file in sorted(files)]
            for lang, files in self.written.items()
        }

    def page_written(self, path, values):
        """A page is in the output (``Site.write_page``): an item's page is indexed."""
        if values.get("item") is not None and path.endswith(".html"):
            self.add(os.path.abspath(path), values.get("lang"), values["item"])


def write(build):
    """The search bundle: every language's index, made again only where its pages changed."""
    site = build.site
    pages = site.search
    if pages is None:
        return
    store, by_lang = pages.store, pages.by_lang()
    bundles = store.index(by_lang, pages.options)
    published, size = store.publish(bundles, site.output, BUNDLE, site.plan)
    pages_count = sum(map(len, by_lang.values()))
    site.stats["search"] = {"pages": pages_count, "indexed": store.indexed, "files": published, "bytes": size}
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


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
