"""Pagefind's index of a site's pages, one per language, each kept in a cache
folder by a digest of what shapes it.

Pagefind runs once per index, as its command line over a folder of links to
the pages to index (not over the output folder, which still holds the pages
of the last build that this one may drop). Its Python API was measured at
0.1 s per page (its service reads each answer after a 0.1 s sleep): 32 s for
295 pages, against well under a second for the command line.
"""

import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess

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


def pagefind_version():
    """The version of the Pagefind binary that indexes (it shapes every file of the bundle)."""
    for package in ("pagefind-bin-extended", "pagefind-bin", "pagefind"):
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def pagefind_binary():
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None:
        raise SetupError("search needs Pagefind, which is not installed: pip install -r requirements.txt")
    return str(binary)


ENTRY = "pagefind-entry.json"  # the bundle's table of languages, the one file that names them all


class IndexStore:
    """The search bundle of the last build: one Pagefind index per language, each in
    ``cache_path/<key>/``, so that a changed page indexes its own language again only."""

    def __init__(self, cache_path):
        self.cache_path = cache_path
        self.indexed = []  # the languages this build ran Pagefind for

    def key(self, lang, pages, options):
        shape = [pagefind_version(), options, UNUSED, lang]
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode())
        for file, relative in pages:
            with open(file, "rb") as stream:
                page = hashlib.file_digest(stream, "sha256").digest()
            digest.update(relative.encode() + b"\0" + page)
        return digest.hexdigest()

    def index(self, pages, options):
        """The folders of the bundles for ``pages`` {lang: [(file, path in the site)]},
        made now for the languages that the cache has none for."""
        folders = []
        for lang, its_pages in sorted(pages.items()):
            key = self.key(lang, its_pages, options)
            folder = os.path.join(self.cache_path, key)
            if not os.path.isdir(folder):
                self._make(folder, its_pages, options)
                self.indexed.append(lang)
            folders.append(folder)
        self._prune({os.path.basename(folder) for folder in folders})
        return folders

    @staticmethod
    def _make(folder, pages, options):
        work = folder + ".partial"
        shutil.rmtree(work, ignore_errors=True)
        for file, relative in pages:
            _link_or_copy(file, os.path.join(work, "site", *relative.split("/")))
        _run_pagefind(work, options)
        bundle = os.path.join(work, "bundle")
        for name in UNUSED:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(bundle, name))
        os.rename(bundle, folder)
        shutil.rmtree(work, ignore_errors=True)

    def _prune(self, keys):
        """One site per cache folder: bundles of other keys are of older builds."""
        for name in os.listdir(self.cache_path):
            if name not in keys:
                shutil.rmtree(os.path.join(self.cache_path, name), ignore_errors=True)

    @staticmethod
    def publish(folders, output, bundle, plan):
        """Put the bundles of every language together at ``bundle/`` in the
        output (``writer.output``), each file keyed in the ``plan`` by its
        index's key; return (files, bytes).

        Each language's files are named after it (``index/fr_*.pf_index``,
        ``wasm.fr.pagefind``...); the scripts are the same in every bundle; the
        table of languages is the union of theirs."""
        files = size = 0
        entry = None
        published = set()
        for folder in folders:
            with open(os.path.join(folder, ENTRY), encoding="utf-8") as stream:
                own = json.load(stream)
            if entry is None:
                entry = own
            else:
                entry["languages"].update(own["languages"])
            for here, _dirs, names in os.walk(folder):
                relative = os.path.relpath(here, folder).replace(os.sep, "/")
                for name in names:
                    url = f"{bundle}/{name}" if relative == "." else f"{bundle}/{relative}/{name}"
                    if name == ENTRY or url in published:
                        continue
                    source = os.path.join(here, name)
                    plan.copy(output, url, source, os.path.basename(folder))
                    published.add(url)
                    files += 1
                    size += os.path.getsize(source)
        if entry is not None:
            data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
            plan.add(f"{bundle}/{ENTRY}", [os.path.basename(folder) for folder in folders])
            output.write(f"{bundle}/{ENTRY}", data)
            files += 1
            size += len(data)
        return files, size


def _run_pagefind(work, options):
    """Index ``work/site`` into ``work/bundle``, configured by a ``pagefind.json`` there."""
    config = dict(options, site="site", output_path="bundle", quiet=True)
    with open(os.path.join(work, "pagefind.json"), "w", encoding="utf-8") as stream:
        json.dump(config, stream)
    done = subprocess.run([pagefind_binary()], cwd=work, capture_output=True, text=True)
    if done.returncode != 0 or not os.path.isdir(os.path.join(work, "bundle")):
        raise RuntimeError(f"Pagefind failed (exit status {done.returncode}):\n{done.stdout}{done.stderr}")


def _link_or_copy(source, target):
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:  # another file system, or no hard links: copied below
        pass
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
