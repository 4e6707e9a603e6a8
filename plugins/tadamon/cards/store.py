"""The cards of one build: cache on disk, pool of workers, copies into the output.

A card's cache key is a digest of everything that shapes it: its texts,
language, direction, colours, the bytes of its font, logo and picture files,
the drawing code, and the versions of Pillow and of the libraries that shape
the text (raqm, FriBiDi, HarfBuzz). Cards whose key is in the cache are
not drawn again; the others are drawn by a pool of worker processes, grouped
by picture so that a picture is decoded and scaled once per worker. Cards go
into the output as hard links to the cache (a copy where links cannot be made).
Keys, file digests and cache files are those of ``tadamon.cache``.
"""

import importlib.util
import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor

import PIL

from tadamon.cache import Store, fingerprint, write_whole

logger = logging.getLogger(__name__)

SHAPERS = ("raqm", "fribidi", "harfbuzz")
LINKER_CACHE = "/etc/ld.so.cache"  # Linux's; rewritten by ldconfig at every library install
# Below this many cards to draw, starting workers costs more than it saves.
INLINE_AT_MOST = 8


class CardStore:
    def __init__(self, cache_path, cache, workers=None):
        """``cache_path``: the cards' folder; ``cache``: the build's ``tadamon.cache.Cache``.

        A store that holds no card yet (a first build: every card will be drawn)
        forks its workers now, while the build's process is small: a worker forked
        after the pages are rendered counts all of them in its own memory."""
        self.cache_path = cache_path
        self.store = Store(cache_path)
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.pool = None
        if self.workers > 1 and not os.path.exists(os.path.join(cache_path, Store.DIGESTS)):
            self.pool = ProcessPoolExecutor(self.workers)
            for _worker in range(self.workers):
                self.pool.submit(_load_drawing)
        os.makedirs(cache_path, exist_ok=True)
        self.digest = cache.digest
        self.code = fingerprint(_drawing_code(), shaping_versions(cache_path))
        self.cards = {}  # card URL -> key
        self.pending = {}  # key -> (Card, digests) of the cards to draw
        self.reused = set()
        self.rendered = 0

    def file(self, key):
        return self.store.path(key, ".png")

    def add(self, url, card):
        """Remember that ``url`` is ``card``; return its key."""
        digests = {path: self.digest(path) for path in (card.logo, card.picture, *card.fonts) if path}
        shape = dict(card.__dict__)  # its fields (asdict() would deep-copy them)
        for field in ("logo", "picture"):  # a file counts by its bytes, not its place
            shape[field] = digests.get(shape[field], "")
        shape["fonts"] = [digests.get(path, "") for path in card.fonts]
        key = fingerprint(self.code, shape)
        self.cards[url] = key
        if self.store.get(key, ".png") is not None:
            self.reused.add(key)
        else:
            self.pending[key] = (card, digests)
        return key

    def add_known(self, url, key):
        """Remember that ``url`` is the card of ``key`` if the cache holds it; return whether it does."""
        if self.store.get(key, ".png") is None:
            return False
        self.cards[url] = key
        self.reused.add(key)
        return True

    def render(self):
        """Draw every pending card into the cache."""
        jobs = sorted(self.pending.items(), key=lambda job: (job[1][0].picture, job[1][0].lang, job[0]))
        if len(jobs) > INLINE_AT_MOST and self.workers > 1:
            size = max(1, min(32, len(jobs) // (self.workers * 4)))
            batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            with self.pool or ProcessPoolExecutor(self.workers) as pool:
                for _done in pool.map(_draw_batch, [self.cache_path] * len(batches), batches):
                    pass
            self.pool = None
        elif jobs:  # with none (every card in the cache), the drawing code is not even loaded
            _draw_batch(self.cache_path, jobs)
        for key, _job in jobs:
            self.store.adopt(key, ".png")
        self.rendered = len(jobs)
        self.pending = {}

    def close(self):
        """Stop the workers forked ahead, if no drawing took them (few cards, or a failed build)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def publish(self, plan):
        """Put every card at its URL in the output (``tadamon.output``), as a hard
        link to the cache: an unchanged card is the same file, not read again."""
        for url, key in self.cards.items():
            plan.copy(url, self.file(key), key)

    def finish(self, settings):
        """Forget cards no page of this site uses any more (``Store.finish``)."""
        self.store.finish(settings)


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
        write_whole(known_file, json.dumps({"stamp": stamp, "versions": versions}).encode())
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


def _load_drawing():
    """A worker forked ahead loads the drawing code while the build renders its pages."""
    from tadamon.cards import draw  # noqa: F401


def _draw_batch(cache_path, jobs):
    from tadamon.cards import draw

    store = Store(cache_path)
    for key, (card, digests) in jobs:
        store.put(key, draw.render(card, digests), ".png")
    return len(jobs)
