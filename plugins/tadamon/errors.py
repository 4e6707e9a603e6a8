"""Content mistakes as data: collected during a build, reported together."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in one file, said in words an editor understands."""

    file: str
    message: str
    field: str | None = None
    line: int | None = None

    def __str__(self):
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.message}"
        return f"{where}: {self.message}"


class FieldError(ValueError):
    """Raised by a field parser; the caller adds file and field."""


class ContentError(Exception):
    """Stops the build; carries every problem found.

    Pelican prints ``ClassName: message`` without a traceback and exits with
    ``exitcode``, which is what an editor should see.
    """

    exitcode = 2

    def __init__(self, problems):
        self.problems = sorted(set(problems), key=_order)
        super().__init__(self._text())

    def __reduce__(self):  # files are read in other processes too
        return (type(self), (self.problems,))

    def _text(self):
        count = len(self.problems)
        head = f"{count} content mistake{'s' if count > 1 else ''}; nothing was published:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class SetupError(Exception):
    """Stops the build: this machine lacks something the build needs (not a
    content mistake). The message says what to install, in one line."""

    exitcode = 3


def _order(problem):
    return (problem.file, problem.line or 0, problem.field or "", problem.message)


def shown_path(content_path, path):
    """A path as the editor knows it: content/activities/x.ar.md."""
    relative = os.path.relpath(path, content_path)
    return os.path.join(os.path.basename(os.path.normpath(content_path)), relative).replace(os.sep, "/")


def problems_of(context):
    """The list of problems of this build (the context is new at every build)."""
    return context.setdefault("TADAMON_PROBLEMS", [])
