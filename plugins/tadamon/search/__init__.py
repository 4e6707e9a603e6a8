"""Plugin: search in the page's language, with Pagefind, and what the calls
list needs to be filtered (mode, skill, time) and to show micro-volunteering.

Item pages are noted as they are written (``Site.publish_page``); Pagefind
indexes their ``<main>``, one index per ``<html lang>``, into ``pagefind/`` at
the root of the site. The theme loads Pagefind's Component UI from there when
a visitor opens the search, and it searches only the index of the page's
language.

A language of more than ``TADAMON_SEARCH_SHARD_PAGES`` item pages is indexed
in parts (``shard_of``: by a digest of each item's kind and slug): the first
part is in ``pagefind/``, the others in ``pagefind/<lang>-<n>/``, and the UI
merges them (``mergeIndex``, listed in each page's ``data-search-parts``). A
change then indexes its part again, not its language: Pagefind's time and
memory grow with the pages it is given (docs/performance.md).

A part's index is started as soon as the last of its item pages is
written, in a process of its own, so that it runs while the build writes
the other pages, feeds, calendars and cards (after an editor's save, as soon
as the changed page is written, with the part's other pages as the last
build left them: ``start_early``); ``write`` (which ``tadamon.build``
calls after every stage that writes pages) waits for every part's index and
publishes them, and indexes then any part whose pages were not all known
before (or changed since).

Indexing is cached, part by part: the key of a part's index is a
digest of what Pagefind reads of its pages (``index.indexed_part``: the
``<html>`` tag and ``<main>``), their paths, Pagefind's version and the
options; a build whose key is in the cache folder (``search/`` in
``CACHE_PATH``) links that index into the output instead of running Pagefind
again, so a changed French page indexes its part of the French pages only, and a change
outside ``<main>`` (a menu, the footer) indexes nothing.
"""

import logging
import os
import zlib
from urllib.parse import urlsplit

from tadamon import listed_alone
from tadamon.formats import SEARCH, has, kinds_with
from tadamon.search import calls
from tadamon.search.index import IndexStore, pagefind_version, shard_number

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


def shards(count, size):
    """How many parts a language of ``count`` item pages is indexed in."""
    return max(1, -(-count // size))


def shard_of(item, count):
    """The part of its language's index an item's page is in: ``ar-0``, ``ar-1``...
    By a digest of the item's kind and slug, so that a page stays in its part
    while the site grows, until the language needs one part more."""
    number = zlib.crc32(f"{item.kind}/{item.slug}".encode()) % count
    return f"{item.lang}-{number}"


def parts(site, settings, lang):
    """The URLs of the parts of ``lang``'s index after its first: the search UI of a
    page in ``lang`` merges them (``mergeIndex``) into the primary bundle, which
    holds the first part of every language and Pagefind's scripts."""
    items = searched(site, lang)
    count = shards(len(items), _size(settings))
    found = sorted({shard_of(item, count) for item in items}, key=shard_number)
    return [f"{site_path(settings)}/{BUNDLE}/{shard}/" for shard in found[1:]]


def searched(site, lang):
    """The items of ``lang`` whose pages are indexed (``tadamon.formats``)."""
    lists = site.items.get(lang, {})
    return [item for kind in kinds_with(SEARCH) for item in lists.get(kind, ())]


def _size(settings):
    return settings["TADAMON_SEARCH_SHARD_PAGES"]


class Pages:
    """The item pages written so far, by part of the index (``shard_of``); a
    part's index is started (``IndexStore.start``) once all its pages are written."""

    def __init__(self, build):
        self.site, self.root = build.site, os.path.abspath(build.output_path)
        settings = build.settings
        cache = settings.get("TADAMON_SEARCH_CACHE") or os.path.join(settings["CACHE_PATH"], "search")
        self.store = IndexStore(os.path.abspath(cache))
        self.options = options_of(settings)
        self.size = _size(settings)
        self.written = {}  # shard: {file: item}
        self.expected = None  # shard: {id(item): item} of that part, once known
        self.counts = {}  # lang: how many parts
        self.started = set()

    def _expect(self):
        """Which items each part holds (worked out once, when the first page is written)."""
        if self.expected is None:
            self.expected = {}
            for lang in self.site.items:
                items = searched(self.site, lang)
                self.counts[lang] = shards(len(items), self.size)
                for each in items:
                    self.expected.setdefault(shard_of(each, self.counts[lang]), {})[id(each)] = each

    def add(self, path, item):
        self._expect()
        shard = shard_of(item, self.counts[item.lang])
        written = self.written.setdefault(shard, {})
        written[path] = item
        wanted = self.expected.get(shard)
        if shard in self.started or not wanted or len(wanted) > len(written):
            return
        if wanted.keys() <= {id(each) for each in written.values()}:
            self.started.add(shard)
            self.store.ensure(shard, self._listed(written), self.options)

    def start_early(self, items):
        """Begin the parts of ``items``, whose pages (an editor's save) were written
        before any other, with the other pages of each part as the last build left
        them in the output: Pagefind indexes while the build writes the rest. A part
        whose pages are then written otherwise is begun again (``IndexStore.ensure``)."""
        self._expect()
        for shard in sorted({shard_of(item, self.counts[item.lang]) for item in items if has(item.kind, SEARCH)}):
            files = [os.path.abspath(self.site.output.path(each.save_as)) for each in self.expected[shard].values()]
            if all(map(os.path.isfile, files)):  # else a first build, or pages the last one did not write
                self.store.start(shard, self._listed(files), self.options)

    def by_shard(self):
        """{shard: [(file, path in the site)]}, sorted."""
        return {shard: self._listed(files) for shard, files in self.written.items()}

    def _listed(self, files):
        prefix = os.path.join(self.root, "")
        return [(file, file.removeprefix(prefix).replace(os.sep, "/")) for file in sorted(files)]

    def page_written(self, path, values):
        """A page is in the output (``Site.publish_page``): an item's page is indexed."""
        item = values.get("item")
        if item is not None and has(item.kind, SEARCH) and path.endswith(".html"):
            self.add(os.path.abspath(path), item)


def write(build):
    """The search bundle: every language's index, made again only where its pages changed."""
    site = build.site
    pages = site.search
    if pages is None:
        return
    store, by_shard = pages.store, pages.by_shard()
    folders = store.index(by_shard, pages.options)
    published, size = store.publish(folders, BUNDLE, site.plan)
    pages_count = sum(map(len, by_shard.values()))
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
        found = {}  # lang: its parts, for this build (every page asks)

        def search_parts(lang):
            if lang not in found:
                found[lang] = parts(generator.site, settings, lang)
            return found[lang]

        env.globals["search_parts"] = search_parts
    calls.install(env, settings)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
