"""Stage: incremental output that a failed build cannot leave half-written.

Once a build has read everything without a content mistake, it updates the
output folder in place, as a transaction recorded in a journal folder beside
it (``.output.building``):

- every file that is not a page (not ``.html``: feeds, calendars, cards,
  images, theme files...) is set aside into the journal; the plugins that
  make them write them again, as they would into an empty folder;
- pages go through ``IncrementalWriter``: a page whose bytes did not change is
  not written again (a rebuild with nothing changed writes no page); a page
  that changed is written after its old file is moved into the journal; new
  files are listed there;
- at the end of a successful build (``finalized``), the pages this build
  neither wrote nor kept are removed (deleted items, renamed pages), with the
  folders left empty; then the journal, and what was set aside, is dropped;
- a build that fails, or is interrupted, is rolled back from the journal (by
  the CLI, at exit, or at the start of the next build): new files go, old
  pages and set-aside files come back.

Why not a fresh folder swapped in at the end: re-creating and deleting a
folder per page at every build cost seconds on some disks, more than
rendering, and a rebuild must cost a fraction of a first build.

Rules for plugins that write files: write every file at every build (copy or
link it from your own cache if it did not change), and write HTML pages
through Pelican's writer (``writer.write_file``), not with ``open()``.

``tadamon check`` (``TADAMON_DRY_RUN``) writes into a scratch folder that is
deleted afterwards; with ``TADAMON_ATOMIC_OUTPUT = False`` the output is
updated in place without a journal and nothing is removed.
"""

import atexit
import contextlib
import io
import os
import shutil

from pelican import signals
from pelican.writers import Writer

from tadamon import listed_alone

JOURNAL_SUFFIX = ".building"
PAGE_SUFFIX = ".html"


def _sibling(output_path, suffix):
    head, name = os.path.split(os.path.normpath(output_path))
    return os.path.join(head, f".{name}{suffix}")


class Transaction:
    """One build's changes to the output folder, and how to undo them."""

    def __init__(self, output_path):
        self.output_path = os.path.normpath(output_path)
        self.journal = _sibling(output_path, JOURNAL_SUFFIX)
        self.backup = os.path.join(self.journal, "backup")
        self.aside = os.path.join(self.journal, "aside")
        recover(self.output_path)  # a previous build that died half-way
        os.makedirs(self.aside)
        marker = os.path.join(self.journal, "started")
        with open(marker, "w"):
            pass
        # Pages this build writes get a change time (ctime) at least this
        # one, taken from the same (filesystem) clock.
        self.started = os.stat(marker).st_ctime_ns
        self.kept = set()  # pages left as they were because their bytes did not change
        self._touched = set()
        self._pages = []  # the pages of the previous build
        self._set_aside = []  # relative paths, in the order of the list in the journal
        self._created = open(os.path.join(self.journal, "created"), "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        self.open = True
        atexit.register(self.rollback)
        self._set_aside_all_but_pages()

    def _set_aside_all_but_pages(self):
        for folder, _dirs, names in os.walk(self.output_path):
            for name in names:
                path = os.path.join(folder, name)
                if name.endswith(PAGE_SUFFIX) and not os.path.islink(path):
                    self._pages.append(path)
                else:
                    self._set_aside.append(os.path.relpath(path, self.output_path))
        with open(os.path.join(self.journal, "aside.list"), "w", encoding="utf-8") as stream:
            stream.writelines(relative + "\n" for relative in self._set_aside)
        for number, relative in enumerate(self._set_aside):
            os.rename(os.path.join(self.output_path, relative), os.path.join(self.aside, str(number)))

    def created(self, path):
        """``path`` did not exist before this build."""
        relative = os.path.relpath(path, self.output_path)
        self._touched.add(relative)
        self._created.write(relative + "\n")

    def replacing(self, path):
        """Called before a file of the output is written: keep the old one, or note the new one."""
        relative = os.path.relpath(path, self.output_path)
        if relative in self._touched:
            return  # written twice in this build: the journal has the original already
        self._touched.add(relative)
        if not os.path.lexists(path):
            self._created.write(relative + "\n")
            return
        saved = os.path.join(self.backup, relative)
        os.makedirs(os.path.dirname(saved), exist_ok=True)
        os.rename(path, saved)

    def commit(self):
        """Remove the pages this build did not produce, then forget the journal."""
        emptied = {os.path.dirname(os.path.join(self.output_path, r)) for r in self._set_aside}
        for path in self._pages:
            if path in self.kept:
                continue
            with contextlib.suppress(FileNotFoundError):
                if os.lstat(path).st_ctime_ns < self.started:
                    os.unlink(path)
                    emptied.add(os.path.dirname(path))
        for folder in sorted(emptied, key=len, reverse=True):
            while folder != self.output_path and folder.startswith(self.output_path):
                try:
                    os.rmdir(folder)  # only if empty
                except OSError:
                    break
                folder = os.path.dirname(folder)
        self._close()
        shutil.rmtree(self.journal, ignore_errors=True)

    def rollback(self):
        if self.open:
            self._close()
            recover(self.output_path)

    def _close(self):
        self.open = False
        self._created.close()
        atexit.unregister(self.rollback)


def recover(output_path):
    """Undo what an unfinished build left in ``output_path``, from its journal."""
    journal = _sibling(output_path, JOURNAL_SUFFIX)
    if not os.path.isdir(journal):
        return
    created = os.path.join(journal, "created")
    if os.path.exists(created):
        with open(created, encoding="utf-8") as stream:
            for relative in stream.read().splitlines():
                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    os.unlink(os.path.join(output_path, relative))
    listed = os.path.join(journal, "aside.list")
    if os.path.exists(listed):
        # Every file but the pages was set aside when the build began: any other
        # file there now was made by this build (a plugin's card, feed, image...).
        for folder, _dirs, names in os.walk(output_path, topdown=False):
            for name in names:
                if not name.endswith(PAGE_SUFFIX):
                    os.unlink(os.path.join(folder, name))
            if folder != output_path and not os.listdir(folder):
                os.rmdir(folder)
    backup = os.path.join(journal, "backup")
    for folder, _dirs, names in os.walk(backup):
        for name in names:
            source = os.path.join(folder, name)
            _put_back(source, os.path.join(output_path, os.path.relpath(source, backup)))
    if os.path.exists(listed):
        with open(listed, encoding="utf-8") as stream:
            for number, relative in enumerate(stream.read().splitlines()):
                source = os.path.join(journal, "aside", str(number))
                if os.path.lexists(source):
                    _put_back(source, os.path.join(output_path, relative))
    shutil.rmtree(journal, ignore_errors=True)


def _put_back(source, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(source, target)


class _Page(io.StringIO):
    """What Pelican's writer writes into; on close, the file is written only if its bytes changed."""

    def __init__(self, path, encoding, writer):
        super().__init__()
        self.path, self.charset, self.writer = path, encoding, writer

    def close(self):
        if not self.closed:
            self.writer.store(self.path, self.getvalue().encode(self.charset))
        super().close()


class IncrementalWriter(Writer):
    """Pelican's writer (same rules on overwriting, same signals) that leaves
    unchanged files alone and records its changes in the build's transaction."""

    transaction = None  # set on the per-build subclass

    def _open_w(self, filename, encoding, override=False):
        if filename in self._written_files or filename in self._overridden_files:
            # Pelican's rules for a second write to one path (error, skip or
            # override); the file is written directly.
            stream = super()._open_w(filename, encoding, override)
            if stream.name != os.devnull:
                stream.close()
                self._replace(filename)
                stream = open(filename, "w", encoding=encoding)  # noqa: SIM115
            return stream
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Page(filename, encoding, self)

    def store(self, path, data):
        """Write ``data`` to ``path`` unless the file already holds exactly these bytes."""
        try:  # most files of a first build are new: one system call tells
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            if os.stat(path).st_size == len(data):
                with open(path, "rb") as stream:
                    if stream.read() == data:
                        self.keep(path)
                        return
            self._replace(path)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        else:
            if self.transaction is not None:
                self.transaction.created(os.path.normpath(path))
        with open(fd, "wb") as stream:
            stream.write(data)

    def keep(self, path):
        """``path`` stays as it is and is part of this build's output."""
        if self.transaction is not None:
            self.transaction.kept.add(os.path.normpath(path))

    def _replace(self, path):
        if self.transaction is not None:
            self.transaction.replacing(os.path.normpath(path))


def _initialized(pelican):
    if pelican.settings.get("TADAMON_DRY_RUN"):
        # A check publishes nothing: it writes into a scratch folder, deleted afterwards.
        pelican.tadamon_scratch = pelican.output_path = _sibling(pelican.output_path, ".check" + JOURNAL_SUFFIX)
        pelican.settings["OUTPUT_PATH"] = pelican.output_path
        pelican.delete_outputdir = True
    elif pelican.settings.get("TADAMON_ATOMIC_OUTPUT", True):
        pelican.delete_outputdir = False  # the transaction removes what is stale


def _begin(pelican):
    """At the start of every build (also when Pelican's autoreload runs it again)."""
    pelican.tadamon_transaction = None


def _writer(pelican):
    """Writing starts: everything was read without a content mistake."""
    if pelican.settings.get("TADAMON_ATOMIC_OUTPUT", True) and not pelican.settings.get("TADAMON_DRY_RUN"):
        pelican.tadamon_transaction = Transaction(pelican.output_path)
    return type("IncrementalWriter", (IncrementalWriter,), {"transaction": pelican.tadamon_transaction})


def _finish(pelican):
    scratch = getattr(pelican, "tadamon_scratch", None)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    transaction = getattr(pelican, "tadamon_transaction", None)
    if transaction is not None:
        transaction.commit()
        pelican.tadamon_transaction = None


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_begin)
    signals.get_writer.connect(_writer)
    signals.finalized.connect(_finish)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
