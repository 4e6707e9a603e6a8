"""The fields of each kind of item, as the content contract defines them."""

from tadamon import fields as f
from tadamon.errors import _
from tadamon.schema import Field

COMMON = {
    "title": Field(f.text, True, _("write e.g. title: Winter coats for children")),
    "date": Field(f.datetime_value),
    "updated": Field(f.datetime_value),
    "summary": Field(f.localised_here),
    "image": Field(f.image_path),
    "image_alt": Field(f.localised_here),
    "tags": Field(f.text_list),
    "status": Field(f.choice("draft", "published")),
}

ACTIVITY = {
    "start": Field(f.datetime_value, True, _("write e.g. start: 2026-12-05 09:00")),
    "end": Field(f.datetime_value),
    "location": Field(f.location),
    "online": Field(f.url),
    "registration": Field(f.url),
    "report": Field(f.report),
}

PROJECT = {
    "stage": Field(
        f.choice("planned", "ongoing", "completed"),
        True,
        _("write stage: planned, stage: ongoing or stage: completed"),
    ),
    "start": Field(f.datetime_value),
    "end": Field(f.datetime_value),
    "location": Field(f.location),
    "beneficiaries": Field(f.beneficiaries),
    "budget": Field(f.money),
    "partners": Field(f.slug_list),
}

CAMPAIGN = {
    "goal": Field(f.money, True, _("write e.g. goal: {{amount: 500000, currency: DZD}}")),
    "raised": Field(f.raised),
    "deadline": Field(f.deadline_value),
    "donate": Field(f.donation_channels),
    "project": Field(f.slug),
}

VOLUNTEER = {
    "deadline": Field(f.deadline_value, True, _("write the last day to apply, e.g. deadline: 2026-12-31")),
    "mode": Field(f.choice("remote", "onsite", "hybrid"), True, _("write mode: remote, mode: onsite or mode: hybrid")),
    "skills": Field(f.text_list),
    "commitment": Field(f.localised_here),
    "places": Field(f.integer),
    "location": Field(f.location),
    "apply": Field(
        f.apply,
        True,
        _("write at least one way to apply, e.g. apply: {{email: benevoles@example.org}}"),
    ),
    "activity": Field(f.slug),
    "project": Field(f.slug),
}

NEWS = {
    "date": Field(f.datetime_value, True, _("write the publication date, e.g. date: 2026-11-02")),
    # An update of a campaign or a project: listed on its page, newest first.
    "campaign": Field(f.slug),
    "project": Field(f.slug),
}

PAGE = {"order": Field(f.integer)}

# The parts of the structured values: the keys their parsers in fields.py read.
# The in-browser editor (tadamon.admin) makes its forms from these;
# tests/test_admin.py builds files with every part filled in, so a part that a
# parser stops reading fails there.
LOCATION = {"name": Field(f.localised_here), "address": Field(f.localised_here), "map": Field(f.url)}
REPORT = {"participants": Field(f.integer), "text": Field(f.localised_here)}
BENEFICIARIES = {"count": Field(f.integer), "description": Field(f.localised_here)}
MONEY = {
    "amount": Field(f.amount, True),
    "currency": Field(f.text, True, _("write a three-letter code such as currency: DZD")),
}
RAISED = {"amount": Field(f.amount, True), "as_of": Field(f.datetime_value)}
APPLY = {"url": Field(f.url), "email": Field(f.email), "phone": Field(f.text), "whatsapp": Field(f.text)}
# Bank (holder, bank, iban, rib, swift) and postal (holder, number, key) accounts.
ACCOUNT_DETAILS = {name: Field(f.text) for name in ("holder", "bank", "iban", "rib", "swift", "number", "key")}
DONATION_CHANNEL = {
    "type": Field(f.choice(*f.DONATION_TYPES), True),
    "label": Field(f.localised, True),
    "url": Field(f.url),
    "details": Field(f.mapping),
    "number": Field(f.text),
    "text": Field(f.text),
    "note": Field(f.localised),
}
PARTS = {
    f.location: LOCATION,
    f.report: REPORT,
    f.beneficiaries: BENEFICIARIES,
    f.money: MONEY,
    f.raised: RAISED,
    f.apply: APPLY,
    f.mapping: ACCOUNT_DETAILS,
}
LISTS_OF_PARTS = {f.donation_channels: DONATION_CHANNEL}

# Dates that editors give as a day (a time is still accepted in a file); the
# other dates are a day and a time. A bare deadline means the end of its day.
DAY_FIELDS = frozenset({"date", "updated", "deadline", "as_of"})
# Texts of more than one line in the editor.
LONG_TEXTS = frozenset({"summary", "text", "description", "note"})
