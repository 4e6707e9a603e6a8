"""The demo association's identity, so that no site publishes it by mistake.

A fork starts with the demo in content/. Until association.yml says who the
association really is, every check and build warns, field by field: a donor
must never find the demo's bank account on a real association's site.
"""

import os
import re

from tadamon.association.model import read_yaml
from tadamon.errors import Problem, _, shown_path

DEMO_NAMES = frozenset({"جمعية الأمل للتضامن", "Association El Amel pour la solidarité"})
# The demo's account numbers, without spaces: IBAN, RIB, CCP.
DEMO_ACCOUNTS = frozenset({"DZ070070012300012345678905", "00700123000123456789", "0012345678"})
# Domains reserved for examples (RFC 2606): nobody receives mail or donations there.
EXAMPLE_HOST = re.compile(r"(^|[@./])example\.(org|com|net)\b|(^|[@./])example($|[/:])", re.IGNORECASE)


def _texts(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)
    elif isinstance(value, str):
        yield value


def warnings(content_path):
    """Problems (to show as warnings) for each field of association.yml that
    still holds the demo's name, account numbers or example addresses."""
    path = os.path.join(content_path, "association.yml")
    if not os.path.isfile(path):
        return []
    shown = shown_path(content_path, path)
    data, lines, problems = read_yaml(path, shown)
    if problems or not isinstance(data, dict):
        return []  # the check reports what is wrong with the file itself
    found = []
    for field, value in data.items():
        texts = list(_texts(value))
        if field == "name" and DEMO_NAMES & set(texts):
            message = _("this is still the demo association's name")
            fix = _('write your association\'s name, e.g. name: {{ar: "جمعية ...", fr: "Association ..."}}')
        elif any(re.sub(r"\s", "", text) in DEMO_ACCOUNTS for text in texts):
            message = _(
                "these are still the demo's account numbers: donors would send money to an account that is not yours"
            )
            fix = _("write your association's own bank, CCP or SMS details, or remove the channel")
        elif any(EXAMPLE_HOST.search(text) for text in texts):
            message = _("this still holds example addresses (example.org), which reach nobody")
            fix = _("write your own addresses, e.g. email: contact@your-association.dz, or remove the line")
        else:
            continue
        found.append(Problem(shown, message, str(field), lines.get(str(field)), fix))
    return found


def is_demo(content_path):
    """True when content/ still holds the demo association."""
    return any(problem.field == "name" for problem in warnings(content_path))
