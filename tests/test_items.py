"""Items are typed: each kind is a dataclass of the contract's fields, which the
reader's parsers fill, and the templates get that item."""

import dataclasses
import datetime

import pytest
from conftest import build
from tadamon.kinds.contents import BUILD_FIELDS, KINDS
from tadamon.kinds.schema import COMMON

# Named by the file or its front matter, not by a schema (reader.py): the
# language and the slug; the image's description is part of the image.
NAMING = {"lang", "slug"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_a_dataclass_of_its_contract_fields(kind):
    cls = KINDS[kind]
    contract = {**COMMON, **cls.schema}
    fields = {field.name: field for field in dataclasses.fields(cls)}
    assert set(fields) - BUILD_FIELDS == set(contract) - {"image_alt"} | NAMING
    required = {
        name
        for name, field in fields.items()
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    }
    assert required - BUILD_FIELDS - NAMING == {name for name, spec in contract.items() if spec.required}


def test_a_field_another_kind_has_reads_none_and_an_unknown_one_fails():
    page = KINDS["page"]
    assert page.deadline is None and page.start is None and page.goal is None
    with pytest.raises(TypeError):
        page(site=None, source_path="/c/pages/a.md", body="", lang="fr", slug="a", title="A", colour="red")


def test_a_build_reads_each_file_into_its_kinds_dataclass(content, tmp_path, monkeypatch):
    from tadamon.kinds import generator

    seen = {}
    read = generator.Kinds.read

    def keep(self):
        read(self)
        seen.update({(item.kind, item.slug, item.lang): item for item in self.items})

    monkeypatch.setattr(generator.Kinds, "read", keep)
    build(content, tmp_path / "output")
    activity = seen[("activity", "cleanup", "fr")]
    assert type(activity) is KINDS["activity"] and dataclasses.is_dataclass(activity)
    assert isinstance(activity.start, datetime.datetime) and activity.start.tzinfo is not None
    campaign = seen[("campaign", "coats", "fr")]
    assert campaign.goal.amount > 0 and campaign.goal.currency
    assert [t.lang for t in campaign.translations] == ["ar"]
    # Related items are fields too, in the item's own language, both ways.
    garden = seen[("project", "garden", "fr")]
    assert campaign.related.project is garden
    assert garden.related.campaigns == (campaign,)
    assert garden.related.calls == (seen[("volunteer", "translators", "fr")],)
    assert activity.related.calls == (seen[("volunteer", "summer-camp", "fr")],)
    assert seen[("project", "garden", "ar")].related.campaigns == (seen[("campaign", "coats", "ar")],)
