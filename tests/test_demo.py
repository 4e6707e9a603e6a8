"""The association in content/ builds into a complete multilingual site.

The first tests hold for any association a fork puts there (they expect what
content/ holds); the ones marked ``demo`` are about the demo association."""

import pytest
from conftest import SITE_CONTENT, build
from tadamon.kinds.contents import KINDS


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build(SITE_CONTENT.path, tmp_path_factory.mktemp("demo") / "output")


def test_every_file_has_its_page(demo):
    for kind in SITE_CONTENT.kinds:
        cls = KINDS[kind]
        for source in SITE_CONTENT.files(cls.folder):
            stem, _dot, lang = source.stem.rpartition(".")
            if lang not in SITE_CONTENT.languages:  # no language in the name: the first language
                stem, lang = source.stem, SITE_CONTENT.default_lang
            if "status: draft" in source.read_text(encoding="utf-8"):
                continue
            folder = {"page": ""}.get(kind, cls.folder)
            page = f"{SITE_CONTENT.prefix(lang)}{folder + '/' if folder else ''}{stem}/index.html"
            assert demo.exists(page), f"{source.relative_to(SITE_CONTENT.path)} has no page {page}"


def test_every_language_has_a_home_page_with_its_direction(demo):
    for lang in SITE_CONTENT.languages:
        html = demo.soup(SITE_CONTENT.prefix(lang)).html
        assert (html["lang"], html["dir"]) == (lang, SITE_CONTENT.direction(lang))


@pytest.mark.demo
def test_the_demo_has_a_file_of_every_kind_in_both_languages():
    counts = {cls.folder: len(SITE_CONTENT.files(cls.folder)) for cls in KINDS.values()}
    assert counts == {"activities": 12, "projects": 4, "campaigns": 4, "volunteer": 8, "news": 8, "pages": 8}


@pytest.mark.demo
def test_demo_home_pages_show_every_section(demo):
    for home in ("", "fr/"):
        sections = demo.soup(home).select("main section h2")
        assert len(sections) >= 5, home


@pytest.mark.demo
def test_demo_has_past_and_upcoming_open_and_closed(demo):
    activities = demo.soup("fr/activities/").select("main h2")
    assert len(activities) == 2
    assert len(demo.soup("fr/campaigns/").select("main h2")) == 2
    assert len(demo.soup("fr/volunteer/").select("main h2")) == 2
