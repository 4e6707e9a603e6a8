"""Content mistakes as data: collected during a build, reported together.

A message to an editor is written ``_("expected a date, got {value}", value=...)``:
an English text whose translation is looked up when the message is shown, in
the editor's language (``editor_language`` in association.yml), from the
catalogs in ``tadamon/translations/``. Babel extracts every ``_("...")``.
"""

import os
from dataclasses import dataclass


class Text:
    """An English message with its values, translated only when shown."""

    __slots__ = ("msgid", "values")

    def __init__(self, msgid, **values):
        self.msgid = msgid
        self.values = tuple(sorted(values.items()))

    def render(self, gettext=None):
        """The message in the language of ``gettext`` (English without one)."""
        values = {name: render(value, gettext) for name, value in self.values}
        template = gettext(self.msgid) if gettext else self.msgid
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that names a value wrongly
            return self.msgid.format(**values)

    def __str__(self):
        return self.render()

    def __repr__(self):
        return f"_({self.msgid!r})"

    def __eq__(self, other):
        return isinstance(other, Text) and (self.msgid, self.values) == (other.msgid, other.values)

    def __hash__(self):
        return hash((self.msgid, self.values))

    def __getstate__(self):  # files are read in other processes too
        return (self.msgid, self.values)

    def __setstate__(self, state):
        self.msgid, self.values = state


def _(msgid, **values):
    """Mark an editor message for translation (and for Babel's extraction)."""
    return Text(msgid, **values)


def render(message, gettext=None):
    """A message, a value or nothing, as text in the language of ``gettext``."""
    if message is None:
        return ""
    return message.render(gettext) if isinstance(message, Text) else str(message)


@dataclass(frozen=True)
class Problem:
    """One mistake in one file, said in words an editor understands.

    ``message`` says what is wrong; ``fix`` what to write instead, with an
    example in the contract's own format."""

    file: str
    message: Text | str
    field: str | None = None
    line: int | None = None
    fix: Text | str | None = None

    def where(self):
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def text(self, gettext=None):
        """What is wrong, then what to write instead."""
        if not self.fix:
            return render(self.message, gettext)
        return render(_("{message}; {fix}", message=self.message, fix=self.fix), gettext)

    def render(self, gettext=None):
        text = self.text(gettext)
        if self.field:
            field = render(_("field"), gettext)
            return f"{self.where()}: {field} '{self.field}': {text}"
        return f"{self.where()}: {text}"

    def __str__(self):
        return self.render()


class FieldError(ValueError):
    """Raised by a field parser; the caller adds file and field.

    ``FieldError(_("expected a date, got {value}", value=v), fix=_("write e.g. start: 2026-12-05 14:30"))``
    """

    def __init__(self, message, fix=None):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self):
        return render(self.message)

    def problem(self, file, field=None, line=None):
        return Problem(file, self.message, field, line, self.fix)


class ContentError(Exception):
    """Stops the build; carries every problem found.

    Pelican prints ``ClassName: message`` without a traceback and exits with
    ``exitcode``, which is what an editor should see.
    """

    exitcode = 2

    def __init__(self, problems):
        self.problems = sorted(set(problems), key=_order)
        super().__init__(self.render())

    def __reduce__(self):  # files are read in other processes too
        return (type(self), (self.problems,))

    def render(self, gettext=None):
        count = len(self.problems)
        if count == 1:
            head = render(_("1 content mistake; nothing was published:"), gettext)
        else:
            head = render(_("{count} content mistakes; nothing was published:", count=count), gettext)
        return "\n".join([head, *(f"  - {p.render(gettext)}" for p in self.problems)])


class SetupError(Exception):
    """Stops the build: this machine lacks something the build needs (not a
    content mistake). The message says what to install, in one line."""

    exitcode = 3


def _order(problem):
    return (problem.file, problem.line or 0, problem.field or "", render(problem.message))


def shown_path(content_path, path):
    """A path as the editor knows it: content/activities/x.ar.md."""
    relative = os.path.relpath(path, content_path)
    return os.path.join(os.path.basename(os.path.normpath(content_path)), relative).replace(os.sep, "/")
