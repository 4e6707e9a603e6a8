"""The one cache of a build: content-addressed files, and one fingerprint.

Every key Tadamon keeps between builds is a ``fingerprint`` of the inputs
that shape the thing kept (a page, a card, an encoded photo, a search
index), and files count by their bytes (``Cache.digest``), never by their
place or time: a fresh clone, whose files all have new mtimes, reuses a
restored cache. What is kept lives in ``Store`` folders, one file per key,
written whole (temporary file, then ``os.replace``) and published into the
output as hard links.

The cache is disposable: a file of it that is missing, truncated, holds
garbage or was written by another version is a miss, never an error. A
store entry is published only if its bytes are those it was written with:
each store records the sha256 of every entry it wrote, and an entry whose
(size, mtime, inode) is not the one recorded is read and checked again
(a cache restored from an archive, or a published file edited in place,
which is the same file as its entry). Checking rather than copying keeps
the output as hard links: no second copy of every file on disk, and no
entry read when nothing touched it.

The digests of files are remembered between builds by (size, mtime, inode)
in one ``files.json``, so that a photo or a font is read only when it changed.
"""

import contextlib
import datetime
import hashlib
import json
import os
import threading

FILES = "files.json"


def fingerprint(*parts):
    """A hex sha256 of ``parts``: bytes as they are, text as UTF-8, anything
    else as canonical JSON (dates and other objects by their ``repr``)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=_json_default).encode(
                "utf-8", "surrogatepass"
            )
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return repr(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return repr(value)


def write_whole(path, data):
    """Write ``data`` at ``path`` through a temporary file: a reader sees all or
    nothing (builds, processes and threads may race for the same key)."""
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        try:
            with open(temporary, "wb") as stream:
                stream.write(data)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(temporary, "wb") as stream:
                stream.write(data)
        os.replace(temporary, path)
    except OSError:  # a full disk: no half file left behind
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


class Cache:
    """The cache folder of one build (``CACHE_PATH``): file digests and stores."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self._known = None  # file -> [size, mtime_ns, inode, sha256], from the last builds
        self._this_build = {}
        self._changed = False

    def digest(self, file):
        """The sha256 of a file's bytes ("" for no file), read only if it changed."""
        if not file:
            return ""
        file = os.fspath(file)
        found = self._this_build.get(file)
        if found is None:
            found = self._this_build[file] = self._digest(file)
        return found

    def _digest(self, file):
        try:
            stamp = stamp_of(os.stat(file))
        except OSError:
            return ""
        known = self._files().get(file)
        if known and known[:3] == stamp:
            return known[3]
        digest = sha256_of(file)
        self._known[file] = [*stamp, digest]
        self._changed = True
        return digest

    def _files(self):
        if self._known is None:
            self._known = load_stamps(os.path.join(self.root, FILES))
        return self._known

    def store(self, name, root=None):
        """The content-addressed folder ``name`` of this cache (or at ``root``)."""
        return Store(root or os.path.join(self.root, name))

    def save(self):
        """Keep the digests for the next build (only those of files still there)."""
        if self._changed:
            kept = {file: known for file, known in self._known.items() if os.path.exists(file)}
            write_whole(os.path.join(self.root, FILES), json.dumps(kept, sort_keys=True).encode())
            self._changed = False


def stamp_of(stat):
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def sha256_of(path):
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def load_object(path):
    """The JSON object kept at ``path``; None if it is missing, damaged or not an object."""
    try:
        with open(path, encoding="utf-8") as stream:
            found = json.load(stream)
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def stamped(entry):
    """Is ``entry`` a file's [size, mtime_ns, inode, sha256], as the caches keep them?"""
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and all(isinstance(v, int) for v in entry[:3])
        and isinstance(entry[3], str)
    )


def load_stamps(path):
    """{name: [size, mtime_ns, inode, sha256]} kept at ``path``; empty if it is
    missing, damaged or of another shape."""
    found = load_object(path) or {}
    return {name: known for name, known in found.items() if stamped(known)}


class Store:
    """Files by key: ``<root>/<key[:2]>/<key><suffix>``, each checked against the
    sha256 it was written with (``DIGESTS``) before it is used."""

    DIGESTS = "digests.json"

    def __init__(self, root):
        self.root = root
        self.used = set()  # the keys this build used
        self._digests = None  # entry's name -> [size, mtime_ns, inode, sha256]
        self._changed = False
        self._loading = threading.Lock()  # photos are encoded in threads

    def path(self, key, suffix=""):
        self.used.add(key)
        return os.path.join(self.root, key[:2], key + suffix)

    def get(self, key, suffix=""):
        """The entry of ``key`` if it holds the bytes it was written with, else None
        (and a damaged entry is removed)."""
        path = self.path(key, suffix)
        try:
            stamp = stamp_of(os.stat(path))
        except OSError:
            return None
        known = self._known().get(key + suffix)
        if known is not None and known[:3] == stamp:
            return path
        if known is not None and sha256_of(path) == known[3]:
            self._note(key + suffix, [*stamp, known[3]])
            return path
        with contextlib.suppress(OSError):
            os.remove(path)
        return None

    def put(self, key, data, suffix=""):
        path = self.path(key, suffix)
        write_whole(path, data)
        self._note(key + suffix, [*stamp_of(os.stat(path)), hashlib.sha256(data).hexdigest()])
        return path

    def adopt(self, key, suffix=""):
        """Record the entry another process wrote for ``key`` (e.g. a card drawn by a worker)."""
        path = self.path(key, suffix)
        self._note(key + suffix, [*stamp_of(os.stat(path)), sha256_of(path)])
        return path

    def _known(self):
        if self._digests is None:
            with self._loading:
                if self._digests is None:
                    self._digests = load_stamps(os.path.join(self.root, self.DIGESTS))
        return self._digests

    def _note(self, name, known):
        self._known()[name] = known
        self._changed = True

    def finish(self, settings):
        """Keep the digests; remove the entries this build did not use (the cache holds
        one site's files), except after a check, which may run with other settings
        than the builds whose files the cache keeps."""
        if not settings.get("TADAMON_DRY_RUN"):
            self._prune()
        self.save()

    def _prune(self):
        if os.path.isdir(self.root):
            for folder in os.listdir(self.root):
                inner = os.path.join(self.root, folder)
                if len(folder) != 2 or not os.path.isdir(inner):
                    continue
                for name in os.listdir(inner):
                    key = name.split(".", 1)[0]
                    if key not in self.used:
                        os.remove(os.path.join(inner, name))
                        self._known().pop(name, None)
                        self._changed = True

    def save(self):
        if self._changed:
            write_whole(os.path.join(self.root, self.DIGESTS), json.dumps(self._known(), sort_keys=True).encode())
            self._changed = False
