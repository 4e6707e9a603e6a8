"""Pages that need not be rendered again: a rebuild renders only what changed.

Each written page gets a key: a hash of what went into it (the values passed
to its template, every item reached through them or read by the template
while rendering, and the site-wide inputs below). The keys of the last build
are kept in the cache folder with the size and time of each file written. A
page whose key and file are unchanged is not rendered: its file stays as it is.

Site-wide inputs (any change renders every page again): Python and the code
of Pelican, Jinja, Babel, Markdown and every plugin; the theme (templates, catalogs);
the settings; every file of content/ that is not an item (association.yml,
images...); the list of items with their URLs and states (upcoming, closed),
so adding, removing or dating an item renders every page; the stable pages
(menu); the build date; and whatever other plugins put in the context.

What this cannot see: a plugin that reads other items in Python while a page
renders (a filter that looks up the latest news, say). Such a page depends on
more than its key says; set ``TADAMON_REUSE_PAGES = False`` or make the
plugin pass those items to the template. Production builds
(``publishconf.py``, ``LOAD_CONTENT_CACHE = False``) render every page.
"""

import datetime
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import sys

from pelican.contents import Content

CACHE_NAME = "TadamonPages"
ENGINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the tadamon package
PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "babel", "pyyaml")
# Context entries that are per-build bookkeeping or covered elsewhere.
OWN_CONTEXT = {
    "items",
    "all_items",
    "association",
    "i18n",
    "build_time",
    "generated_content",
    "static_links",
    "static_content",
    "localsiteurl",
    "TADAMON_PROBLEMS",
}
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+")


def enabled(settings):
    """Pages are reused, and so their keys made, when the keys are kept."""
    return bool(settings.get("TADAMON_REUSE_PAGES", True) and settings.get("CACHE_CONTENT"))


class PageCache:
    """Keys of the pages of the last build; which pages can be left as they are."""

    def __init__(self, generator):
        self.generator = generator
        settings = generator.settings
        self.path = os.path.join(settings["CACHE_PATH"], CACHE_NAME)
        self.enabled = enabled(settings)
        self.previous = {}
        if self.enabled and settings.get("LOAD_CONTENT_CACHE"):
            try:
                with open(self.path, "rb") as stream:
                    self.previous = pickle.load(stream)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
                self.previous = {}
        self.current = {}
        self._digests = {}
        self._site = None
        if self.enabled:
            self.site_key()  # now, before pages are written (plugins add to the context as they are)

    # --- keys -------------------------------------------------------------

    def site_key(self):
        """Everything that every page may depend on."""
        if self._site is None:
            generator = self.generator
            context = generator.context
            parts = [
                sys.version,
                [(name, _version(name)) for name in PACKAGES],
                # Tadamon's own code too: installed as a package, it is in no PLUGIN_PATHS.
                _stamps([*generator.settings.get("PLUGIN_PATHS", []), ENGINE], (".py",)),
                _stamps([generator.theme, *generator.settings.get("THEME_TEMPLATES_OVERRIDES", [])]),
                _stamps([generator.path], skip=(".md", ".markdown")),
                _stable({k: v for k, v in generator.settings.items() if k not in OWN_CONTEXT}),
                # Order is left out: Pelican lists static files in no fixed order.
                _stable(
                    {k: v for k, v in context.items() if k not in OWN_CONTEXT and k not in generator.settings},
                    None,
                    True,
                ),
                [(i.kind, i.slug, i.lang, i.url, _states(i)) for i in context.get("all_items", [])],
                [self.digest(i) for i in context.get("all_items", []) if i.kind == "page"],
                _build_day(generator.settings, context.get("build_time")),
            ]
            self._site = _hash(repr(parts))
        return self._site

    def digest(self, item):
        """What an item is: its source, its text, its fields, its URL and states."""
        found = self._digests.get(id(item))
        if found is None:
            metadata = sorted((k, _stable(v)) for k, v in item.metadata.items())
            found = _hash(repr((item.source_path, item._content, metadata, item.url, _states(item))))
            self._digests[id(item)] = found
        return found

    def key(self, template, values, dependencies=()):
        """The key of one page: its template, the values passed to it, what it read."""
        try:  # JSON's C encoder walks the values; items and other objects go through _default
            encoded = json.dumps(values, default=self._default, ensure_ascii=False, check_circular=False)
        except (TypeError, ValueError):  # keys that are not strings, say
            encoded = repr(_stable(values, self.digest))
        return _hash("\n".join((self.site_key(), template, encoded, *sorted(dependencies))))

    def _default(self, value):
        if isinstance(value, Content) and hasattr(value, "kind"):
            return "item " + self.digest(value)
        if isinstance(value, (datetime.date, datetime.time)):
            return repr(value)
        return _stable(value, self.digest)

    # --- reuse ------------------------------------------------------------

    def reusable(self, path, template, values):
        """The page's key if its file is still the one written for that key, else None."""
        record = self.previous.get(path)
        if not self.enabled or record is None:
            return None
        key, stamp, dependencies = record
        by_id = self._items_by_id()
        items = [by_id.get(dependency) for dependency in dependencies]
        if None in items:
            return None
        deps = [self.digest(item) for item in items]
        if self.key(template, values, deps) != key or _stamp(path) != stamp:
            return None
        return key, dependencies

    def remember(self, path, template, values, read_items):
        if not self.enabled:
            return
        self._items_by_id()
        # The ids are shared between pages (a new tuple per page and item held
        # 2 MB per thousand activities until the end of the build).
        dependencies = sorted({self._id_of.get(id(item)) or _item_id(item) for item in read_items})
        deps = [self.digest(self._by_id[d]) for d in dependencies if d in self._by_id]
        # Its stamp is taken on saving, once every file is written.
        self.current[path] = (self.key(template, values, deps), None, dependencies)

    def keep(self, path, record):
        key, dependencies = record
        self.current[path] = (key, _stamp(path), dependencies)

    def save(self):
        settings = self.generator.settings
        if not self.enabled:
            return
        for path, (key, stamp, dependencies) in self.current.items():
            if stamp is None:
                self.current[path] = (key, _stamp(path), dependencies)
        os.makedirs(settings["CACHE_PATH"], exist_ok=True)
        with open(self.path, "wb") as stream:
            pickle.dump(self.current, stream, protocol=pickle.HIGHEST_PROTOCOL)

    def _items_by_id(self):
        if not hasattr(self, "_by_id"):
            self._by_id = {_item_id(i): i for i in self.generator.context.get("all_items", [])}
            self._id_of = {id(item): key for key, item in self._by_id.items()}
        return self._by_id


def _item_id(item):
    return (item.kind, item.slug, item.lang)


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


def _stamps(folders, suffixes=None, skip=()):
    """(path, size, mtime) of every file under ``folders``."""
    found = []
    for top in folders:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            for name in sorted(names):
                if (suffixes and not name.endswith(suffixes)) or name.endswith(skip):
                    continue
                path = os.path.join(folder, name)
                found.append((path, _stamp(path)))
    return found


def _stamp(path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _stable(value, item_digest=None, unordered=False):
    """A representation of ``value`` that is the same from one build to the next
    (``unordered``: lists compare as sets)."""
    if isinstance(value, Content):
        if item_digest is not None and hasattr(value, "kind"):
            return ("item", item_digest(value))
        return ("content", value.source_path)
    if isinstance(value, dict):
        pairs = ((str(k), _stable(v, item_digest, unordered)) for k, v in value.items())
        return sorted(pairs, key=lambda kv: kv[0])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v, item_digest, unordered) for v in value]
        return sorted(items, key=repr) if unordered or isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool, type(None), datetime.date, datetime.time)):
        return value
    if callable(value):
        return getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__name__)
    return ADDRESS_RE.sub("", repr(value))


def _hash(text):
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
