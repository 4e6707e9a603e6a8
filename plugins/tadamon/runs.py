"""What surrounds one build of a site: one at a time, and a disk that refuses.

**One build at a time per site.** A build (and a check, which fills the same
cache) holds a lock on ``<CACHE_PATH>/build.lock`` while it runs. A second
one, started meanwhile (``invoke livereload`` saving while someone runs
``invoke build`` or ``tadamon build``), says so and waits for the first to
end: they never write the same output or cache together. The lock is the
operating system's (``flock``): a build that dies releases it, and no stale
lock is ever left to remove by hand. (On a system without ``fcntl`` builds
are not serialised.)

**A disk that refuses.** A full disk, a quota, a read-only or forbidden
folder stop the build with one message in the editor's language: what
happened, where, what to do. Every file of the output is whole (``Output``
replaces files with ``os.replace``, and removes its temporary files when a
write fails); the next build, once there is room, finishes the job.
"""

import contextlib
import errno
import os

from tadamon.errors import _

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None

LOCK = "build.lock"
EXIT_REFUSED = 4
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
FORBIDDEN = {errno.EACCES, errno.EPERM, errno.EROFS}


@contextlib.contextmanager
def one_at_a_time(cache_path, say):
    """Hold the site's build lock for the block; ``say(message)`` if it must wait."""
    if fcntl is None:
        yield
        return
    os.makedirs(cache_path, exist_ok=True)
    with open(os.path.join(cache_path, LOCK), "a+", encoding="utf-8") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            holder = stream.read().strip() or "?"
            say(_("Another build of this site is running (process {pid}): this one waits for it to end.", pid=holder))
            fcntl.flock(stream, fcntl.LOCK_EX)
        stream.seek(0)
        stream.truncate()
        stream.write(str(os.getpid()))
        stream.flush()
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


def refused(error, output):
    """The editor's message for an ``OSError`` the disk gave, or None for another error."""
    where = os.path.dirname(error.filename) if error.filename else output
    if error.errno in FULL:
        return _(
            "The build stopped: the disk is full (writing in {where}). Every file in {output} is whole, "
            "old or new. Free some space (deleting the .cache folder frees the most), then build again: "
            "the next build finishes the job.",
            where=where,
            output=output,
        )
    if error.errno in FORBIDDEN:
        return _(
            "The build stopped: it may not write in {where} ({reason}). Every file in {output} is whole, "
            "old or new. Check that this folder is yours and not read-only (its permissions), then build again.",
            where=where,
            reason=error.strerror or "",
            output=output,
        )
    return None
