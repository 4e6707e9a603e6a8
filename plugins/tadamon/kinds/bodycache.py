"""What reading a content file made (its HTML body and its metadata), kept
between builds in the cache: ``bodies/<n>.pickle``, sixteen files, each
content file in the one its path's CRC names, so that a changed file
rewrites a sixteenth of the bodies, not all of them.

An entry counts by its file's bytes (``tadamon.cache.Cache.digest``), and
each file by what its entries were read with: Tadamon's code (its typed
values are pickled), Markdown and its settings, schwifty (IBANs), SITEURL
and the URL settings (bodies hold absolute links), and the site's YAML files
(languages, time zone). A file is written whole; one that is missing, truncated, holds
garbage or was written by another version is a miss: its content files are read
again, nothing fails.

Bodies are stored as UTF-8 bytes: pickling a ``str`` that is not ASCII makes
CPython keep a UTF-8 copy inside the string for as long as it lives (every
Arabic and French body of the site twice in memory until the end of the
build); ``str.encode`` keeps no copy. A body given to an item is kept as
that item's ``str`` and encoded again only when the file is saved, so that
no body is held twice (bytes and text) for the rest of the build.
"""

import contextlib
import importlib.metadata
import logging
import os
import pickle
import zlib

import markdown

from tadamon.cache import fingerprint as fingerprint_of
from tadamon.cache import write_whole

logger = logging.getLogger(__name__)
FOLDER = "bodies"
SHARDS = 16
OLD_FILE = "bodies.pickle"  # all in one file, before
PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fingerprint(settings, cache):
    """What the entries depend on beyond their own file (``cache``: the build's
    ``tadamon.cache.Cache``, whose digests of the code and YAML files are remembered)."""
    urls = (settings.get("SITEURL"), settings.get("TADAMON_URLS"))
    code = []
    for folder, dirs, names in os.walk(PLUGINS):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        code += [cache.digest(os.path.join(folder, name)) for name in sorted(names) if name.endswith(".py")]
    site_files = [cache.digest(os.path.join(settings["PATH"], name)) for name in ("association.yml", "partners.yml")]
    # schwifty's registry of IBAN countries decides which account numbers a file may hold.
    versions = (markdown.__version__, importlib.metadata.version("schwifty"))
    return fingerprint_of(repr((versions, settings.get("MARKDOWN"), urls)), code, site_files)


class Bodies:
    """The read files of the last builds: path -> (file's digest, body, metadata);
    the body as UTF-8 bytes until an item takes it, then as that item's text."""

    def __init__(self, settings, cache, enabled=True):
        self.cache = cache
        self.folder = os.path.join(cache.root, FOLDER)
        self.enabled = enabled
        self.fingerprint = fingerprint(settings, cache) if enabled else None
        self.entries = {}
        if enabled:
            for shard in range(SHARDS):
                self.entries.update(self._load(self.file(shard)))
        self.used = set()
        self.fresh = set()  # the files read from their bytes in this build, not from here
        self.changed = set()  # the shards with an entry put in this build

    def file(self, shard):
        return os.path.join(self.folder, f"{shard}.pickle")

    def _load(self, path):
        try:
            with open(path, "rb") as stream:
                stored = pickle.load(stream)
        except FileNotFoundError:
            return {}
        except Exception as error:  # noqa: BLE001 - a damaged or foreign pickle raises anything: a miss
            logger.debug("Cache %s not used: %r", path, error)
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self.fingerprint:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def has(self, path):
        """Was ``path`` read with these very bytes?"""
        entry = self.entries.get(path)
        return (
            isinstance(entry, tuple)
            and len(entry) == 3
            and isinstance(entry[1], (bytes, str))
            and entry[0] == self.cache.digest(path)
        )

    def get(self, path):
        """(html, metadata) of ``path`` as it was read, if its bytes are unchanged."""
        if not self.has(path):
            return None
        self.used.add(path)
        digest, body, metadata = self.entries[path]
        if isinstance(body, bytes):
            body = body.decode()
            self.entries[path] = (digest, body, metadata)
        return body, metadata

    def put(self, path, read):
        if not self.enabled:
            return
        html, metadata = read
        self.entries[path] = (self.cache.digest(path), html, metadata)
        self.used.add(path)
        self.fresh.add(path)
        self.changed.add(shard_of(path))

    def save(self):
        """Keep the entries of the files this build read: the shards where one was
        put or one is gone are written whole."""
        if not self.enabled:
            return
        shards = self.changed | {shard_of(path) for path in set(self.entries) - self.used}
        if not shards:
            return
        kept = {shard: {} for shard in shards}
        for path, (digest, body, metadata) in self.entries.items():
            entries = kept.get(shard_of(path)) if path in self.used else None
            if entries is not None:
                entries[path] = (digest, body.encode() if isinstance(body, str) else body, metadata)
        for shard, entries in sorted(kept.items()):
            try:
                data = pickle.dumps({"fingerprint": self.fingerprint, "entries": entries}, pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                logger.warning("Could not save the cache %s: %s", self.file(shard), error)
                return
            write_whole(self.file(shard), data)
        self.changed = set()
        with contextlib.suppress(FileNotFoundError):  # a cache restored from before holds a dead copy
            os.remove(os.path.join(self.cache.root, OLD_FILE))


def shard_of(path):
    return zlib.crc32(path.encode()) % SHARDS
