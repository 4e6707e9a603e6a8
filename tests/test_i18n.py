"""Languages: lang and dir, translations linked both ways, the language switcher,
dates and numbers in the page's language, translated theme strings, three languages."""

import re

from conftest import SITEURL, build, hreflangs

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def test_every_page_has_lang_and_dir_for_its_language(site):
    pages = site.pages()
    assert len(pages) > 25
    for page in pages:
        html = site.soup(page).html
        expected = ("fr", "ltr") if page.startswith("fr/") else ("ar", "rtl")
        assert (html["lang"], html["dir"]) == expected, page


def test_translations_link_to_each_other_both_ways(site):
    ar = site.soup("activities/cleanup/")
    fr = site.soup("fr/activities/cleanup/")
    alternates = hreflangs(ar)
    assert alternates == {
        "ar": f"{SITEURL}/activities/cleanup/",
        "fr": f"{SITEURL}/fr/activities/cleanup/",
        "x-default": f"{SITEURL}/activities/cleanup/",
    }
    back = hreflangs(fr)
    assert back == alternates
    assert ar.find("link", rel="canonical")["href"] == f"{SITEURL}/activities/cleanup/"
    assert fr.find("link", rel="canonical")["href"] == f"{SITEURL}/fr/activities/cleanup/"


def test_language_switcher_leads_to_the_same_item(site):
    switch = site.soup("fr/projects/garden/").select_one(".langs a")
    assert switch["href"] == f"{SITEURL}/projects/garden/"
    assert (switch["lang"], switch["dir"], switch.get_text(strip=True)) == ("ar", "rtl", "العربية")
    back = site.soup("projects/garden/").select_one(".langs a")
    assert back["href"] == f"{SITEURL}/fr/projects/garden/"
    assert (back["lang"], back.get_text(strip=True)) == ("fr", "français")


def test_language_switcher_without_translation_leads_to_that_languages_home(site):
    switch = site.soup("fr/campaigns/school/").select_one(".langs a")
    assert switch["href"] == f"{SITEURL}/"
    lists = site.soup("fr/news/").select_one(".langs a")
    assert lists["href"] == f"{SITEURL}/news/"


def test_dates_are_written_in_the_pages_language(site):
    for page in site.pages():
        if not page.startswith("fr/"):
            assert not ENGLISH_MONTHS.search(site.soup(page).get_text()), page
    ar = site.soup("activities/cleanup/").select_one(".facts").get_text()
    assert "ديسمبر" in ar and "2026" in ar
    fr = site.soup("fr/activities/cleanup/").select_one(".facts").get_text()
    assert "décembre 2026" in fr and "09:00" in fr
    assert "جانفي" in site.soup("campaigns/coats/").get_text()  # Algerian month name for January


def test_theme_strings_are_translated(site):
    ar_menu = [a.get_text(strip=True) for a in site.soup("").select(".site-nav a")]
    fr_menu = [a.get_text(strip=True) for a in site.soup("fr/").select(".site-nav a")]
    assert ar_menu[0] == "الأنشطة"
    assert fr_menu[0] == "Activités"
    assert "How to give" not in site.text("campaigns/coats/index.html")
    assert "How to give" not in site.text("fr/campaigns/coats/index.html")


def test_catalogs_are_complete():
    from babel.messages.pofile import read_po
    from conftest import ROOT

    with open(ROOT / "themes/tadamon/translations/messages.pot", "rb") as stream:
        template = {m.id for m in read_po(stream) if m.id}
    for lang in ("ar", "fr"):
        with open(ROOT / f"themes/tadamon/translations/{lang}/LC_MESSAGES/messages.po", "rb") as stream:
            catalog = {m.id: m.string for m in read_po(stream, locale=lang) if m.id}
        assert template <= set(catalog), f"{lang}: strings missing from the catalog"
        assert [k for k, v in catalog.items() if not v] == [], f"{lang}: untranslated strings"


def test_mixed_direction_fragments_are_isolated(site):
    soup = site.soup("")
    phone = soup.find("a", href="tel:+213555123456").find("bdi")
    assert phone["dir"] == "ltr"
    # the other language's name in the switcher carries its own lang and dir
    assert soup.select_one(".langs a")["lang"] == "fr"


def test_404_is_in_the_default_language_with_links_to_every_language(site):
    soup = site.soup("404.html")
    assert soup.html["lang"] == "ar"
    links = {a["hreflang"]: a["href"] for a in soup.select("main a[hreflang]")}
    assert links == {"ar": f"{SITEURL}/", "fr": f"{SITEURL}/fr/"}


def test_a_three_language_site_builds(content, tmp_path):
    text = (content / "association.yml").read_text()
    text = text.replace("languages: [ar, fr]", "languages: [fr, ar, en]")
    text = text.replace(
        'name: {ar: "جمعية النور للتضامن", fr: "Association En-Nour solidarité"}',
        'name: {ar: "جمعية النور للتضامن", fr: "Association En-Nour solidarité", en: "En-Nour"}',
    )
    (content / "association.yml").write_text(text)
    (content / "news" / "report-2025.en.md").write_text("---\ntitle: Annual report 2025\ndate: 2026-02-10\n---\nR.\n")
    site = build(content, tmp_path / "out")
    # French is the default now: at the root; Arabic and English under their prefix.
    assert site.soup("").html["lang"] == "fr"
    assert site.soup("ar/").html["dir"] == "rtl"
    assert site.soup("en/").html["lang"] == "en"
    assert site.soup("en/").h1.get_text(strip=True) == "En-Nour"
    en = site.soup("en/news/report-2025/")
    alternates = hreflangs(en)
    assert alternates == {
        "fr": f"{SITEURL}/news/report-2025/",
        "ar": f"{SITEURL}/ar/news/report-2025/",
        "en": f"{SITEURL}/en/news/report-2025/",
        "x-default": f"{SITEURL}/news/report-2025/",
    }
    assert {a["hreflang"] for a in en.select(".langs a")} == {"fr", "ar"}
    # English has no catalog: the theme falls back to its English strings (and its menu
    # offers only the lists with something in English: the news).
    assert [a.get_text(strip=True) for a in site.soup("en/").select(".site-nav a")] == ["News"]


def test_later_pages_of_a_list_claim_no_translation(content, tmp_path):
    for n in range(3):
        (content / "news" / f"post-{n}.fr.md").write_text(f"---\ntitle: Post {n}\ndate: 2026-0{n + 1}-01\n---\nT.\n")
    site = build(content, tmp_path / "out", TADAMON_PER_PAGE=2)
    second = site.soup("fr/news/page/2/")
    assert hreflangs(second) == {"fr": f"{SITEURL}/fr/news/page/2/"}
    assert second.select_one(".langs a")["href"] == f"{SITEURL}/news/"
