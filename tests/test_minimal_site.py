"""A minimal site (one language, no contact details, no campaigns): nothing is
announced that has nothing to show, neither a heading nor a menu entry."""

import pytest
from conftest import build

ASSOCIATION = """\
name: {fr: "Les Amis du quartier"}
languages: [fr]
timezone: Africa/Algiers
"""
ACTIVITY = """\
---
title: Nettoyage du parc
start: 2026-12-05 09:00
location: {name: "Parc de la Liberté"}
---
Venez avec des gants.
"""


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    base = tmp_path_factory.mktemp("minimal")
    content = base / "content"
    (content / "activities").mkdir(parents=True)
    (content / "association.yml").write_text(ASSOCIATION, encoding="utf-8")
    (content / "activities" / "parc.fr.md").write_text(ACTIVITY, encoding="utf-8")
    return build(content, base / "output")


def headings(soup):
    return [h.get_text(" ", strip=True) for h in soup.find_all(["h1", "h2", "h3"])]


def test_no_contact_heading_without_contact_details(minimal):
    for page in ("", "activities/", "activities/parc/", "follow/"):
        soup = minimal.soup(page)
        found = headings(soup)
        assert "Contact" not in found and "Contactez-nous" not in found, (page, found)
        assert soup.find(id="footer-contact") is None and soup.find(id="home-contact") is None, page


def test_every_heading_has_something_under_it(minimal):
    """A section's heading comes with content: a link, list item or paragraph besides the heading."""
    for page in ("", "activities/", "activities/parc/"):
        for section in minimal.soup(page).find_all("section"):
            heading = section.find(["h2", "h3"])
            if heading is None:
                continue  # the hero: the page's own title
            rest = [e for e in section.find_all(["a", "li", "p", "dd", "article"]) if heading not in e.parents]
            assert rest, (page, heading.get_text(strip=True) if heading else section)


def test_the_menu_leads_only_to_lists_with_something_in_them(minimal):
    soup = minimal.soup("")
    menu = [a["href"].rsplit("/", 2)[-2] for a in soup.select("nav.site-nav a")]
    assert menu == ["activities"]
    assert minimal.exists("activities/parc/index.html")


def test_a_full_site_keeps_its_contact_and_menu(site):
    """The fixture site has contact details and every kind: nothing is hidden there."""
    soup = site.soup("fr/")
    assert soup.find(id="home-contact") is not None and soup.find(id="footer-contact") is not None
    assert len(soup.select("nav.site-nav a")) >= 5


def test_without_a_logo_no_page_makes_the_browser_ask_for_favicon_ico(minimal):
    """A browser asks the host's /favicon.ico for a page that names no icon: outside the
    site on a Pages sub-path, a failed request on every first visit."""
    for page in minimal.pages():
        icon = minimal.soup(page).find("link", rel="icon")
        assert icon is not None and icon["href"] == "data:,", page
