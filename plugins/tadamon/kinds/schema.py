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

NEWS = {"date": Field(f.datetime_value, True, _("write the publication date, e.g. date: 2026-11-02"))}

PAGE = {"order": Field(f.integer)}
