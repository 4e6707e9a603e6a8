"""The cards of one build: cache on disk, pool of workers, copies into the output.

A card's cache key is a digest of everything that shapes it: its texts,
language, direction, colours, the bytes of its font, logo and picture files,
the drawing code, and the versions of Pillow and of the libraries that shape
the text (raqm, FriBiDi, HarfBuzz). Cards whose key is in the cache are
not drawn again; the others are drawn by a pool of worker processes, grouped
by picture so that a picture is decoded and scaled once per worker. Cards go
into the output as hard links to the cache (a copy where links cannot be made).
"""

import hashlib
import importlib.util
import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor

import PIL

logger = logging.getLogger(__name__)

SHAPERS = ("raqm", "fribidi", "harfbuzz")
LINKER_CACHE = "/etc/ld.so.cache"  # Linux's; rewritten by ldconfig at every library install
# Below this many cards to draw, starting workers costs more than it saves.
INLINE_AT_MOST = 8


class FileDigests:
    """sha256 of files, remembered by (size, mtime) between builds so that
    pictures are read only when they change, yet keys follow their bytes
    (a fresh clone with new mtimes reuses a restored cache)."""

    def __init__(self, path):
        self.path = path
        self.known = {}
        self.changed = False
        self.this_build = {}  # file -> digest: the logo and fonts are on every card
        try:
            with open(path, encoding="utf-8") as stream:
                self.known = json.load(stream)
        except (OSError, ValueError):
            pass

    def __call__(self, file):
        if not file:
            return ""
        if file not in self.this_build:
            self.this_build[file] = self._digest(file)
        return self.this_build[file]

    def _digest(self, file):
        try:
            stat = os.stat(file)
        except OSError:
            return ""
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self.known.get(file)
        if known and known[:2] == stamp:
            return known[2]
        with open(file, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        self.known[file] = [*stamp, digest]
        self.changed = True
        return digest

    def save(self):
        if self.changed:
            _write_atomic(self.path, json.dumps(self.known, sort_keys=True).encode())


class CardStore:
    def __init__(self, cache_path, workers=None):
        self.cache_path = cache_path
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        os.makedirs(cache_path, exist_ok=True)
        self.digest = FileDigests(os.path.join(cache_path, "files.json"))
        self.code = hashlib.sha256(_drawing_code() + shaping_versions(cache_path).encode()).hexdigest()
        self.cards = {}  # card URL -> key
        self.pending = {}  # key -> (Card, digests) of the cards to draw
        self.reused = set()
        self.rendered = 0

    def file(self, key):
        return os.path.join(self.cache_path, key[:2], key + ".png")

    def add(self, url, card):
        """Remember that ``url`` is ``card``; return False if ``url`` was known."""
        if url in self.cards:
            return False
        digests = {path: self.digest(path) for path in (card.logo, card.picture, *card.fonts) if path}
        shape = dict(card.__dict__)  # its fields (asdict() would deep-copy them)
        for field in ("logo", "picture"):  # a file counts by its bytes, not its place
            shape[field] = digests.get(shape[field], "")
        shape["fonts"] = [digests.get(path, "") for path in card.fonts]
        key = hashlib.sha256(json.dumps([self.code, shape], sort_keys=True).encode()).hexdigest()
        self.cards[url] = key
        if os.path.exists(self.file(key)):
            self.reused.add(key)
        else:
            self.pending[key] = (card, digests)
        return True

    def render(self):
        """Draw every pending card into the cache."""
        jobs = sorted(self.pending.items(), key=lambda job: (job[1][0].picture, job[1][0].lang, job[0]))
        if len(jobs) > INLINE_AT_MOST and self.workers > 1:
            size = max(1, min(32, len(jobs) // (self.workers * 4)))
            batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            with ProcessPoolExecutor(self.workers) as pool:
                for _done in pool.map(_draw_batch, [self.cache_path] * len(batches), batches):
                    pass
        elif jobs:  # with none (every card in the cache), the drawing code is not even loaded
            _draw_batch(self.cache_path, jobs)
        self.rendered = len(jobs)
        self.pending = {}
        self.digest.save()

    def publish(self, output):
        """Put every card at its URL in the output (``tadamon.output``), as a hard
        link to the cache: an unchanged card is the same file, not read again."""
        for url, key in self.cards.items():
            output.write(url, source=self.file(key), link=True)

    def prune(self):
        """Forget cards no page of this site uses any more."""
        used = set(self.cards.values())
        for folder in os.listdir(self.cache_path):
            inner = os.path.join(self.cache_path, folder)
            if len(folder) != 2 or not os.path.isdir(inner):
                continue
            for name in os.listdir(inner):
                if name.endswith(".png") and name[:-4] not in used:
                    os.remove(os.path.join(inner, name))


def shaping_versions(cache_path):
    """Pillow's version and those of the libraries that shape and place text:
    a new HarfBuzz, FriBiDi or raqm can move the letters of the same text.

    Asking them loads FreeType and HarfBuzz (1.5 MB), which a build with every
    card in the cache need not pay: they are kept in the cache with a stamp of
    what changes when they can, and asked again only when it changed."""
    stamp = _shaping_stamp()
    known_file = os.path.join(cache_path, "shapers.json")
    if stamp is not None:
        try:
            with open(known_file, encoding="utf-8") as stream:
                known = json.load(stream)
            if known["stamp"] == stamp:
                return known["versions"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    from PIL import features

    versions = " ".join([f"pillow={PIL.__version__}", *(f"{name}={features.version(name)}" for name in SHAPERS)])
    if stamp is not None:
        _write_atomic(known_file, json.dumps({"stamp": stamp, "versions": versions}).encode())
    return versions


def _shaping_stamp():
    """Pillow's font module (raqm and HarfBuzz come in Pillow's wheels) and the
    dynamic linker's cache, which installing a system library (FriBiDi)
    updates; None where there is no such cache: the versions are then asked
    at every build."""
    spec = importlib.util.find_spec("PIL._imagingft")
    files = [spec.origin if spec else None, LINKER_CACHE]
    stamp = [PIL.__version__, os.environ.get("LD_LIBRARY_PATH", "")]
    for file in files:
        try:
            stat = os.stat(file)
        except (OSError, TypeError):
            return None
        stamp.append([file, stat.st_size, stat.st_mtime_ns])
    return stamp


def _drawing_code():
    """The code that draws cards (read, not imported: importing it loads FreeType
    and HarfBuzz, which a build with every card in the cache never needs)."""
    with open(os.path.join(os.path.dirname(__file__), "draw.py"), "rb") as stream:
        return stream.read()


def _draw_batch(cache_path, jobs):
    from tadamon.cards import draw

    for key, (card, digests) in jobs:
        data = draw.render(card, digests)
        path = os.path.join(cache_path, key[:2], key + ".png")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_atomic(path, data)
    return len(jobs)


def _write_atomic(path, data):
    """Write through a temporary file, so that a cache file is whole or absent."""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)
