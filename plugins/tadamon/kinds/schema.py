"""The fields of each kind of item, as the content contract defines them."""

from tadamon import fields as f
from tadamon.schema import Field

COMMON = {
    "title": Field(f.text, True, "the item's title"),
    "date": Field(f.datetime_value),
    "updated": Field(f.datetime_value),
    "summary": Field(f.localised_here),
    "image": Field(f.image_path),
    "image_alt": Field(f.localised_here),
    "tags": Field(f.text_list),
    "status": Field(f.choice("draft", "published")),
}

ACTIVITY = {
    "start": Field(f.datetime_value, True, "e.g. start: 2026-12-05 09:00"),
    "end": Field(f.datetime_value),
    "location": Field(f.location),
    "online": Field(f.url),
    "registration": Field(f.url),
    "report": Field(f.report),
}

PROJECT = {
    "stage": Field(f.choice("planned", "ongoing", "completed"), True, "planned, ongoing or completed"),
    "start": Field(f.datetime_value),
    "end": Field(f.datetime_value),
    "location": Field(f.location),
    "beneficiaries": Field(f.beneficiaries),
    "budget": Field(f.money),
    "partners": Field(f.slug_list),
}

CAMPAIGN = {
    "goal": Field(f.money, True, "e.g. goal: {amount: 500000, currency: DZD}"),
    "raised": Field(f.raised),
    "deadline": Field(f.deadline_value),
    "donate": Field(f.donation_channels),
    "project": Field(f.slug),
}

VOLUNTEER = {
    "deadline": Field(f.deadline_value, True, "the last day to apply, e.g. deadline: 2026-12-31"),
    "mode": Field(f.choice("remote", "onsite", "hybrid"), True, "remote, onsite or hybrid"),
    "skills": Field(f.text_list),
    "commitment": Field(f.localised_here),
    "places": Field(f.integer),
    "location": Field(f.location),
    "apply": Field(f.apply, True, "at least one of url, email, phone, whatsapp"),
    "activity": Field(f.slug),
    "project": Field(f.slug),
}

NEWS = {"date": Field(f.datetime_value, True, "the publication date, e.g. date: 2026-11-02")}

PAGE = {"order": Field(f.integer)}
