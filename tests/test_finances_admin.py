"""Finances without YAML: the in-browser editor's collection, a file written the
way the editor writes it, and ``tadamon new finances <year>``."""

import json

import pytest
from conftest import build, run_cli, settings_for
from finances_fixture import add_finances
from tadamon.admin.config import cms_config
from tadamon.association.model import load
from tadamon.finances.model import CATEGORIES, SOURCES
from tadamon.scaffold import new_item
from test_admin import VENDOR, sveltia_yaml, widgets


@pytest.fixture
def config(content, tmp_path):
    association, problems = load(str(content))
    assert not problems
    return cms_config(association, settings_for(content, tmp_path / "output"), "en-nour/site")


def test_the_editor_has_a_collection_of_the_years_with_the_contracts_fields(config):
    assert config.unmapped == []
    finances = widgets(config.data["collections"])["finances"]
    assert finances["folder"] == "content/finances" and finances["extension"] == "yml"
    assert finances["slug"]["template"] == "{{year}}"  # one file per year, named after it
    fields = widgets(finances["fields"])
    assert {n for n, f in fields.items() if f["required"]} == {"year", "currency", "income", "spending"}
    assert fields["income"]["widget"] == fields["spending"]["widget"] == "list"  # lines edited as forms
    income, spending = widgets(fields["income"]["fields"]), widgets(fields["spending"]["fields"])
    assert income["source"]["options"] == list(SOURCES)
    assert spending["category"]["options"] == list(CATEGORIES)
    assert income["amount"]["widget"] == "number" and income["amount"]["min"] == 0
    assert spending["campaign"]["widget"] == "relation" and spending["campaign"]["collection"] == "campaigns"
    assert spending["project"]["collection"] == "projects"
    assert [f["name"] for f in income["label"]["fields"]] == ["ar", "fr"]  # one text per language
    assert widgets(fields["documents"]["fields"])["file"]["widget"] == "file"


def test_the_configuration_with_the_finances_is_valid_for_sveltia(config):
    jsonschema = pytest.importorskip("jsonschema")
    schema = VENDOR / "sveltia-cms.schema.json"
    if not schema.is_file():
        pytest.skip("the editor's schema is not vendored")
    validator = jsonschema.Draft7Validator(json.loads(schema.read_text()))
    assert [error.message for error in validator.iter_errors(config.data)] == []


def test_a_finances_file_written_by_the_editor_builds(content, tmp_path):
    add_finances(content)
    year = {
        "year": 2024,
        "currency": "DZD",
        "approved": {"by": {"ar": "الجمعية العامة", "fr": "Assemblée générale"}, "date": "2025-04-26"},
        "audited_by": {"ar": "مكتب", "fr": "Cabinet"},
        "totals": {"income": 1500.5, "spending": 1000},
        "income": [
            {"label": {"ar": "تبرعات", "fr": "Dons"}, "source": "donations", "amount": 1000, "in_kind": False},
            {"label": {"ar": "عيني", "fr": "En nature: 10 colis"}, "source": "sales", "amount": 500.5, "in_kind": True},
        ],
        "spending": [
            {"label": {"ar": "معاطف", "fr": "Manteaux"}, "category": "programs", "amount": 1000, "campaign": "coats"},
        ],
        "documents": [{"title": {"ar": "تقرير", "fr": "Rapport"}, "file": "documents/accounts-2025.pdf"}],
    }
    (content / "finances" / "2024.yml").write_text("\n".join(sveltia_yaml(year)) + "\n", encoding="utf-8")
    site = build(content, tmp_path / "output")
    assert site.exists("fr/finances/2024/index.html") and site.exists("finances/2024.csv")
    assert json.loads(site.text("finances/2024.json"))[1]["amount"] == 500.5


def test_new_finances_writes_a_year_to_fill_in_that_the_build_refuses_until_filled(content, tmp_path):
    (paths,) = [new_item(content, "finances", "2026", ["ar", "fr"])]
    assert paths == [content / "finances" / "2026.yml"]
    text = paths[0].read_text(encoding="utf-8")
    assert "year: 2026" in text and ", ".join(SOURCES) in text and ", ".join(CATEGORIES) in text
    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "content/finances/2026.yml" in done.stderr and "income[1].amount" in done.stderr
    filled = text.replace("  - label:  # required", '  - label: {ar: "س", fr: "L"}  #').replace(
        "amount:  #", "amount: 100  #"
    )
    paths[0].write_text(filled, encoding="utf-8")
    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 0, done.stderr
    with pytest.raises(Exception, match="already exists"):
        new_item(content, "finances", "2026", ["ar", "fr"])
    with pytest.raises(Exception, match="not a year"):
        new_item(content, "finances", "next", ["ar", "fr"])


def test_news_posts_name_their_campaign_in_the_editor(config):
    news = widgets(widgets(config.data["collections"])["news"]["fields"])
    assert news["campaign"]["widget"] == "relation" and news["campaign"]["collection"] == "campaigns"
