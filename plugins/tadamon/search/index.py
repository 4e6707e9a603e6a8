"""Pagefind's index of a site's pages, kept in a cache folder by a digest of what shapes it."""

import asyncio
import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

from tadamon.errors import SetupError

# Pagefind's other interfaces (its Default and Modular UIs, the highlighter):
# the theme uses the Component UI only, so they are not published.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# Pages sent to Pagefind at once: its service answers them in turn, so a few
# in flight keep it busy without holding the whole site in memory.
IN_FLIGHT = 32


def pagefind_version():
    """The version of the Pagefind binary that indexes (it shapes every file of the bundle)."""
    for package in ("pagefind-bin-extended", "pagefind-bin", "pagefind"):
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


class IndexStore:
    """The search bundle of the last build, in ``cache_path/<key>/``."""

    def __init__(self, cache_path):
        self.cache_path = cache_path
        self.indexed = False  # whether this build ran Pagefind

    def key(self, pages, options):
        digest = hashlib.sha256(json.dumps([pagefind_version(), options, UNUSED], sort_keys=True).encode())
        for file, url in pages:
            with open(file, "rb") as stream:
                page = hashlib.file_digest(stream, "sha256").digest()
            digest.update(url.encode() + b"\0" + page)
        return digest.hexdigest()

    def index(self, pages, options):
        """The folder of the bundle for ``pages`` [(file, URL)], made now if the cache has none."""
        key = self.key(pages, options)
        folder = os.path.join(self.cache_path, key)
        if not os.path.isdir(folder):
            partial = folder + ".partial"
            shutil.rmtree(partial, ignore_errors=True)
            os.makedirs(partial)
            # In a thread of its own: the build may itself run inside an event
            # loop (a notebook, a test driving a browser), where asyncio.run fails.
            with ThreadPoolExecutor(1) as thread:
                thread.submit(asyncio.run, _run_pagefind(pages, options, partial)).result()
            for name in UNUSED:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(os.path.join(partial, name))
            os.rename(partial, folder)
            self.indexed = True
        self._prune(key)
        return folder

    def _prune(self, key):
        """One site per cache folder: bundles of other keys are of older builds."""
        for name in os.listdir(self.cache_path):
            if name != key:
                shutil.rmtree(os.path.join(self.cache_path, name), ignore_errors=True)

    @staticmethod
    def publish(folder, target):
        """Link (or copy) the bundle into the output; return (files, bytes)."""
        files = size = 0
        for here, _dirs, names in os.walk(folder):
            into = os.path.join(target, os.path.relpath(here, folder))
            os.makedirs(into, exist_ok=True)
            for name in names:
                source = os.path.join(here, name)
                try:
                    os.link(source, os.path.join(into, name))
                except OSError:  # another file system, or no hard links
                    shutil.copyfile(source, os.path.join(into, name))
                files += 1
                size += os.path.getsize(source)
        return files, size


async def _run_pagefind(pages, options, output_path):
    try:
        from pagefind.index import PagefindIndex
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    if get_executable is None or get_executable() is None:
        raise SetupError("search needs Pagefind, which is not installed: pip install -r requirements.txt")
    async with PagefindIndex(config=dict(options, output_path=output_path)) as index:
        for start in range(0, len(pages), IN_FLIGHT):
            batch = pages[start : start + IN_FLIGHT]
            await asyncio.gather(*(index.add_html_file(content=_read(file), url=url) for file, url in batch))


def _read(file):
    with open(file, encoding="utf-8") as stream:
        return stream.read()
