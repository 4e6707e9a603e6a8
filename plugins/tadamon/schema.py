"""Check a mapping of raw YAML values against a schema of field parsers."""

from collections.abc import Callable
from dataclasses import dataclass

from tadamon.errors import FieldError, Problem, Text, _


@dataclass(frozen=True)
class Field:
    parse: Callable
    required: bool = False
    expected: Text | None = None  # what to write, said when the field is missing


def check(data, schema, scope, file, lines):
    """Return (typed values, problems). Unknown fields pass through untouched."""
    values, problems = {}, []
    for name, spec in schema.items():
        raw = data.get(name)
        if raw is None or raw == "":
            if spec.required:
                problems.append(Problem(file, _("is required"), name, lines.get(name), spec.expected))
            continue
        try:
            values[name] = spec.parse(raw, scope)
        except FieldError as error:
            problems.append(error.problem(file, name, lines.get(name)))
    return values, problems
