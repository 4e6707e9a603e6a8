"""What the build may read from content/, and how it reads text files.

Nothing outside content/ is read or published. A symbolic link that leads
outside content/ (or to nothing) is refused as a content mistake, naming the
link; it is not skipped with a warning, because:

- on a CI runner a link to the runner's work or temporary folders would
  publish whatever they hold, and a warning in a log nobody reads would not
  stop that happening again next time the link changes;
- a skipped file would leave the site with a broken image or a missing page
  that nobody asked for; a refusal says which link, and the fix (copy the
  file into content/) takes a minute;
- a refused build publishes nothing and leaves the previous site as it was,
  like every other content mistake.

A link that stays inside content/ is followed. Pelican's ``get_files`` (which
finds content files and the static files it copies) follows every link, and
walks a link to ``/`` through the whole machine: Tadamon's generator
(``tadamon.build.Build``) finds files with ``get_files`` below, which applies
the rule above instead, and Pelican's own read only what bodies link to.
"""

import codecs
import os
import re
import stat
from fnmatch import fnmatch

from tadamon.errors import ContentError, Problem, _, shown_path
from tadamon.site import site_of

# Bounds, well above what an association's site needs: a Markdown page or a
# YAML file is a few kilobytes; a photo from a 50-megapixel camera is about
# 20 MB; GitHub refuses files over 100 MB in a repository and on Pages.
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_IMAGE_BYTES = 25 * 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024

# Characters XML 1.0 forbids (feeds, sitemap, calendars' HTML): C0 controls but
# tab, line feed and carriage return, and the non-characters U+FFFE, U+FFFF.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SAVE_AS_UTF8 = _(
    "open it in your text editor and save it again with the encoding UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
)
COPY_INSTEAD = _("copy the files into content/ and remove the link")


def inside(path, content_path):
    """Whether ``path``, every link on its way followed, is inside ``content_path``."""
    real, root = os.path.realpath(path), os.path.realpath(content_path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def link_problem(path, content_path):
    """The Problem with ``path`` if it leads outside content/ or to nothing; else None."""
    if inside(path, content_path) and os.path.exists(path):
        return None
    shown = shown_path(content_path, path)
    target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)
    if not os.path.exists(path):
        message = _("is a symbolic link to {target}, which does not exist", target=target)
        return Problem(shown, message, fix=COPY_INSTEAD)
    return Problem(
        shown,
        _("is a symbolic link to {target}, outside content/: it is not followed", target=target),
        fix=COPY_INSTEAD,
    )


def size_problem(path, content_path, limit, size=None):
    """The Problem with ``path`` if it is larger than ``limit`` bytes; else None."""
    size = os.path.getsize(path) if size is None else size
    if size <= limit:
        return None
    return Problem(
        shown_path(content_path, path),
        _("the file is {size}, more than the {limit} the site takes", size=_megabytes(size), limit=_megabytes(limit)),
        fix=_("make it smaller (a photo: at most 4000 pixels wide), or check that it is the right file"),
    )


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB"


def read_text(path, content_path):
    """The text of a UTF-8 file of content/; raise ContentError naming it otherwise.

    A BOM is dropped and Windows (CRLF) and old Mac (CR) line ends become LF."""
    shown = shown_path(content_path, path)
    problem = link_problem(path, content_path)
    if problem is None:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):  # a FIFO would block the build for ever
            problem = Problem(shown, _("is not a regular file"), fix=_("remove it from content/"))
        else:
            problem = size_problem(path, content_path, MAX_TEXT_BYTES, status.st_size)
    if problem is not None:
        raise ContentError([problem])
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
    except OSError as error:  # e.g. no permission to read it
        reason = error.strerror or str(error)
        fix = _("check that the file can be opened, and copy it again")
        raise ContentError([Problem(shown, _("the file cannot be read: {reason}", reason=reason), fix=fix)]) from None
    return decode(data, shown)


def decode(data, shown):
    """``data`` as text, if it is UTF-8 without NUL or other control characters; raise ContentError otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentError(
            [Problem(shown, _('the file is saved as UTF-16 (Notepad\'s "Unicode"), not UTF-8'), fix=SAVE_AS_UTF8)]
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        encoding = _windows_encoding(data)
        if encoding == "cp1256":
            message = _("the file is in the Windows Arabic encoding (Windows-1256), not UTF-8")
        elif encoding == "cp1252":
            message = _("the file is in the Windows Western European encoding (Windows-1252), not UTF-8")
        else:
            message = _("the file is not UTF-8 text: its bytes on this line are no UTF-8 characters")
        raise ContentError([Problem(shown, message, line=line, fix=SAVE_AS_UTF8)]) from None
    control = CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        if control.group() == "\0":
            message = _("the file holds a NUL character: it is damaged or not a text file")
        else:
            message = _("the file holds an invisible control character (U+{code})", code=f"{ord(control.group()):04X}")
        fix = _(
            "delete the character on this line (it often comes with text copied from a PDF), or save the file again"
        )
        raise ContentError([Problem(shown, message, line=line, fix=fix)])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _windows_encoding(data):
    """ "cp1256" if the bytes read as Arabic in Windows-1256, "cp1252" if they read in
    Windows-1252 (French, English), else None. Both give every ASCII byte as
    itself; Windows-1256 also has French letters (é, à, ç) at the same places."""
    as_arabic = data.decode("cp1256")
    non_ascii = sum(1 for char in as_arabic if ord(char) > 127)
    arabic = sum(1 for char in as_arabic if "\u0600" <= char <= "\u06ff")
    if non_ascii and arabic * 2 >= non_ascii:
        return "cp1256"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252"


# --- finding files ------------------------------------------------------------


def get_files(generator, paths, exclude=None, extensions=None):
    """Pelican's ``Generator.get_files``, with links leading outside content/ (or to
    nothing) and special files (FIFOs, devices) refused as content mistakes."""
    if isinstance(paths, str):
        paths = [paths]
    excluded = {}  # folder -> names of its sub-folders not to walk
    for path in exclude or ():
        parent, name = os.path.split(os.path.join(generator.path, path))
        excluded.setdefault(parent, set()).add(name)
    problems = site_of(generator.context).problems
    files = set()
    for path in paths:
        root = os.path.normpath(os.path.join(generator.path, path)) if path else generator.path
        if not os.path.lexists(root):
            continue
        problem = link_problem(root, generator.path)
        if problem is not None:
            problems.append(problem)
        elif os.path.isdir(root):
            _walk(generator, root, excluded, extensions, files, problems)
        elif _included(generator, path, extensions):
            files.add(path)
    return files


def _walk(generator, root, excluded, extensions, files, problems):
    ignores = generator.settings["IGNORE_FILES"]
    inside = os.path.join(os.path.abspath(generator.path), "")

    def relative(path):  # os.path.relpath, for the usual case at a fraction of its cost
        return path.removeprefix(inside) if path.startswith(inside) else os.path.relpath(path, generator.path)

    walked = set()  # real paths of the folders walked: a link inside content/ may lead back up
    folders = [root]
    while folders:
        folder = folders.pop()
        real = os.path.realpath(folder)
        if real in walked:
            continue
        walked.add(real)
        with os.scandir(folder) as entries:
            entries = sorted(entries, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir():
                if entry.name in excluded.get(folder, ()) or _ignored(entry.name, ignores):
                    continue
            else:
                if not _included(generator, relative(entry.path), extensions):
                    continue
            problem = link_problem(entry.path, generator.path) if entry.is_symlink() else None
            if problem is not None:
                problems.append(problem)
            elif entry.is_dir():
                folders.append(entry.path)
            elif entry.is_file():
                files.add(relative(entry.path))
            else:
                problem = Problem(
                    shown_path(generator.path, entry.path), _("is not a regular file"), fix=_("remove it from content/")
                )
                problems.append(problem)


def _included(generator, path, extensions):
    """Pelican's rule for the files a generator reads (``Generator.get_files``): not
    matched by ``IGNORE_FILES``, and with one of ``extensions`` (None: those of the
    generator's readers; False: any)."""
    name = os.path.basename(path)
    if _ignored(name, generator.settings["IGNORE_FILES"]):
        return False
    if extensions is None:
        extensions = tuple(generator.readers.extensions)
    return extensions is False or os.path.splitext(name)[1][1:] in extensions


def _ignored(name, ignores):
    return any(fnmatch(name, pattern) for pattern in ignores)
