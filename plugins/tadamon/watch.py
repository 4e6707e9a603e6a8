"""Which files changed under some folders, as Linux's inotify tells it.

``invoke livereload`` rebuilds when an editor saves. Looking at every file's
mtime at each poll costs a look at every file and makes a save wait half a
poll on average; inotify wakes the server when the save happens. It is a
system call of the C library, reached through ``ctypes``: no package to
install. Where it is missing (macOS, Windows), ``Changes.open`` gives None and
the server polls.
"""

import ctypes
import ctypes.util
import os
import struct

IN_ATTRIB, IN_CLOSE_WRITE = 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_IGNORED, IN_ISDIR = 0x400, 0x800, 0x8000, 0x40000000
# A save is told once: when the file written is closed (not at each write, which
# woke the server before the close and rebuilt twice), or renamed into place.
EVENTS = IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
# A file watched alone, by itself (its folder may be busy: the output, logs),
# watched again when a save replaced it by a rename.
FILE_EVENTS = IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF
GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)
# Folders and files no build reads: version control, bytecode, editors' swap and backup files.
SKIPPED_FOLDERS = {"__pycache__", ".git", ".hg", ".svn"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", "~")


def _skipped(name):
    return name in SKIPPED_FOLDERS or name.endswith(SKIPPED_SUFFIXES) or name.startswith(".#")


class Changes:
    """The files changed under the watched folders (their subfolders too, those
    made later included) and the watched files."""

    def __init__(self, libc, fd):
        self._libc, self.fd = libc, fd  # the file descriptor to wait on for changes
        self._folders = {}  # watch descriptor -> folder
        self._files = {}  # watch descriptor -> a file watched alone (a settings file)

    @classmethod
    def open(cls):
        """A Changes, or None where the C library has no inotify."""
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError, TypeError):
            return None
        return cls(libc, fd) if fd >= 0 else None

    def watch(self, path):
        """Watch a folder and every folder below it, or one file."""
        path = os.path.abspath(path)
        if not os.path.isdir(path):
            number = self._libc.inotify_add_watch(self.fd, os.fsencode(path), FILE_EVENTS)
            if number >= 0:
                self._files[number] = path
            return
        for folder, dirs, _names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _skipped(d))
            number = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), EVENTS)
            if number >= 0:
                self._folders[number] = folder

    def read(self):
        """The paths changed since the last read, in the order told, each once."""
        changed = {}
        while True:
            try:
                data = os.read(self.fd, 64 * 1024)
            except BlockingIOError:
                break
            offset = 0
            while offset < len(data):
                number, mask, _cookie, length = EVENT.unpack_from(data, offset)
                name = os.fsdecode(data[offset + EVENT.size : offset + EVENT.size + length].rstrip(b"\0"))
                offset += EVENT.size + length
                file = self._files.get(number)
                if file is not None:
                    changed[file] = True
                    if mask & GONE and self._files.pop(number, None) and os.path.exists(file):
                        self.watch(file)  # replaced by a rename: the new file
                    continue
                folder = self._folders.get(number)
                if folder is None or not name or _skipped(name):
                    continue
                path = os.path.join(folder, name)
                if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                    self.watch(path)
                elif mask & IN_CREATE:
                    continue  # a new file: told when it is closed
                changed[path] = True
        return list(changed)

    def close(self):
        os.close(self.fd)
