"""finances/<year>.yml: a financial year's accounts, read and checked once per build.

Every figure is checked where it is read: amounts are numbers, never negative;
``source`` and ``category`` take the contract's values; the year is the file's
name; ``totals``, when given, are what the lines add up to. What one file
cannot see alone (a ``campaign:`` or ``project:`` that names nothing) is
checked by ``check_references`` once the items are read.
"""

import os
import re
from dataclasses import dataclass, field

import yaml

from tadamon import fields as f
from tadamon import files, yamlfile
from tadamon.errors import ContentError, FieldError, Problem, _, shown_path
from tadamon.schema import Field, check

FOLDER = "finances"
SOURCES = ("donations", "grants", "public", "members", "sales", "other")
CATEGORIES = ("programs", "fundraising", "administration", "other")
NAME_RE = re.compile(r"^(\d{4})\.ya?ml$")
EXAMPLE = _("start the file with e.g. year: 2025, currency: DZD, income: [...], spending: [...]")
SUMS = {  # the message when the lines do not add up to a total given
    "income": lambda **sums: _("the income lines add up to {sum}, not to the total {total}", **sums),
    "spending": lambda **sums: _("the spending lines add up to {sum}, not to the total {total}", **sums),
}
LINE_FIX = _("write each line as - label: {{ar: ..., fr: ...}}, then its source or category and amount")


@dataclass(frozen=True)
class Line:
    side: str  # "income" or "spending"
    kind: str  # the source of an income line, the category of a spending line
    label: f.Localised
    amount: float
    in_kind: bool = False
    campaign: str = ""
    project: str = ""
    line: int | None = None  # in the file, for messages


@dataclass(frozen=True)
class Document:
    title: f.Localised
    file: str  # relative to content/, also its URL
    size: int = 0

    @property
    def type(self):
        return os.path.splitext(self.file)[1].lstrip(".").upper() or "?"


@dataclass(frozen=True)
class Approval:
    by: f.Localised = field(default_factory=f.Localised)
    date: object = None


@dataclass(frozen=True)
class Year:
    year: int
    currency: str
    income: tuple
    spending: tuple
    source: str  # the file, as the editor knows it (content/finances/2025.yml)
    path: str  # the file itself, whose bytes are in the keys of the pages that show it
    approved: Approval | None = None
    audited_by: f.Localised | None = None
    totals: dict | None = None
    documents: tuple = ()

    @property
    def lines(self):
        return self.income + self.spending

    def total(self, side):
        return sum(line.amount for line in getattr(self, side))


def _year(value, scope=None):
    if isinstance(value, bool) or not isinstance(value, int) or not f.YEARS[0] <= value <= f.YEARS[1]:
        raise FieldError(
            _("expected a year such as 2025, got {value}", value=f.show(value)), fix=_("write e.g. year: 2025")
        )
    return value


def _currency(value, scope=None):
    code = f.text(value).upper()
    if not f.CURRENCY_RE.match(code):
        raise FieldError(
            _("expected a three-letter currency code, got {value}", value=f.show(value)),
            fix=_("write e.g. currency: DZD (or EUR, TND, MAD, USD)"),
        )
    return code


def _approved(value, scope):
    value = f.mapping(value, "{by: ..., date: 2026-04-25}")
    return Approval(
        by=f.localised(value["by"], scope) if value.get("by") else f.Localised(),
        date=f.datetime_value(value["date"], scope).date() if value.get("date") else None,
    )


def _totals(value, scope=None):
    value = f.mapping(value, "{income: 5333000, spending: 5126000}")
    unknown = [k for k in value if k not in ("income", "spending")]
    if unknown:
        raise FieldError(
            _("unknown total {name}", name=f.show(unknown[0])),
            fix=_("write e.g. totals: {{income: 5333000, spending: 5126000}}"),
        )
    return {side: f.amount(amount) for side, amount in value.items() if amount is not None}


def _flag(value, scope=None):
    if not isinstance(value, bool):
        raise FieldError(
            _("expected true or false, got {value}", value=f.show(value)), fix=_("write in_kind: true or leave it out")
        )
    return value


def _document_file(value, scope):
    """A file under content/ that exists (its path is its URL on the site)."""
    path = f.text(value).lstrip("/")
    folder = os.path.basename(os.path.normpath(scope.content_path))
    full = os.path.normpath(os.path.join(scope.content_path, path))
    example = _("paths are relative to {folder}/: write e.g. file: documents/accounts-2025.pdf", folder=folder)
    if not files.inside(full, scope.content_path):
        raise FieldError(
            _("the document must be inside {folder}/, got {value}", folder=folder, value=f.show(value)), fix=example
        )
    if not os.path.isfile(full):
        raise FieldError(_("no document at {path}", path=f.show(f"{folder}/{path}")), fix=example)
    return os.path.relpath(full, scope.content_path).replace(os.sep, "/")


# The fields of a year and of its parts; the in-browser editor (tadamon.admin) makes its forms from these.
INCOME_LINE = {
    "label": Field(f.localised, True, _('write e.g. label: {{ar: "تبرعات", fr: "Dons"}}')),
    "source": Field(f.choice(*SOURCES), True, _("write one of: {options}", options=", ".join(SOURCES))),
    "amount": Field(f.amount, True, _("write the amount, e.g. amount: 150000")),
    "in_kind": Field(_flag),
}
SPENDING_LINE = {
    "label": Field(f.localised, True, _('write e.g. label: {{ar: "شتاء دافئ", fr: "Hiver au chaud"}}')),
    "category": Field(f.choice(*CATEGORIES), True, _("write one of: {options}", options=", ".join(CATEGORIES))),
    "amount": Field(f.amount, True, _("write the amount, e.g. amount: 150000")),
    "campaign": Field(f.slug),
    "project": Field(f.slug),
}
DOCUMENT = {
    "title": Field(f.localised, True, _('write e.g. title: {{ar: "...", fr: "Rapport financier"}}')),
    "file": Field(_document_file, True, _("write e.g. file: documents/accounts-2025.pdf")),
}
APPROVED = {"by": Field(f.localised), "date": Field(f.datetime_value)}
TOTALS = {"income": Field(f.amount), "spending": Field(f.amount)}
YEAR = {
    "year": Field(_year, True, _("write the year of the accounts, e.g. year: 2025")),
    "currency": Field(_currency, True, _("write e.g. currency: DZD")),
    "approved": Field(_approved),
    "audited_by": Field(f.localised),
    "totals": Field(_totals),
}
LISTS = {"income": INCOME_LINE, "spending": SPENDING_LINE, "documents": DOCUMENT}


def load_all(content_path, scope):
    """({year: Year}, problems) of every file of content/finances/, in the order of the years."""
    folder = os.path.join(content_path, FOLDER)
    if not os.path.isdir(folder) or not files.inside(folder, content_path):
        problem = files.link_problem(folder, content_path) if os.path.lexists(folder) else None
        return {}, [problem] if problem else []
    years, problems = {}, []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or not name.endswith((".yml", ".yaml")):
            continue
        year, found = load(path, content_path, scope)
        problems += found
        if year is not None and year.year in years:
            other = os.path.basename(years[year.year].path)
            message = _("the accounts of {year} are already in {other}", year=year.year, other=other)
            problems.append(Problem(year.source, message, "year", fix=_("keep one file per year")))
        elif year is not None:
            years[year.year] = year
    return dict(sorted(years.items())), problems


def load(path, content_path, scope):
    """(Year or None, problems) of one file."""
    shown = shown_path(content_path, path)
    try:
        text = files.read_text(path, content_path)
        data, lines = yamlfile.load(text, shown)
    except ContentError as error:
        return None, list(error.problems)
    except yamlfile.YamlSyntaxError as error:
        return None, [error.problem]
    if not isinstance(data, dict):
        return None, [Problem(shown, _("expected fields such as year:, currency:, income:, spending:"), fix=EXAMPLE)]
    values, problems = check(data, YEAR, scope, shown, lines)
    match = NAME_RE.match(os.path.basename(path))
    if match is None:
        problems.append(
            Problem(shown, _("a file of finances/ is named after its year"), fix=_("rename it e.g. 2025.yml"))
        )
    elif "year" in values and values["year"] != int(match[1]):
        problems.append(
            Problem(
                shown,
                _("the year {year} is not the year of the file's name, {name}", year=values["year"], name=match[1]),
                "year",
                lines.get("year"),
                fix=_("write year: {name}, or rename the file {year}.yml", name=match[1], year=values["year"]),
            )
        )
    entries = _entry_lines(text)
    parsed = {}
    for name, schema in LISTS.items():
        parsed[name], found = _entries(data, name, schema, scope, shown, lines, entries.get(name, {}))
        problems += found
    if "totals" in values:
        for side in ("income", "spending"):
            total, given = sum(v["amount"] for v in parsed[side]), values["totals"].get(side)
            complete = len(parsed[side]) == len(data.get(side) or [])
            if given is not None and complete and not _same(total, given):
                problems.append(
                    Problem(
                        shown,
                        SUMS[side](sum=shown_amount(total), total=shown_amount(given)),
                        "totals",
                        lines.get("totals"),
                        fix=_("correct a line's amount, add the missing line, or correct the total"),
                    )
                )

    if problems:
        return None, problems
    income = tuple(
        Line("income", v["source"], v["label"], v["amount"], v.get("in_kind", False), line=v["line"])
        for v in parsed["income"]
    )
    spending = tuple(
        Line(
            "spending",
            v["category"],
            v["label"],
            v["amount"],
            campaign=v.get("campaign", ""),
            project=v.get("project", ""),
            line=v["line"],
        )
        for v in parsed["spending"]
    )
    documents = tuple(
        Document(v["title"], v["file"], os.path.getsize(os.path.join(content_path, v["file"])))
        for v in parsed["documents"]
    )
    return (
        Year(
            year=values["year"],
            currency=values["currency"],
            income=income,
            spending=spending,
            source=shown,
            path=path,
            approved=values.get("approved"),
            audited_by=values.get("audited_by"),
            totals=values.get("totals"),
            documents=documents,
        ),
        [],
    )


def _entries(data, name, schema, scope, shown, lines, entry_lines):
    """(typed entries, problems) of the list ``name``: required but documents."""
    raw = data.get(name)
    if raw in (None, "", []):
        if name == "documents":
            return [], []
        return [], [Problem(shown, _("list at least one line"), name, lines.get(name), LINE_FIX)]
    if not isinstance(raw, list):
        return [], [
            Problem(shown, _("expected a list, got {value}", value=f.show(raw)), name, lines.get(name), LINE_FIX)
        ]
    out, problems = [], []
    for index, entry in enumerate(raw, start=1):
        line = entry_lines.get(index, lines.get(name))
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            problems.append(
                Problem(shown, _("expected fields, got {value}", value=f.show(entry)), where, line, LINE_FIX)
            )
            continue
        values, found = check(entry, schema, scope, shown, {})
        for problem in found:
            problems.append(Problem(shown, problem.message, f"{where}.{problem.field}", line, problem.fix))
        if not found:
            out.append(dict(values, line=line))
    return out, problems


def _entry_lines(text):
    """{list name: {index: line}} of the entries of the top-level lists (for messages)."""
    try:
        node = yaml.compose(text, Loader=yamlfile.Loader)
    except yaml.YAMLError:
        return {}
    out = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode):
                out[str(key.value)] = {i: item.start_mark.line + 1 for i, item in enumerate(value.value, start=1)}
    return out


def _same(a, b):
    return abs(a - b) < 0.005


def shown_amount(amount):
    """An amount as written in a file: 5333000, or 1250.5."""
    return str(int(amount)) if float(amount).is_integer() else f"{amount:.2f}".rstrip("0")


def check_references(years, items, content_path):
    """Problems of the lines whose campaign: or project: names no item."""
    slugs = {"campaign": set(), "project": set()}
    for item in items:
        if item.kind in slugs:
            slugs[item.kind].add(item.slug)
    problems = []
    for year in years.values():
        for index, line in enumerate(year.spending, start=1):
            for kind, folder in (("campaign", "campaigns"), ("project", "projects")):
                target = getattr(line, kind)
                if target and target not in slugs[kind]:
                    problems.append(
                        Problem(
                            year.source,
                            _("no {kind} has the slug {slug}", kind=kind, slug=repr(target)),
                            f"spending[{index}].{kind}",
                            line.line,
                            fix=_("write the slug of a file in content/{folder}/", folder=folder),
                        )
                    )
    return problems
