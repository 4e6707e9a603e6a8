"""The plan: the files producers make from the site model, each with the key
of its declared inputs.

A producer declares, for each file, what it is made from (``Plan.add``) and
gives a function that makes its bytes (``Plan.publish``). Every key starts
with the site-wide inputs, which any file may show:

- Python and the versions of Pelican, Jinja, Babel, Markdown, segno (QR
  codes) and schwifty (IBANs); Tadamon's code; the theme (templates, catalogs, CSS); the settings;
- every file of content/ that is not an item (association.yml,
  partners.yml, photos);
- every item's identity, URL and states (upcoming, closed): adding,
  removing or dating an item makes every file again; the stable pages (the
  menu is on every page); the build day.

Items count by their digest (their file's bytes, URL and states), files by
their bytes, never their time: a fresh clone (every mtime new) reuses a
restored cache. Made files are kept in the cache's ``files`` store under
their key and published as hard links, so a file whose key is there is not
made again: in an editor's rebuild, and in a production build whose cache
was restored. Share cards, photos and search indexes have stores of their
own, keyed the same way (``tadamon.cache.fingerprint``).
"""

import datetime
import importlib.metadata
import logging
import os
import re
import sys

from tadamon.cache import fingerprint
from tadamon.kinds.contents import Item

ENGINE = os.path.dirname(os.path.abspath(__file__))  # the tadamon package
PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "babel", "pyyaml", "pillow", "segno", "schwifty")
# Settings that say where and how the build runs, not what a file holds
# (a check makes the same files as a build, and publishes none).
PLACES = {"PATH", "OUTPUT_PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME", "TADAMON_DRY_RUN", "TADAMON_DIGEST"}
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+")
STORE = "files"
logger = logging.getLogger(__name__)


def enabled(settings):
    """Files are kept when the caches are on (``CACHE_CONTENT``)."""
    return bool(settings.get("TADAMON_REUSE_PAGES", True) and settings.get("CACHE_CONTENT"))


class Plan:
    def __init__(self, site, settings):
        self.site, self.settings = site, settings
        self.enabled = enabled(settings)
        self.store = site.cache.store(STORE)
        self.keys = {}  # URL -> key of every file planned in this build
        self.made = []  # URLs of the files made in this build
        self.reused = 0
        self.stable_pages = [i for i in site.all_items if i.kind == "page"]
        self._digests = {}
        self._site_key = None
        self.content_prefix = os.path.join(os.path.abspath(settings["PATH"]), "")

    def add(self, url, *inputs):
        """Plan the file at ``url``, made from ``inputs``; return its key."""
        key = self.keys[url] = fingerprint(self.site_key(), url, *inputs)
        return key

    def cached(self, url, key):
        """The store's file for ``key``, if the cache keeps one."""
        if not self.enabled:
            return None
        path = self.store.get(key, os.path.splitext(url)[1])
        if path is not None:
            self.reused += 1
        return path

    def publish(self, url, key, make=None, *, source=None, link=True):
        """The one way a planned file reaches the output (``site.output``); ``key`` is ``add``'s.

        ``source``: a file that holds its bytes already (the store's entry ``cached``
        found, a photo or card of another store, a file of content/), put there as a
        hard link (``link``) or a copy. Without one: the files store's entry for
        ``key``, else ``make()``'s bytes, kept in the store when the cache is on.
        Returns the file the output's bytes come from (None: made and not kept)."""
        output = self.site.output
        if source is None:
            source = self.cached(url, key)
        if source is None:
            self.made.append(url)
            data = make()
            if not self.enabled:
                output.write(url, data)
                return None
            source = self.store.put(key, data, os.path.splitext(url)[1])
        output.write(url, source=source, link=link)
        return source

    def copy(self, url, source, *inputs, link=True):
        """Plan and publish the file ``source`` at ``url``; its key is ``inputs``,
        or by default the file's bytes."""
        return self.publish(url, self.add(url, *(inputs or [self.site.cache.digest(source)])), source=source, link=link)

    def unplanned(self, output):
        """The files ``output`` holds that no producer planned (the rule's check)."""
        return sorted(url for url in output.urls() if url not in self.keys)

    def finish(self):
        """Forget the files of earlier builds that this one did not plan."""
        logger.info("Plan: %d files, %d made, %d from the cache", len(self.keys), len(self.made), self.reused)
        logger.debug("Made: %s", " ".join(self.made))
        if self.enabled:
            self.store.finish(self.settings)

    # --- inputs -------------------------------------------------------------

    def site_key(self):
        if self._site_key is None:
            settings, cache = self.settings, self.site.cache
            parts = [
                sys.version,
                [(name, _version(name)) for name in PACKAGES],
                # Tadamon's own code too: installed as a package, it is in no PLUGIN_PATHS.
                _digests(cache, [*settings.get("PLUGIN_PATHS", []), ENGINE], (".py",)),
                _digests(cache, [settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", [])]),
                _digests(cache, [settings["PATH"]], skip=(".md", ".markdown")),
                stable({k: v for k, v in settings.items() if k not in PLACES and k.isupper()}),
                [(i.kind, i.slug, i.lang, i.url, _states(i)) for i in self.site.all_items],
                [self.digest(i) for i in self.stable_pages],
                _build_day(settings, self.site.build_time),
            ]
            self._site_key = fingerprint(repr(parts))
        return self._site_key

    def digest(self, item):
        """What an item is: its file's bytes, its URL and states."""
        found = self._digests.get(id(item))
        if found is None:
            # Not os.path.relpath: this runs for every item.
            source = item.source_path.removeprefix(self.content_prefix)
            found = fingerprint(source, self.site.cache.digest(item.source_path), item.url, repr(_states(item)))
            self._digests[id(item)] = found
        return found

    def encoded(self, value):
        """``value`` in a key, for JSON's encoder: an item by its digest."""
        if isinstance(value, Item):
            return "item " + self.digest(value)
        if isinstance(value, (datetime.date, datetime.time)):
            return repr(value)
        return stable(value, self.digest)

    def digests(self, items):
        return sorted({self.digest(item) for item in items})


def _states(item):
    return (item.upcoming, item.closed)


def _build_day(settings, now):
    """The build date, to the day (pages say upcoming/past, open/closed)."""
    if now is None:
        return None
    fixed = settings.get("TADAMON_BUILD_DATE") or os.environ.get("SOURCE_DATE_EPOCH")
    return now.isoformat() if fixed else now.date().isoformat()


def _version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _digests(cache, folders, suffixes=None, skip=()):
    """(path inside its folder, sha256) of every file under ``folders``."""
    found = []
    for top in folders:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            for name in sorted(names):
                if (suffixes and not name.endswith(suffixes)) or name.endswith(skip):
                    continue
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, top), cache.digest(path)))
    return found


def stable(value, item_digest=None):
    """A representation of ``value`` that is the same from one build to the next."""
    if isinstance(value, Item):
        return ("item", item_digest(value)) if item_digest is not None else ("item", value.source_path)
    if isinstance(value, dict):
        pairs = ((str(k), stable(v, item_digest)) for k, v in value.items())
        return sorted(pairs, key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [stable(v, item_digest) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((stable(v, item_digest) for v in value), key=repr)
    if isinstance(value, (str, int, float, bool, type(None), datetime.date, datetime.time)):
        return value
    if callable(value):
        return getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__name__)
    return ADDRESS_RE.sub("", repr(value))
