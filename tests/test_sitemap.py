"""sitemap.xml and robots.txt, as a crawler reads them."""

import xml.etree.ElementTree as ET

import pytest
from conftest import SITEURL, build, hreflangs
from seo_helpers import PREFIX, build_fixture, local, page_url

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def entries(site):
    """{loc: (lastmod or None, {hreflang: href})} in the order of the file."""
    root = ET.fromstring((site.path / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{NS['s']}}}urlset"
    out = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in out, f"{loc} is listed twice"
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", NS))
        out[loc] = (url.findtext("s:lastmod", namespaces=NS), links)
    return out


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("again"), TADAMON_BUILD_DATE="2027-06-01")


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """Lists of one item per page: the French activities have two pages, the Arabic news one."""
    return build_fixture(tmp_path_factory.mktemp("paged"), TADAMON_PER_PAGE=1)


def test_every_html_page_but_404_is_listed(site):
    expected = {page_url(p) for p in site.pages() if p != "404.html"}
    assert set(entries(site)) == expected
    assert "fr/activities/index.html" in site.pages() and "fr/volunteer/summer-camp/index.html" in site.pages()


def test_paginated_list_pages_are_listed(paged):
    listed = entries(paged)
    assert set(listed) == {page_url(p) for p in paged.pages() if p != "404.html"}
    assert PREFIX + "fr/activities/page/2/" in listed


def test_urls_are_absolute_under_the_site_path(site):
    for loc, (_, links) in entries(site).items():
        for url in (loc, *links.values()):
            assert url.startswith(SITEURL + "/"), url
            assert (site.path / local(url)).is_file(), f"{url} leads to no page"


def test_alternates_name_every_translation_both_ways(site):
    listed = entries(site)
    item = listed[PREFIX + "fr/activities/cleanup/"][1]
    assert item == {
        "ar": PREFIX + "activities/cleanup/",
        "fr": PREFIX + "fr/activities/cleanup/",
        "x-default": PREFIX + "activities/cleanup/",
    }
    for loc, (_, links) in listed.items():
        if not links:
            continue
        assert loc in links.values(), f"{loc} does not name itself"
        assert links["x-default"] == links["ar"], "x-default is the default language's page"
        for lang, href in links.items():
            assert listed[href][1] == links, f"{href} ({lang}) does not name {loc} back"
    # The same alternates as the page's own <head>.
    soup = site.soup("fr/projects/garden/")
    head = hreflangs(soup)
    assert head == listed[PREFIX + "fr/projects/garden/"][1]


def test_an_item_in_one_language_has_no_alternates(site):
    assert entries(site)[PREFIX + "fr/campaigns/school/"][1] == {}


def test_second_pages_are_not_translations_of_first_pages(paged):
    listed = entries(paged)
    assert listed[PREFIX + "fr/activities/page/2/"][1] == {}
    first = listed[PREFIX + "fr/activities/"][1]
    assert first == {"ar": PREFIX + "activities/", "fr": PREFIX + "fr/activities/", "x-default": PREFIX + "activities/"}


def test_lastmod_comes_from_the_content(site):
    listed = entries(site)
    assert listed[PREFIX + "fr/news/report-2025/"][0] == "2026-02-10T00:00:00+01:00"
    assert listed[PREFIX + "fr/campaigns/coats/"][0] == "2026-11-15T00:00:00+01:00"  # raised as of
    # A list and a home page: their newest item.
    assert listed[PREFIX + "fr/news/"][0] == "2026-02-10T00:00:00+01:00"
    assert listed[PREFIX + "fr/campaigns/"][0] == "2026-11-15T00:00:00+01:00"
    assert listed[PREFIX + "fr/"][0] == "2026-11-15T00:00:00+01:00"
    # No date in the file: no lastmod rather than a made-up one.
    assert listed[PREFIX + "fr/activities/cleanup/"][0] is None


def test_same_content_gives_the_same_sitemap_on_another_day(site, rebuilt):
    data = (site.path / "sitemap.xml").read_bytes()
    assert data == (rebuilt.path / "sitemap.xml").read_bytes()
    locs = list(entries(site))
    assert locs == sorted(locs)


def test_robots_txt_points_to_the_sitemap(site):
    robots = site.text("robots.txt")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots.splitlines()
    assert "Disallow: /" not in robots  # nothing is hidden from crawlers


def test_robots_txt_points_at_the_sitemap_where_the_setting_puts_it(content, tmp_path):
    built = build(content, tmp_path / "output", TADAMON_URLS={"sitemap": "seo/pages.xml"})
    assert f"Sitemap: {SITEURL}/seo/pages.xml\n" in built.text("robots.txt")
    assert "<urlset" in built.text("seo/pages.xml")
    assert not built.exists("sitemap.xml")
