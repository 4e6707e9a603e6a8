"""The open data of a financial year: one JSON and one CSV file, one row per line.

The columns (documented in docs/finances.md, and stable):

- ``year``: the financial year;
- ``type``: ``income`` or ``spending``;
- ``category``: the source of an income line, the category of a spending line;
- ``label_<lang>``: the label in each language of the site, in its order;
- ``amount``: a number, without grouping, with a dot before decimals;
- ``currency``: ISO 4217;
- ``campaign``, ``project``: slugs, or empty.

The CSV is UTF-8 with a BOM, so that a spreadsheet opens the Arabic right.
"""

import csv
import io
import json


def columns(languages):
    return [
        "year",
        "type",
        "category",
        *(f"label_{lang}" for lang in languages),
        "amount",
        "currency",
        "campaign",
        "project",
    ]


def _amount(value):
    return int(value) if float(value).is_integer() else value


def rows(year, languages):
    out = []
    for line in year.lines:
        row = {"year": year.year, "type": line.side, "category": line.kind}
        row.update({f"label_{lang}": line.label.get_text(lang) for lang in languages})
        row.update(amount=_amount(line.amount), currency=year.currency, campaign=line.campaign, project=line.project)
        out.append(row)
    return out


def as_json(year, languages):
    return (json.dumps(rows(year, languages), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def as_csv(year, languages):
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=columns(languages), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(year, languages))
    return stream.getvalue().encode("utf-8-sig")
