"""``tadamon new finances 2026``: a year's accounts to fill in, every field of the
contract there with what to write; the build refuses it until the lines are filled in."""

from pathlib import Path

from tadamon.errors import FieldError, _
from tadamon.finances.model import CATEGORIES, FOLDER, SOURCES

TEMPLATE = """\
year: {year}  # required: the financial year, the same as the file's name
currency: DZD  # required: a three-letter code (DZD, EUR, TND, MAD, USD...)
# approved:  # optional: who approved these accounts, and when
#   by: {texts}
#   date: {next_year}-04-30
# audited_by: {texts}  # optional: the auditor
# totals: {{income: 0, spending: 0}}  # optional: the approved totals; the lines must add up to them
income:  # required: one line per source of money
  - label:  # required: {texts}
    source: donations  # required, one of: {sources}
    amount:  # required: a number, never negative, e.g. 500000
    # in_kind: true  # optional: a gift in kind, valued at this amount
spending:  # required: one line per use of money
  - label:  # required: {texts}
    category: programs  # required, one of: {categories}
    amount:  # required: a number, never negative, e.g. 500000
    # campaign: winter-coats  # optional: the campaign (file name in campaigns/) this money came from
    # project: school-support  # optional: the project (file name in projects/) it went to
# documents:  # optional: files under content/ offered for download
#   - title: {texts}
#     file: documents/accounts-{year}.pdf
"""


def new_year(content_path, year, languages):
    """Write ``finances/<year>.yml``; return its path in a list."""
    if not (year or "").isdigit() or len(year) != 4:
        raise FieldError(_("{slug} is not a year", slug=repr(year)), fix=_("write e.g. tadamon new finances 2026"))
    path = Path(content_path) / FOLDER / f"{year}.yml"
    if path.exists():
        shown = Path(Path(content_path).name, FOLDER, path.name).as_posix()
        raise FieldError(_("{file} already exists", file=shown), fix=_("choose another name, or edit that file"))
    texts = "{" + ", ".join(f'{lang}: "..."' for lang in languages) + "}"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        year=year,
        next_year=int(year) + 1,
        texts=texts,
        sources=", ".join(SOURCES),
        categories=", ".join(CATEGORIES),
    )
    path.write_text(text, encoding="utf-8")
    return [path]
