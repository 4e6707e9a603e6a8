"""Telling the editor about mistakes: in their language, and where they look.

Run locally, a build or a check prints the list of mistakes. Under GitHub
Actions (``GITHUB_ACTIONS=true``) it also prints one workflow annotation per
mistake (``::error file=content/…,line=…,title=…::…``), which GitHub shows on
that file and line in the commit view and in pull requests, and writes a table
of them to the job summary (``$GITHUB_STEP_SUMMARY``).

The language is ``editor_language`` in association.yml, else the first of its
``languages``; the catalogs are ``translations/<lang>/LC_MESSAGES/editor.po``
beside this file (``python tools/messages.py`` extracts and updates them).
"""

import logging
import os
import sys

from babel.messages.pofile import read_po

from tadamon.errors import Problem, Text, _, render

CATALOGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")
LOG = logging.getLogger("tadamon")


def editor_language(content_path):
    """The language of the messages, read from association.yml even when it has
    mistakes (a file that does not parse gives English)."""
    from tadamon.association.model import read_yaml  # the association stage imports this module

    path = os.path.join(content_path, "association.yml")
    if not os.path.isfile(path):
        return "en"
    data, _lines, problems = read_yaml(path, path)
    if problems or not isinstance(data, dict):
        return "en"
    chosen = data.get("editor_language")
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip()
    languages = data.get("languages")
    if isinstance(languages, list) and languages and isinstance(languages[0], str):
        return languages[0]
    return "en"


def catalog(language):
    """A gettext function for ``language`` (English, untranslated, without a catalog)."""
    path = os.path.join(CATALOGS, language.split("-")[0], "LC_MESSAGES", "editor.po")
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as stream:
        messages = {m.id: m.string for m in read_po(stream) if m.id and m.string and not m.fuzzy}
    return lambda msgid: messages.get(msgid) or msgid


def _escape_data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text):
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text):
    return (text or "").replace("|", "\\|").replace("\n", " ")


class Report:
    """Where one run's mistakes and warnings go: the terminal, and GitHub."""

    def __init__(self, content_path, environ=None, stream=None):
        environ = os.environ if environ is None else environ
        self.language = editor_language(content_path)
        self.gettext = catalog(self.language)
        self._stream = stream
        self.github = environ.get("GITHUB_ACTIONS") == "true"
        self.summary = environ.get("GITHUB_STEP_SUMMARY") if self.github else None
        # Annotations name files relative to the repository: the workspace on a runner.
        self.root = environ.get("GITHUB_WORKSPACE") or os.getcwd()
        self.content_parent = os.path.dirname(os.path.abspath(content_path))
        self.warnings = []

    @property
    def stream(self):
        """Standard error as it is now (a test may have swapped it since)."""
        return self._stream or sys.stderr

    def text(self, message):
        return render(message, self.gettext)

    # --- what is shown -------------------------------------------------

    def mistakes(self, error, heading=None):
        """Every problem of a ContentError, at once."""
        print(error.render(self.gettext), file=self.stream)
        for problem in error.problems:
            self._annotate("error", problem)
        self._write_summary(heading or _("The site was not published: the content has mistakes"), error.problems)

    def warning(self, problem):
        self.warnings.append(problem)
        print(render(_("Warning: {text}", text=problem.render(self.gettext)), self.gettext), file=self.stream)
        self._annotate("warning", problem)

    def say(self, message):
        """A line for whoever runs the build (e.g. that it waits for another)."""
        print(self.text(message), file=self.stream, flush=True)

    def stopped(self, message):
        """The build stopped for a reason that is not in the content (a full disk)."""
        print(self.text(message), file=self.stream)
        if self.github:
            title = _escape_property(self.text(_("The site was not published")))
            print(f"::error title={title}::{_escape_data(self.text(message))}", file=sys.stdout, flush=True)

    def success(self, message):
        print(self.text(message))
        if self.warnings:
            self._write_summary(_("Warnings"), self.warnings)

    # --- GitHub -------------------------------------------------------

    def repository_path(self, problem):
        """The problem's file relative to the repository (``content/…``)."""
        shown = problem.file.split(" (")[0]  # "content/partners.yml (partner 2)"
        absolute = os.path.join(self.content_parent, shown)
        return os.path.relpath(absolute, self.root).replace(os.sep, "/")

    def annotation(self, level, problem):
        """The workflow command that shows ``problem`` on its file and line."""
        properties = [f"file={_escape_property(self.repository_path(problem))}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        title = _("Content mistake") if level == "error" else _("Warning")
        if problem.field:
            title = _("{title}: field {field}", title=title, field=problem.field)
        properties.append(f"title={_escape_property(self.text(title))}")
        return f"::{level} {','.join(properties)}::{_escape_data(problem.text(self.gettext))}"

    def _annotate(self, level, problem):
        if self.github:
            print(self.annotation(level, problem), file=sys.stdout, flush=True)

    def _write_summary(self, heading, problems):
        if not self.summary:
            return
        columns = (_("File"), _("Line"), _("Field"), _("What is wrong"), _("What to write instead"))
        direction = "rtl" if self.language.split("-")[0] in ("ar", "fa", "he", "ur") else "ltr"
        lines = [
            f'<div lang="{self.language}" dir="{direction}">\n',
            f"### {self.text(heading)}\n",
            "| " + " | ".join(self.text(c) for c in columns) + " |",
            "|" + "---|" * len(columns),
        ]
        for problem in problems:
            cells = (
                f"`{self.repository_path(problem)}`",
                str(problem.line or ""),
                f"`{problem.field}`" if problem.field else "",
                self.text(problem.message),
                self.text(problem.fix),
            )
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("\n</div>\n")
        with open(self.summary, "a", encoding="utf-8") as stream:
            stream.write("\n".join(lines) + "\n")


class ReportHandler(logging.Handler):
    """Tadamon's log lines as plain lines; a warning that carries a Problem
    (``LOG.warning("...", extra={"problem": p})``) goes to the report."""

    def __init__(self, report):
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record):
        problem = getattr(record, "problem", None)
        if isinstance(problem, Problem):
            self.report.warning(problem)
        elif record.args and any(isinstance(arg, Text) for arg in record.args):
            # LOG.warning("%s", _("...")): the message in the editor's language
            args = tuple(self.report.text(a) if isinstance(a, Text) else a for a in record.args)
            print(str(record.msg) % args, file=self.report.stream)
        else:
            print(record.getMessage(), file=self.report.stream)


def warn(problem):
    """A warning about the content: shown, annotated, summarised; the build goes on."""
    LOG.warning("%s", problem, extra={"problem": problem})
