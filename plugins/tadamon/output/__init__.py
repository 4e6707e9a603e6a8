"""Stage: the output folder, written only where it changed.

**The one rule a producer follows to write a file** (a producer: a stage's
``write``, called by ``tadamon.build.Build``): plan it and publish it through
the site model's plan (``tadamon.plan``), which writes here::

    key = site.plan.add("feeds/all.atom.xml", *inputs)
    site.plan.publish("feeds/all.atom.xml", key, make_bytes)    # from the cache, else made
    site.plan.copy("images/x.jpg", cached_file, recipe)         # a file that exists

(HTML pages are rendered to bytes by ``Site.publish_page``, which publishes
them the same way; Pelican's writer writes nothing.) Never ``open()`` a file of the
output, never read one back, never delete one: a file that is not written
again in a build is removed at its end. ``url`` is relative to SITEURL, with ``/``.

What ``Output.write`` does: if the file already holds exactly these bytes
(sizes compared first, then bytes; with ``link=True``, the same file on disk),
it is left alone, mtime and all; otherwise the bytes go into a temporary file
in the same folder, which ``os.replace`` puts in place, so a reader (or a
build that dies) sees the old file or the new one, never half of one. At the
end of a successful build (``Output.finish``, at Pelican's ``finalized``), ``Output.sync`` removes every file
this build did not write (deleted items, renamed pages, files of a plugin
taken out), with the folders left empty, except ``OUTPUT_RETENTION``.

Content mistakes are all found before anything is written (validation stops
the build after reading, and photos are decoded then: ``tadamon.images``), so a
build that fails on one leaves the output as it was. A build that crashes
while writing leaves whole files, old and new; the next build repairs them.
There is no journal and no rollback.

Pelican's own copies go through it too: the static files that are not photos
and the theme's static files (Pelican's StaticGenerator is left with nothing
to copy), so that an unchanged CSS or font file is not copied at every build.

``tadamon check`` (``TADAMON_DRY_RUN``) runs every producer as a build does,
and ``Output`` publishes nothing.
"""

import contextlib
import fnmatch
import logging
import os
import shutil

from tadamon import listed_alone
from tadamon.files import link_problem

logger = logging.getLogger(__name__)

TEMPORARY_SUFFIX = ".tadamon-new"
SAME, EQUAL = "same", "equal"  # what Output._holds finds at a path: the source itself, or its bytes


class Output:
    """The files of one build in its output folder."""

    def __init__(self, root, publish=True, retention=(), cache=None):
        self.root = os.path.normpath(os.path.abspath(root))
        self.publish = publish  # False: a check, which writes nothing
        self.retention = set(retention)  # top-level names a build never removes (e.g. .git)
        # The build's cache folder: the files ``_share`` may link to the output's.
        self.cache = os.path.join(os.path.abspath(cache), "") if cache else None
        self.produced = set()  # absolute paths of the files of this build
        self.written = 0
        self.unchanged = 0

    def path(self, url):
        return os.path.join(self.root, *url.split("/"))

    def write(self, url, data=None, *, source=None, link=False):
        """Put ``data`` (bytes), or the bytes of the file ``source``, at ``url``.

        With ``link``, the output file is a hard link to ``source`` (a file of
        a cache, which no one edits), or a copy where links cannot be made."""
        path = os.path.normpath(self.path(url))
        self.produced.add(path)
        if not self.publish:
            return
        held = self._holds(path, data, source, link)
        if held:
            if link and held == EQUAL and self.cache and source.startswith(self.cache):
                _share(source, path)
            self.unchanged += 1
            return
        folder = os.path.dirname(path)
        temporary = os.path.join(folder, f".{os.path.basename(path)}{TEMPORARY_SUFFIX}")
        try:
            try:
                self._make(temporary, data, source, link)
            except FileNotFoundError:  # most folders exist already (a page's): no mkdir to ask
                os.makedirs(folder, exist_ok=True)
                self._make(temporary, data, source, link)
            os.replace(temporary, path)
        except OSError:  # a full disk, a folder that may not be written: no half file left behind
            with contextlib.suppress(OSError):
                os.remove(temporary)
            raise
        self.written += 1

    def urls(self):
        """The URLs of the files of this build."""
        return [os.path.relpath(path, self.root).replace(os.sep, "/") for path in self.produced]

    @staticmethod
    def _holds(path, data, source, link):
        """Does ``path`` already hold these bytes? SAME: it is ``source`` (a link),
        EQUAL: its bytes are, else None."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if source is not None:
            if link and os.path.samestat(stat, os.stat(source)):
                return SAME
            if stat.st_size != os.path.getsize(source):
                return None
            with open(source, "rb") as stream:
                data = stream.read()
        elif stat.st_size != len(data):
            return None
        with open(path, "rb") as stream:
            return EQUAL if stream.read() == data else None

    @staticmethod
    def _make(temporary, data, source, link):
        if source is None:
            with open(temporary, "wb") as stream:  # truncates one left by a build that died
                stream.write(data)
            return
        if link:
            try:
                os.link(source, temporary)
                return
            except FileExistsError:  # left by a build that died
                os.unlink(temporary)
                return Output._make(temporary, data, source, link)
            except FileNotFoundError:
                raise
            except OSError:  # another file system, or no hard links
                pass
        shutil.copyfile(source, temporary)

    def finish(self):
        """The build wrote everything: remove what it did not write, and say what it did."""
        removed = self.sync()
        if self.publish:
            logger.info("Output: %d files written, %d unchanged, %d removed", self.written, self.unchanged, removed)

    def sync(self):
        """Remove what this build did not write, and the folders left empty, in one
        walk from the bottom (a folder is seen after what it holds)."""
        if not self.publish or not os.path.isdir(self.root):
            return 0
        removed = 0
        with os.scandir(self.root) as entries:
            tops = sorted(entry.name for entry in entries if entry.name not in self.retention)
        for top in tops:
            start = os.path.join(self.root, top)
            if not os.path.isdir(start) or os.path.islink(start):
                removed += self._remove_unwritten(self.root, [top])
                continue
            for folder, _dirs, names in os.walk(start, topdown=False):
                gone = self._remove_unwritten(folder, names)
                removed += gone
                if gone == len(names) and not os.listdir(folder):
                    os.rmdir(folder)
        return removed

    def _remove_unwritten(self, folder, names):
        """Remove the files ``names`` of ``folder`` that this build did not write; how many."""
        removed = 0
        for name in names:
            path = os.path.join(folder, name)
            if path not in self.produced:
                os.unlink(path)
                removed += 1
        return removed


def _share(source, path):
    """Make the cache's file ``source`` a hard link to the output's ``path``, which
    holds the same bytes in a file of its own (kept from before the cache's entry
    was made: a removed cache, a change of code whose pages came out the same).
    Their bytes would be compared at every build; the next finds one file. The
    output's file stays as it is, mtime and all; the cache's store sees a new
    inode and checks the entry's sha256 once (``tadamon.cache.Store.get``)."""
    temporary = f"{source}{TEMPORARY_SUFFIX}"
    try:
        os.link(path, temporary)
        os.replace(temporary, source)
    except OSError:  # another file system, or no hard links: compared again next time
        with contextlib.suppress(OSError):
            os.remove(temporary)


def static_files(build):
    """Every static file of content/ (``STATIC_PATHS``, and the files bodies link
    to): (source, URL), photos included (``tadamon.images`` takes those).

    A static file that leads out of the content folder is a mistake: it would
    publish what it points to (``/etc/passwd``); the rule is files.py's."""
    found = {}
    for path in sorted(build.get_files(build.settings["TADAMON_STATIC_PATHS"], extensions=False)):
        found[os.path.normpath(os.path.join(build.path, path))] = path
    for source in sorted(build.site.linked_files):
        problem = link_problem(source, build.path)
        if problem is not None:
            build.site.problems.append(problem)
        else:
            found.setdefault(source, os.path.relpath(source, build.path))
    return sorted(found.items(), key=lambda pair: pair[1])


def copy_static(build):
    """Copy the static files that are not photos, and the theme's, through ``Output``."""
    site = build.site
    for source, save_as in [*(site.static or ()), *_theme_files(build.settings, build.theme)]:
        site.plan.copy(save_as.replace(os.sep, "/"), source, link=False)


def _theme_files(settings, theme):
    """(source, URL) of the theme's static files, as Pelican's StaticGenerator copies them."""
    found = []
    ignored = settings.get("IGNORE_FILES", ())
    target = settings["THEME_STATIC_DIR"].strip("/")
    for path in settings["TADAMON_THEME_STATIC_PATHS"]:
        source = os.path.join(theme, path)
        if os.path.isfile(source):
            found.append((source, f"{target}/{os.path.basename(path)}"))
            continue
        for folder, dirs, names in os.walk(source, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not any(fnmatch.fnmatch(d, p) for p in ignored))
            for name in sorted(names):
                if any(fnmatch.fnmatch(name, p) for p in ignored):
                    continue
                file = os.path.join(folder, name)
                relative = os.path.relpath(file, source).replace(os.sep, "/")
                found.append((file, f"{target}/{relative}"))
    return found


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
