"""Plugin: incremental output that a failed build cannot leave half-written.

A build updates the output folder in place, as a transaction:

- pages go through ``IncrementalWriter``: a page whose bytes did not change is
  not written again (a rebuild with nothing changed writes nothing); before a
  page is replaced, the old file is moved into a journal folder beside the
  output (``.output.building``), and every new file is listed there;
- at the end of a successful build (``finalized``), the files of the output
  folder that this build neither wrote nor kept are removed (deleted items,
  renamed pages), then the journal is dropped;
- a build that fails is rolled back from the journal: replaced pages come
  back, new ones go away. Content mistakes stop a build before anything is
  written, so the previous site stays exactly as it was.

Why not a fresh folder swapped in at the end: re-creating and deleting a
folder per page at every build cost seconds on some disks, more than
rendering, and a rebuild must cost a fraction of a first build.

Rules for plugins that write files (feeds, calendars, cards, photos): write
(or copy, or link from your cache) every file of yours at every build; a file
of the output folder that a build did not write, copy or keep is removed as
stale (hard and symbolic links are left alone: Pelican does not link an
unchanged static file again). Replace files rather than rewriting them in place (Pelican's
writer and ``os.replace`` do). Files written outside ``IncrementalWriter`` are
not restored when a build fails.

``tadamon check`` (``TADAMON_DRY_RUN``) writes into a scratch folder that is
deleted afterwards; with ``TADAMON_ATOMIC_OUTPUT = False`` the output is
updated in place without a journal and nothing is removed.
"""

import atexit
import contextlib
import io
import os
import queue
import shutil
import sys
import threading

from pelican import signals
from pelican.writers import Writer

JOURNAL_SUFFIX = ".building"


def _sibling(output_path, suffix):
    head, name = os.path.split(os.path.normpath(output_path))
    return os.path.join(head, f".{name}{suffix}")


class Transaction:
    """One build's changes to the output folder, and how to undo them."""

    def __init__(self, output_path):
        self.output_path = os.path.normpath(output_path)
        self.journal = _sibling(output_path, JOURNAL_SUFFIX)
        self.backup = os.path.join(self.journal, "backup")
        recover(self.output_path)  # a previous build that died half-way
        os.makedirs(self.journal)
        marker = os.path.join(self.journal, "started")
        with open(marker, "w"):
            pass
        # Files this build touches get a change time (ctime) at least this
        # one, taken from the same (filesystem) clock.
        self.started = os.stat(marker).st_ctime_ns
        self.kept = set()  # pages left as they were because their bytes did not change
        self._touched = set()
        # New files, for a rollback. A build killed outright may not have
        # flushed the last lines: the next build removes those files as stale.
        self._created = open(os.path.join(self.journal, "created"), "a", encoding="utf-8")  # noqa: SIM115
        self.open = True
        atexit.register(self.rollback)

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
        """Remove what this build did not produce, then forget the journal."""
        removed_from = set()
        for folder, _dirs, names in os.walk(self.output_path):
            for name in names:
                path = os.path.join(folder, name)
                if path in self.kept:
                    continue
                try:
                    stat = os.lstat(path)
                    # Links (Pelican's STATIC_CREATE_LINKS, a plugin's cache)
                    # stay: their target may be unchanged and so not linked again.
                    if stat.st_ctime_ns < self.started and stat.st_nlink == 1 and not os.path.islink(path):
                        os.unlink(path)
                        removed_from.add(folder)
                except FileNotFoundError:
                    continue
        for folder in sorted(removed_from, key=len, reverse=True):
            while folder != self.output_path and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        self._close()
        shutil.rmtree(self.journal, ignore_errors=True)

    def rollback(self):
        if self.open:
            self._close()  # flushes the list of new files
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
    backup = os.path.join(journal, "backup")
    for folder, _dirs, names in os.walk(backup):
        for name in names:
            source = os.path.join(folder, name)
            target = os.path.join(output_path, os.path.relpath(source, backup))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    shutil.rmtree(journal, ignore_errors=True)


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

    _behind = None  # the queue of the writing thread, inside write_behind()

    @contextlib.contextmanager
    def write_behind(self):
        """Files are written by a thread while the caller renders the next pages.

        A plugin told of a page (``content_written``) must find its file: send
        those signals after this block."""
        self._behind, failed = queue.Queue(maxsize=64), []  # bounded: pages wait in memory
        thread = threading.Thread(target=self._write_queued, args=(self._behind, failed), daemon=True)
        thread.start()
        # The writing thread needs the interpreter for a moment between system
        # calls; by default it waits up to 5 ms for the rendering thread each time.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0002)
        try:
            yield
        finally:
            sys.setswitchinterval(interval)
            self._behind.put(None)
            thread.join()
            self._behind = None
        if failed:
            raise failed[0]

    def _write_queued(self, jobs, failed):
        while (job := jobs.get()) is not None:
            if not failed:
                try:
                    self._store(*job)
                except BaseException as error:  # raised in the rendering thread
                    failed.append(error)

    def store(self, path, data):
        """Write ``data`` to ``path`` unless the file already holds exactly these bytes."""
        if self._behind is not None:
            self._behind.put((path, data))
        else:
            self._store(path, data)

    def _store(self, path, data):
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
    if pelican.settings.get("TADAMON_ATOMIC_OUTPUT", True) and not pelican.settings.get("TADAMON_DRY_RUN"):
        pelican.tadamon_transaction = Transaction(pelican.output_path)


def _writer(pelican):
    return type("IncrementalWriter", (IncrementalWriter,), {"transaction": pelican.tadamon_transaction})


def _finish(pelican):
    scratch = getattr(pelican, "tadamon_scratch", None)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    transaction = getattr(pelican, "tadamon_transaction", None)
    if transaction is not None:
        transaction.commit()
        pelican.tadamon_transaction = None


def register():
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_begin)
    signals.get_writer.connect(_writer)
    signals.finalized.connect(_finish)
