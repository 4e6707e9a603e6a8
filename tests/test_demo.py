"""The demo association in content/ builds into a complete bilingual site."""

import pytest
from conftest import ROOT, build

KINDS = {
    "activities": "activities",
    "projects": "projects",
    "campaigns": "campaigns",
    "volunteer": "volunteer",
    "news": "news",
    "pages": "",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("demo") / "output")


def test_every_demo_file_has_its_page(demo):
    sources = sorted((ROOT / "content").glob("*/*.md"))
    assert len(sources) >= 2 * (4 + 2 + 2 + 4 + 4 + 3)
    for source in sources:
        stem, lang = source.stem.rsplit(".", 1)
        prefix = "" if lang == "ar" else f"{lang}/"
        folder = KINDS[source.parent.name]
        page = f"{prefix}{folder}/{stem}/index.html" if folder else f"{prefix}{stem}/index.html"
        assert demo.exists(page), f"{source.relative_to(ROOT)} has no page {page}"


def test_demo_home_pages_show_every_section(demo):
    for home in ("", "fr/"):
        sections = demo.soup(home).select("main section h2")
        assert len(sections) >= 5, home


def test_demo_has_past_and_upcoming_open_and_closed(demo):
    activities = demo.soup("fr/activities/").select("main h2")
    assert len(activities) == 2
    assert len(demo.soup("fr/campaigns/").select("main h2")) == 2
    assert len(demo.soup("fr/volunteer/").select("main h2")) == 2
