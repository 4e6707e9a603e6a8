"""Pages kept in the cache by the key of their declared inputs.

A page's key is a fingerprint (``tadamon.cache``) of what it is made from,
declared when the page is planned, before anything is rendered:

- the site-wide inputs, which every page may show: Python and the versions
  of Pelican, Jinja, Babel and Markdown; Tadamon's code; the theme
  (templates, catalogs); the settings; every file of content/ that is not
  an item (association.yml, partners.yml, photos); every item's identity,
  URL and states (upcoming, closed), so adding, removing or dating an item
  renders every page; the stable pages (the menu); the build day;
- its template and the values passed to it: the item, the members of a
  list, the related items, the alternates, the pagination (items count by
  their digest: their file's bytes, URL and states);
- the items it shows beyond these: an item's translations; on a home page,
  every item of its language.

Files count by their bytes, not their time: a fresh clone reuses a restored
cache. Rendered pages go into the cache's ``pages`` store under their key
and are published as hard links, so a page whose key is in the store is not
rendered: in an editor's rebuild, and in a production build whose cache was
restored.

The declarations are checked, not trusted: with ``TADAMON_CHECK_DEPENDENCIES``
(the test suite sets it) every item a template reads is traced, and a page
that read an item it did not declare stops the build; the tests that
compare a rebuild with a fresh build then hold the declarations complete.
"""

import datetime
import importlib.metadata
import json
import os
import re
import sys

from pelican.contents import Content

from tadamon.cache import fingerprint
from tadamon.errors import SetupError

ENGINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the tadamon package
PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "babel", "pyyaml")
# Settings that say where the build runs, not what a page holds.
PLACES = {"OUTPUT_PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME"}
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+")
STORE = "pages"


def enabled(settings):
    """Pages are kept when the caches are on (``CACHE_CONTENT``)."""
    return bool(settings.get("TADAMON_REUSE_PAGES", True) and settings.get("CACHE_CONTENT"))


class Pages:
    """The keys of this build's pages, and the store that keeps them."""

    def __init__(self, generator, site):
        self.generator, self.site = generator, site
        self.enabled = enabled(generator.settings)
        self.store = site.cache.store(STORE)
        self._digests = {}
        self.stable_pages = [i for i in site.all_items if i.kind == "page"]  # the menu: on every page
        self._site_key = self._site_wide() if self.enabled else ""

    def _site_wide(self):
        generator, site = self.generator, self.site
        settings = generator.settings
        cache = site.cache
        parts = [
            sys.version,
            [(name, _version(name)) for name in PACKAGES],
            # Tadamon's own code too: installed as a package, it is in no PLUGIN_PATHS.
            _digests(cache, [*settings.get("PLUGIN_PATHS", []), ENGINE], (".py",)),
            _digests(cache, [generator.theme, *settings.get("THEME_TEMPLATES_OVERRIDES", [])]),
            _digests(cache, [generator.path], skip=(".md", ".markdown")),
            _stable({k: v for k, v in settings.items() if k not in PLACES}),
            [(i.kind, i.slug, i.lang, i.url, _states(i)) for i in site.all_items],
            [self.digest(i) for i in self.stable_pages],
            _build_day(settings, site.build_time),
        ]
        return fingerprint(repr(parts))

    def digest(self, item):
        """What an item is: its file's bytes, its URL and states."""
        found = self._digests.get(id(item))
        if found is None:
            source = os.path.relpath(item.source_path, self.generator.path)
            found = fingerprint(source, self.site.cache.digest(item.source_path), item.url, repr(_states(item)))
            self._digests[id(item)] = found
        return found

    def declared(self, values):
        """The items a page with these template values shows (beyond the
        stable pages, which are site-wide inputs)."""
        items = []
        item = values.get("item")
        if item is not None:
            items += [item, *item.translations]
            for value in (values.get("related") or {}).values():
                items += value if isinstance(value, list) else [value] if value is not None else []
        items += values.get("list_items") or []
        if values.get("page_name") == "home":
            items += [i for kind in self.site.items[values["lang"]].values() for i in kind]
        return items

    def key(self, template, values):
        """The key of one page: the site-wide inputs, its template, its values, what it shows."""
        try:  # JSON's C encoder walks the values; items and other objects go through _default
            encoded = json.dumps(values, default=self._default, ensure_ascii=False, check_circular=False)
        except (TypeError, ValueError):  # keys that are not strings, say
            encoded = repr(_stable(values, self.digest))
        shown = sorted({self.digest(item) for item in self.declared(values)})
        return fingerprint(self._site_key, template, encoded, shown)

    def _default(self, value):
        if isinstance(value, Content) and hasattr(value, "kind"):
            return "item " + self.digest(value)
        if isinstance(value, (datetime.date, datetime.time)):
            return repr(value)
        return _stable(value, self.digest)

    def file(self, key):
        """Where the store keeps the page of ``key`` (it may not be there)."""
        return self.store.path(key, ".html")

    def finish(self):
        if self.enabled and not self.generator.settings.get("TADAMON_DRY_RUN"):
            self.store.prune()


def check_declared(page, declared, read):
    """Stop the build if the template of ``page`` read an item it did not declare."""
    missing = sorted({(i.kind, i.slug, i.lang) for i in read} - {(i.kind, i.slug, i.lang) for i in declared})
    if missing:
        shown = ", ".join("/".join(parts) for parts in missing)
        raise SetupError(
            f"the page {page.name} (template {page.template}) shows items its key does not declare: "
            f"{shown}; declare them in kinds/reuse.py (Pages.declared)"
        )


def _states(item):
    return tuple(getattr(item, name, None) for name in ("upcoming", "closed"))


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


def _stable(value, item_digest=None):
    """A representation of ``value`` that is the same from one build to the next."""
    if isinstance(value, Content):
        if item_digest is not None and hasattr(value, "kind"):
            return ("item", item_digest(value))
        return ("content", value.source_path)
    if isinstance(value, dict):
        pairs = ((str(k), _stable(v, item_digest)) for k, v in value.items())
        return sorted(pairs, key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [_stable(v, item_digest) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_stable(v, item_digest) for v in value), key=repr)
    if isinstance(value, (str, int, float, bool, type(None), datetime.date, datetime.time)):
        return value
    if callable(value):
        return getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__name__)
    return ADDRESS_RE.sub("", repr(value))
