"""Pagefind's index of a site's pages, one per language, each kept in a cache
folder by a digest of what Pagefind reads.

What Pagefind reads of a page is its ``<html>`` tag (the language) and its
``<main>`` (``root_selector``: the title is its ``<h1>``, the text what the
exclusions leave); ``indexed_part`` cuts that out, and Pagefind is given
these parts, not the pages: the same bundle, byte for byte
(``tests/test_search.py``), from a third of the bytes. The key of a language's
index is a digest of its parts and their paths, so a change outside ``<main>``
(the menu, the footer, the ``<head>``) indexes nothing again.

A language's folder in the cache holds its bundle (``bundle/``), the parts
Pagefind read (``source/``, one file per page at the page's own path, which
gives the result's URL) and ``pages.json``: each page's digest with the
(size, mtime, inode) of the output file it came from, so that a build whose
pages were left as they were reads none of them. When a language is indexed
again, its ``source/`` moves to the new folder and only the parts that
changed are written into it: a changed page costs one file written, not a
tree of a thousand folders made and removed again.

Pagefind runs as its service (``pagefind --service``), in a process of its
own that is started as soon as a language's pages are all written
(``start``): it indexes one language while the build writes the other and
the feeds, calendars and cards. The pages are handed to it one by one, in
the order of their paths: its command line takes them in the order the file
system lists them, and the index depends on that order (the same site gave
other files on a tmpfs than on ext4). Its Python API is not used: it waits
0.1 s per page. What Pagefind's options would change: docs/performance.md.

A language's folder is used again only if its bundle holds the bytes Pagefind
wrote (``pages.json`` keeps their sha256, and their (size, mtime, inode), as
the cache's stores do: a file whose stamp changed is read and checked again):
a damaged cache is indexed again.
"""

import atexit
import base64
import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import threading

from tadamon.cache import fingerprint, load_object, sha256_of, stamp_of, stamped, write_whole
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
# Bump when indexed_part() or the layout of a part's folder changes.
LAYOUT = 4

HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
MAIN_TAG = re.compile(rb"<main\b", re.IGNORECASE)
MAIN_END = b"</main>"


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
META = ".pf_meta"  # a language's table of its index; a merged part needs it beside index/ and fragment/


def indexed_part(page):
    """What Pagefind reads of ``page`` (an HTML page's bytes) with ``root_selector: main``:
    its ``<html>`` tag, with the language, and its ``<main>`` element (from the
    first ``<main`` to the last ``</main>``: a body's own HTML stays inside),
    as a page of its own. A page without them is given whole."""
    html = HTML_TAG.search(page)
    main = MAIN_TAG.search(page)
    end = page.rfind(MAIN_END)
    if html is None or main is None or end < main.start():
        return page
    main = page[main.start() : end + len(MAIN_END)]
    return b"<!doctype html>\n" + html.group() + b"<body>" + main + b"</body></html>\n"


def _indexed_file(file):
    with open(file, "rb") as stream:
        return indexed_part(stream.read())


def _signature(file):
    return stamp_of(os.stat(file))


_running = set()  # Pagefind indexers not waited for yet: stopped if the build ends before


@atexit.register
def _stop_running():
    for indexer in list(_running):
        indexer.kill()


class _Job:
    """One part's index: found in the cache, or being made by Pagefind."""

    def __init__(self, shard, pages, key, folder, signatures, digests, work=None, manifest=None, options=None):
        self.shard, self.pages, self.key, self.folder = shard, pages, key, folder
        self.signatures = signatures  # of the pages' files when the key was made
        self.digests = digests  # of what Pagefind reads of each (``indexed_part``)
        self.work, self.manifest, self.options = work, manifest, options
        self.indexer = None
        self.queued = work is not None  # to be indexed, when a core is free (``launch``)

    def launch(self):
        self.queued = False
        self.indexer = Indexer(self.work, self.options, sorted(relative for _file, relative in self.pages))
        _running.add(self.indexer)

    def running(self):
        return self.indexer is not None and self.indexer.thread.is_alive()

    def still_valid(self):
        """Do the pages' files still give the key: the same files, or files written
        again since whose indexed parts are the same (a related item's card changed)?"""
        try:
            return all(
                _signature(file) == signature or fingerprint(_indexed_file(file)) == digest
                for (file, _relative), signature, digest in zip(self.pages, self.signatures, self.digests, strict=True)
            )
        except OSError:
            return False

    def cancel(self):
        self.queued = False
        if self.indexer is not None:
            self.indexer.kill()
            _running.discard(self.indexer)
            shutil.rmtree(self.work, ignore_errors=True)
            self.indexer = None

    def wait(self):
        """The part's folder, once Pagefind (if it runs) is done."""
        if self.queued:
            self.launch()
        if self.indexer is None:
            return self.folder
        failure = self.indexer.wait()
        _running.discard(self.indexer)
        self.indexer = None
        bundle = os.path.join(self.work, "bundle")
        if isinstance(failure, OSError) and failure.errno is not None:
            raise failure  # the disk's refusal, which the build reports as such
        if failure or not os.path.isdir(bundle):
            raise RuntimeError(f"Pagefind failed: {failure or 'it wrote no bundle'}")
        self.manifest["bundle"] = _bundle_files(bundle)
        _save_json(os.path.join(self.work, "pages.json"), self.manifest)
        shutil.rmtree(self.folder, ignore_errors=True)  # a folder of that key without its bundle
        os.rename(self.work, self.folder)
        return self.folder


class IndexStore:
    """The search bundle of the last build: one Pagefind index per part of a language
    (``ar-0``, ``ar-1``...: ``tadamon.search.shard_of``), each in ``cache_path/<key>/``,
    so that a changed page indexes its own part again only."""

    def __init__(self, cache_path):
        self.cache_path = cache_path
        self.indexed = []  # the parts this build ran Pagefind for
        self.jobs = {}  # shard: _Job
        self.cores = os.cpu_count() or 1
        self._last = None  # shard: (folder, manifest) of the cache, read once

    def start(self, shard, pages, options):
        """Find or begin the index of ``pages`` [(file, path in the site)], the pages of
        ``shard``: from the cache, or by starting Pagefind, which is not waited for."""
        folder, manifest = self._previous(shard)
        known = manifest["pages"] if manifest else {}
        signatures, digests, parts = [], [], {}
        for file, relative in pages:
            signature = _signature(file)
            entry = known.get(relative)
            if stamped(entry) and entry[:3] == signature:
                digest = entry[3]
            else:
                part = parts[relative] = _indexed_file(file)
                digest = fingerprint(part)
            signatures.append(signature)
            digests.append(digest)
        shape = [LAYOUT, pagefind_version(), options, UNUSED, shard]
        key = fingerprint(shape, [[relative, digest] for (_file, relative), digest in zip(pages, digests, strict=True)])
        target = os.path.join(self.cache_path, key)
        new_manifest = {
            "shard": shard,
            "pages": {rel: [*sig, dig] for (_f, rel), sig, dig in zip(pages, signatures, digests, strict=True)},
        }
        previous = (manifest if folder == target else load_object(os.path.join(target, "pages.json"))) or {}
        kept = _intact_bundle(target, previous)
        if kept is not None:
            # Same parts, from files written again (a new output folder), or a bundle
            # restored (new inodes): note their new stamps.
            if parts or kept != previous.get("bundle"):
                _save_json(os.path.join(target, "pages.json"), dict(new_manifest, bundle=kept))
            job = _Job(shard, pages, key, target, signatures, digests)
        else:
            work = f"{target}.{os.getpid()}.partial"
            source = self._take_source(folder, work)
            self._update_source(source, pages, digests, parts)
            job = _Job(shard, pages, key, target, signatures, digests, work, new_manifest, options)
            self.indexed.append(shard)
        self.jobs[shard] = job
        self._last[shard] = (folder, None)  # its pages are known now: the manifest need not stay in memory
        self._launch()
        return job

    def _launch(self):
        """Start the queued indexes, one per core at most: the parts of a language
        are complete at about the same time, and each Pagefind holds its part in memory."""
        running = sum(job.running() for job in self.jobs.values())
        for job in self.jobs.values():
            if job.queued and running < self.cores:
                job.launch()
                running += 1

    def ensure(self, shard, pages, options):
        """Keep the index begun for ``shard`` if it was begun with these ``pages`` and
        they still give its key (``_Job.still_valid``); else begin it again."""
        job = self.jobs.get(shard)
        if job is not None and not (job.pages == pages and job.still_valid()):
            job.cancel()
            if shard in self.indexed:
                self.indexed.remove(shard)
            job = None
        if job is None:
            self.start(shard, pages, options)

    def index(self, pages, options):
        """[(shard, folder of its bundle)] for ``pages`` {shard: [(file, path in the site)]},
        made now for the parts that the cache has none for; an index started
        earlier (``start``) is used if its pages are still the same (``ensure``)."""
        for shard, its_pages in sorted(pages.items()):
            self.ensure(shard, its_pages, options)
        folders = []
        for shard in sorted(pages):
            self._launch()
            folders.append((shard, self.jobs[shard].wait()))
        self._prune({os.path.basename(folder) for _shard, folder in folders})
        return folders

    def _previous(self, shard):
        """The folder of ``shard``'s index in the cache, and its ``pages.json``."""
        if self._last is None:
            self._last = {}
            with contextlib.suppress(FileNotFoundError):
                for name in sorted(os.listdir(self.cache_path)):
                    folder = os.path.join(self.cache_path, name)
                    manifest = load_object(os.path.join(folder, "pages.json"))
                    if manifest is None or not isinstance(manifest.get("pages"), dict):
                        continue  # an older layout, a partial or damaged folder: pruned at the end
                    self._last[manifest.get("shard")] = (folder, manifest)
        return self._last.get(shard, (None, None))

    @staticmethod
    def _take_source(previous, work):
        """``work`` made afresh, with the parts of the last index of this shard moved into it."""
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        source = os.path.join(work, "source")
        if previous is not None:
            with contextlib.suppress(OSError):
                os.rename(os.path.join(previous, "source"), source)
                os.rename(os.path.join(previous, "source.json"), os.path.join(work, "source.json"))
        return source

    @staticmethod
    def _update_source(source, pages, digests, parts):
        """Make ``source`` hold the indexed part of every page, and nothing else,
        writing only the parts that differ from what it holds (``source.json``)."""
        listing = os.path.join(os.path.dirname(source), "source.json")
        held = load_object(listing)
        if held is None:
            shutil.rmtree(source, ignore_errors=True)
            held = {}
        wanted = {relative: digest for (_file, relative), digest in zip(pages, digests, strict=True)}
        stale = [relative for relative, digest in held.items() if wanted.get(relative) != digest]
        if stale:  # forgotten before they change: a build stopped half-way leaves no wrong entry
            for relative in stale:
                del held[relative]
            _save_json(listing, held)
        for relative in stale:
            if relative not in wanted:
                path = os.path.join(source, *relative.split("/"))
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
                with contextlib.suppress(OSError):
                    os.removedirs(os.path.dirname(path))  # the folders it leaves empty
        for file, relative in pages:
            path = os.path.join(source, *relative.split("/"))
            if relative in held and _holds_part(path, held[relative]):
                continue
            part = parts.get(relative)
            if part is None:  # known by its signature, and not in the source: read it again
                part = _indexed_file(file)
            write_whole(path, part)
        _save_json(listing, wanted)

    def _prune(self, keys):
        """One site per cache folder: bundles of other keys are of older builds."""
        for name in os.listdir(self.cache_path):
            if name not in keys:
                shutil.rmtree(os.path.join(self.cache_path, name), ignore_errors=True)

    @staticmethod
    def publish(folders, bundle, plan):
        """Put the bundles [(shard, folder)] in the output, through the ``plan``,
        each file keyed in the ``plan`` by its index's key; return (files, bytes).

        The first part of every language (its lowest number) goes to ``bundle/``,
        with Pagefind's scripts: each language's files are named after it
        (``index/fr_*.pf_index``, ``wasm.fr.pagefind``...), the scripts are the
        same in every bundle, the table of languages is the union of theirs. Each
        other part goes to ``bundle/<shard>/``, its index alone: the UI that
        merges it runs the primary bundle's scripts."""
        files = size = 0
        entries, keys = {}, {}  # folder in the site: (table of languages, keys of the parts in it)
        published = set()
        firsts = {}
        for shard, _folder in sorted(folders, key=lambda pair: shard_number(pair[0])):
            firsts.setdefault(shard.rsplit("-", 1)[0], shard)
        for shard, folder in folders:
            key = os.path.basename(folder)  # the index's key: what its files are made of
            primary = shard in firsts.values()
            target = bundle if primary else f"{bundle}/{shard}"
            files_of = os.path.join(folder, "bundle")
            with open(os.path.join(files_of, ENTRY), encoding="utf-8") as stream:
                own = json.load(stream)
            if target in entries:
                entries[target]["languages"].update(own["languages"])
            else:
                entries[target] = own
            keys.setdefault(target, []).append(key)
            for here, dirs, names in os.walk(files_of):
                dirs.sort()
                relative = os.path.relpath(here, files_of).replace(os.sep, "/")
                for name in sorted(names):
                    url = f"{target}/{name}" if relative == "." else f"{target}/{relative}/{name}"
                    if name == ENTRY or url in published or not (primary or relative != "." or name.endswith(META)):
                        continue
                    source = os.path.join(here, name)
                    plan.copy(url, source, key)
                    published.add(url)
                    files += 1
                    size += os.path.getsize(source)
        for target, entry in sorted(entries.items()):
            data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
            plan.publish(f"{target}/{ENTRY}", plan.add(f"{target}/{ENTRY}", keys[target]), lambda data=data: data)
            files += 1
            size += len(data)
        return files, size


def shard_number(shard):
    """The number of a part (``fr-3``: 3)."""
    return int(shard.rsplit("-", 1)[1])


def _bundle_files(bundle, known=None):
    """{path in the bundle: [size, mtime_ns, inode, sha256]} of every file of ``bundle``;
    a file whose stamp ``known`` (the same, of an earlier look) records is not read."""
    known = known if isinstance(known, dict) else {}
    found = {}
    prefix = os.path.join(bundle, "")
    for here, _dirs, names in os.walk(bundle):
        for name in names:
            path = os.path.join(here, name)
            relative = path.removeprefix(prefix).replace(os.sep, "/")
            stamp = stamp_of(os.stat(path))
            entry = known.get(relative)
            found[relative] = entry if stamped(entry) and entry[:3] == stamp else [*stamp, sha256_of(path)]
    return found


def _intact_bundle(folder, manifest):
    """The files of ``folder``'s bundle (``_bundle_files``) if it holds exactly what
    Pagefind wrote (``manifest``: its ``pages.json``), else None."""
    bundle = os.path.join(folder, "bundle")
    if not os.path.isdir(bundle):
        return None
    expected = manifest.get("bundle")
    if not isinstance(expected, dict) or not expected or not all(map(stamped, expected.values())):
        return None
    try:
        found = _bundle_files(bundle, expected)
    except OSError:
        return None
    same = found.keys() == expected.keys() and all(found[path][3] == expected[path][3] for path in found)
    return found if same else None


class Indexer:
    """``pagefind --service`` indexing the parts in ``work/source`` (``relatives``,
    in this order) into ``work/bundle``, in threads: not waited for.

    The bundle's files come back in Pagefind's last answer and are written
    here: a service told to write them itself may exit (its input closed)
    before its writes reach the disk, leaving an empty file."""

    def __init__(self, work, options, relatives):
        self.work, self.relatives, self.failure = work, relatives, None
        self.unread, self.searched = bytearray(), 0
        self.process = subprocess.Popen(
            [pagefind_binary(), "--service"], cwd=work, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.thread = threading.Thread(target=self._run, args=(dict(options),), daemon=True)
        self.thread.start()

    def _run(self, options):
        try:
            self._send(1, {"type": "NewIndex", "config": options})
            index_id = self._answer()["index_id"]
            # Answers are read while the pages are sent: neither pipe fills up.
            sender = threading.Thread(target=self._send_pages, args=(index_id,), daemon=True)
            sender.start()
            for _relative in self.relatives:
                self._answer()
            sender.join()
            self._write_bundle(self._answer()["files"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            self.failure = error
        finally:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            self.process.wait()

    def _send_pages(self, index_id):
        with contextlib.suppress(OSError):  # Pagefind stopped: _run says why
            for number, relative in enumerate(self.relatives, start=2):
                with open(os.path.join(self.work, "source", *relative.split("/")), encoding="utf-8") as stream:
                    html = stream.read()
                page = {"type": "AddFile", "index_id": index_id, "file_path": relative, "url": None}
                self._send(number, dict(page, file_contents=html))
            self._send(len(self.relatives) + 2, {"type": "GetFiles", "index_id": index_id})

    def _write_bundle(self, files):
        bundle = os.path.join(self.work, "bundle")
        for file in files:
            parts = file["path"].replace("\\", "/").split("/")
            if parts[-1] in UNUSED or any(part in ("", ".", "..") for part in parts):
                continue
            write_whole(os.path.join(bundle, *parts), base64.b64decode(file["content"]))

    def _send(self, number, payload):
        message = json.dumps({"message_id": number, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()

    def _answer(self):
        """The next answer's payload (Pagefind answers in order, each ended by a comma)."""
        while (end := self.unread.find(b",", self.searched)) < 0:
            self.searched = len(self.unread)
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise OSError("Pagefind stopped before it answered")
            self.unread += chunk
        with memoryview(self.unread) as unread:  # the bundle's answer is megabytes: no copy of it
            message = base64.b64decode(unread[:end])
        del self.unread[: end + 1]
        self.searched = 0
        payload = json.loads(message)["payload"]
        if payload.get("type") == "Error":
            raise ValueError(payload.get("message") or "Pagefind refused a page")
        return payload

    def wait(self):
        """None once the bundle is written, else what went wrong."""
        self.thread.join()
        return self.failure

    def kill(self):
        with contextlib.suppress(OSError):
            self.process.kill()
        self.thread.join()


def _holds_part(path, digest):
    """Does ``path`` hold the part of that digest (not one a damaged cache left)?"""
    try:
        with open(path, "rb") as stream:
            return fingerprint(stream.read()) == digest
    except OSError:
        return False


def _save_json(path, value):
    write_whole(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
