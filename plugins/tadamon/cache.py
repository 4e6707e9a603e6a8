"""The one cache of a build: content-addressed files, and one fingerprint.

Every key Tadamon keeps between builds is a ``fingerprint`` of the inputs
that shape the thing kept (a page, a card, an encoded photo, a search
index), and files count by their bytes (``Cache.digest``), never by their
place or time: a fresh clone, whose files all have new mtimes, reuses a
restored cache. What is kept lives in ``Store`` folders, one file per key,
written whole (temporary file, then ``os.replace``) and published into the
output as hard links.

The digests of files are remembered between builds by (size, mtime, inode)
in one ``files.json``, so that a photo or a font is read only when it changed.
"""

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
        with open(temporary, "wb") as stream:
            stream.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(data)
    os.replace(temporary, path)


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
            stat = os.stat(file)
        except OSError:
            return ""
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self._files().get(file)
        if known and known[:3] == stamp:
            return known[3]
        with open(file, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        self._known[file] = [*stamp, digest]
        self._changed = True
        return digest

    def _files(self):
        if self._known is None:
            try:
                with open(os.path.join(self.root, FILES), encoding="utf-8") as stream:
                    self._known = json.load(stream)
            except (OSError, ValueError):
                self._known = {}
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


class Store:
    """Files by key: ``<root>/<key[:2]>/<key><suffix>``."""

    def __init__(self, root):
        self.root = root
        self.used = set()  # the keys this build used

    def path(self, key, suffix=""):
        self.used.add(key)
        return os.path.join(self.root, key[:2], key + suffix)

    def put(self, key, data, suffix=""):
        path = self.path(key, suffix)
        write_whole(path, data)
        return path

    def prune(self):
        """Remove what this build did not use: the cache holds one site's files."""
        if not os.path.isdir(self.root):
            return
        for folder in os.listdir(self.root):
            inner = os.path.join(self.root, folder)
            if len(folder) != 2 or not os.path.isdir(inner):
                continue
            for name in os.listdir(inner):
                key = name.split(".", 1)[0]
                if key not in self.used:
                    os.remove(os.path.join(inner, name))
