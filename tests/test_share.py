"""Share links: plain links with the page's absolute URL, no third-party script anywhere."""

from urllib.parse import parse_qs, urlsplit

from conftest import SITEURL

ITEM_PAGES = (
    "activities/cleanup/",
    "fr/activities/cleanup/",
    "fr/projects/garden/",
    "campaigns/coats/",
    "fr/volunteer/translators/",
    "fr/news/report-2025/",
)


def share_links(soup):
    links = {}
    for a in soup.select("section.share a[href]"):
        parts = urlsplit(a["href"])
        links[parts.netloc or parts.scheme] = (a, parse_qs(parts.query))
    return links


def test_item_pages_link_to_each_network_with_the_page_url_and_title(site):
    for page in ITEM_PAGES:
        soup = site.soup(page)
        url = soup.find("link", rel="canonical")["href"]
        assert url == f"{SITEURL}/{page}"
        title = soup.h1.get_text(strip=True)
        links = share_links(soup)
        assert set(links) == {"wa.me", "www.facebook.com", "x.com", "t.me", "www.linkedin.com", "mailto"}, page
        assert links["wa.me"][1] == {"text": [f"{title} {url}"]}
        assert links["www.facebook.com"][1] == {"u": [url]}
        assert links["x.com"][1] == {"text": [title], "url": [url]}
        assert links["t.me"][1] == {"url": [url], "text": [title]}
        assert links["www.linkedin.com"][1] == {"url": [url]}
        assert links["mailto"][1] == {"subject": [title], "body": [url]}
        for a, _ in links.values():
            assert a.get("aria-label") and a.get_text(strip=True), page
            if a.get("target") == "_blank":
                assert "noopener" in a["rel"], page


def test_share_links_are_translated(site):
    assert (
        site.soup("fr/news/report-2025/").select_one("section.share h2").get_text(strip=True) == "Partager cette page"
    )
    arabic = site.soup("news/report-2025/")
    assert arabic.select_one("section.share h2").get_text(strip=True) == "شارك هذه الصفحة"
    assert arabic.select_one('section.share a[href^="https://wa.me"]')["aria-label"].startswith("المشاركة على")


def test_copy_field_holds_the_canonical_url_and_the_button_waits_for_the_script(site):
    soup = site.soup("fr/campaigns/school/")
    field = soup.select_one("section.share input[readonly]")
    assert field["value"] == soup.find("link", rel="canonical")["href"] == f"{SITEURL}/fr/campaigns/school/"
    label = soup.find("label", attrs={"for": field["id"]})
    assert label.get_text(strip=True) == "Lien vers cette page"
    button = soup.select_one("section.share button")
    assert button.has_attr("hidden") and button.get_text(strip=True) == "Copier le lien"
    status = soup.find(id=button["data-status"])
    assert status["aria-live"] == "polite" and status["data-copied"]
    script = soup.find("script", src=f"{SITEURL}/theme/js/share.js")
    assert script is not None and script.has_attr("defer")
    assert "navigator.clipboard.writeText" in site.text("theme/js/share.js")


def test_no_script_comes_from_elsewhere_and_none_is_inline(site):
    found = []
    for page in site.pages():
        for script in site.soup(page).find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code: a CSP does not block it
            if not script.get("src", "").startswith(f"{SITEURL}/"):
                found.append((page, str(script)[:80]))
    assert found == []
    assert any(site.soup(page).find("script") for page in site.pages())  # the check above saw scripts
