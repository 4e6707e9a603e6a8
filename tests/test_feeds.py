"""Feeds as a feed reader sees them: Atom and RSS per language, parsed with
feedparser; their announcement in every page's <head>; the follow page."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, SITE_CONTENT, SITEURL, build

LANGS = {"ar": "", "fr": "fr/"}
NAMES = ("all", "activities", "campaigns", "volunteer", "news")
FORMATS = {"atom": "atom10", "rss": "rss20"}
TITLES = {
    "ar": ("جمعية النور للتضامن", {"all": "كل الجديد", "news": "الأخبار", "volunteer": "نداءات التطوع المفتوحة"}),
    "fr": ("Association En-Nour solidarité", {"all": "Toutes les publications", "news": "Actualités"}),
}
ATOM_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
RSS_DATE = re.compile(r"^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$")


def feed_files(prefix=""):
    return [f"{prefix}feeds/{name}.{fmt}.xml" for name in NAMES for fmt in FORMATS]


def parse(site, path):
    # As written: feedparser would otherwise make relative URLs absolute itself
    # and drop attributes such as srcset.
    return feedparser.parse((site.path / path).read_bytes(), resolve_relative_uris=False, sanitize_html=False)


def every_feed(site):
    for lang, prefix in LANGS.items():
        for path in feed_files(prefix):
            yield lang, path, parse(site, path)


def local_file(site, url):
    """The output file a URL of the site leads to."""
    assert url.startswith(SITEURL + "/"), url
    path = urlsplit(url).path[len(urlsplit(SITEURL).path) + 1 :]
    return site.path / (path + "index.html" if path == "" or path.endswith("/") else path)


def entry(feed, url):
    return next(e for e in feed.entries if e.link == url)


def test_every_feed_is_well_formed_in_its_language(site):
    for lang, path, feed in every_feed(site):
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == FORMATS[path.split(".")[-2]], path
        assert feed.feed.language == lang, path
        name, labels = TITLES[lang]
        assert feed.feed.title.startswith(f"{name} — "), path
        label = labels.get(path.split("/")[-1].split(".")[0])
        if label:
            assert feed.feed.title == f"{name} — {label}", path
        assert feed.feed.subtitle  # RSS requires a description


def test_feeds_link_to_themselves_and_to_their_page(site):
    for _lang, path, feed in every_feed(site):
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == f"{SITEURL}/{path}"
        assert local_file(site, links["alternate"]).is_file(), path
    links = {link.rel: link.href for link in parse(site, "fr/feeds/news.rss.xml").feed.links}
    assert links["alternate"] == f"{SITEURL}/fr/news/"
    assert {link.rel: link.href for link in parse(site, "feeds/all.atom.xml").feed.links}["alternate"] == f"{SITEURL}/"


def test_every_url_in_feeds_is_absolute_and_leads_to_the_site(site):
    checked = 0
    for _lang, path, feed in every_feed(site):
        for item in feed.entries:
            assert item.id == item.link, path  # the canonical URL is the id
            assert local_file(site, item.link).is_file(), (path, item.link)
            html = item.content[0].value + item.summary
            for tag in BeautifulSoup(html, "html.parser").find_all(["a", "img"]):
                url = tag.get("href") or tag.get("src")
                assert urlsplit(url).scheme in ("https", "http", "mailto", "tel"), (path, url)
                if url.startswith(SITEURL):
                    assert local_file(site, url).is_file(), (path, url)
                checked += 1
    assert checked > 10


def test_feeds_hold_the_right_items(site):
    titles = [e.title for e in parse(site, "fr/feeds/all.atom.xml").entries]
    assert set(titles) == {
        "Nettoyage du quartier",
        "Webinaire sur le bénévolat",
        "Le jardin du quartier",
        "Manteaux d'hiver",
        "Fournitures scolaires",
        "Traducteurs bénévoles",
        "Animateurs de colonie",
        "Rapport annuel 2025",
    }  # no page, no draft, nothing from another language
    assert [e.title for e in parse(site, "fr/feeds/news.rss.xml").entries] == ["Rapport annuel 2025"]
    assert [e.title for e in parse(site, "feeds/activities.atom.xml").entries] == [
        "حملة تنظيف الحي",
        "ندوة عبر الإنترنت حول التطوع",
    ]  # most recently published first


def test_closed_calls_are_not_in_the_open_calls_feed(site):
    for fmt in FORMATS:
        fr = [e.link for e in parse(site, f"fr/feeds/volunteer.{fmt}.xml").entries]
        assert fr == [f"{SITEURL}/fr/volunteer/translators/"]
        ar = [e.link for e in parse(site, f"feeds/volunteer.{fmt}.xml").entries]
        assert ar == [f"{SITEURL}/volunteer/translators/"]
    # The feed of everything keeps it, saying it is closed.
    closed = entry(parse(site, "fr/feeds/all.atom.xml"), f"{SITEURL}/fr/volunteer/summer-camp/")
    assert "clôturé le 1 juin 2026" in closed.summary


def test_dates_have_a_time_zone_and_come_from_the_content(site):
    for _lang, path, feed in every_feed(site):
        atom = path.endswith(".atom.xml")
        latest = "updated" if atom else "published"  # RSS items have only a pubDate
        dates = [feed.feed.updated] + [e.published for e in feed.entries] + [e[latest] for e in feed.entries]
        assert all((ATOM_DATE if atom else RSS_DATE).match(d) for d in dates), (path, dates)
        if feed.entries:  # the feed is as new as its newest item, whatever the clock says
            assert feed.feed.updated_parsed == max(e[f"{latest}_parsed"] for e in feed.entries), path
    atom = parse(site, "fr/feeds/all.atom.xml")
    assert atom.feed.updated == "2026-12-05T09:00:00+01:00"  # the cleanup's start, its only date
    news = entry(atom, f"{SITEURL}/fr/news/report-2025/")
    assert news.published == "2026-02-10T00:00:00+01:00"
    undated = entry(atom, f"{SITEURL}/fr/volunteer/translators/")
    assert undated.published == "2000-01-01T00:00:00+01:00"  # no date at all: a fixed one
    rss = parse(site, "fr/feeds/all.rss.xml")
    assert rss.feed.updated == "Sat, 05 Dec 2026 09:00:00 +0100"


def test_items_with_an_image_have_an_enclosure(site):
    size = (site.path / "images" / "photo.jpg").stat().st_size  # as published, metadata stripped
    for fmt in FORMATS:
        feed = parse(site, f"feeds/activities.{fmt}.xml")
        cleanup = entry(feed, f"{SITEURL}/activities/cleanup/")
        assert [(e.href, int(e.length), e.type) for e in cleanup.enclosures] == [
            (f"{SITEURL}/images/photo.jpg", size, "image/jpeg")
        ]
        assert local_file(site, cleanup.enclosures[0].href).stat().st_size == size
        assert entry(feed, f"{SITEURL}/activities/webinar/").enclosures == []
        alternates = [link.href for link in cleanup.links if link.rel == "alternate"]
        assert alternates == [f"{SITEURL}/activities/cleanup/"]


def test_full_content_and_activity_facts_in_the_language(site):
    fr = entry(parse(site, "fr/feeds/activities.rss.xml"), f"{SITEURL}/fr/activities/cleanup/")
    assert "Nous nettoyons la place ensemble." in fr.summary
    for text in (fr.summary, fr.content[0].value):
        assert "Date : samedi 5 décembre 2026" in text and "09:00" in text
        assert "Lieu : Place du quartier" in text
    assert f'src="{SITEURL}/images/photo.jpg"' in fr.content[0].value  # the body, with its image
    ar = entry(parse(site, "feeds/activities.atom.xml"), f"{SITEURL}/activities/cleanup/")
    assert "التاريخ: السبت، 5 ديسمبر 2026" in ar.summary and "المكان: ساحة الحي" in ar.summary
    assert 'dir="rtl"' in ar.content[0].value
    assert f'href="{SITEURL}/projects/garden/"' in ar.content[0].value
    webinar = entry(parse(site, "fr/feeds/activities.atom.xml"), f"{SITEURL}/fr/activities/webinar/")
    assert "En ligne : " in webinar.summary and "https://meet.example.org/volunteering" in webinar.summary


def test_same_content_builds_to_the_same_feeds(site, tmp_path):
    again = build(FIXTURE, tmp_path / "output")
    for prefix in LANGS.values():
        for path in feed_files(prefix):
            assert again.text(path) == site.text(path), path


def test_ids_stay_when_content_and_build_date_change(site, content, tmp_path):
    """Another build, another day, more items, relative links in a body, a
    smaller limit: the ids of the items already there do not move."""
    (content / "news" / "links.fr.md").write_text(
        "---\ntitle: Liens\ndate: 2026-11-20 10:00\nimage: images/logo.png\nimage_alt: Logo\n---\n"
        '[qui](/assoc/fr/about/), [haut](#top), [suite](?page=2), <img src="/assoc/images/photo.jpg" '
        'srcset="../../../images/photo.jpg 2x" alt="">\n',
        encoding="utf-8",
    )
    later = build(content, tmp_path / "output", TADAMON_BUILD_DATE="2027-03-01", TADAMON_FEED_LIMIT=3)
    before = {e.title: e.id for e in parse(site, "fr/feeds/all.atom.xml").entries}
    after = parse(later, "fr/feeds/all.atom.xml")
    assert len(after.entries) == 3
    assert [e.title for e in after.entries] == ["Nettoyage du quartier", "Liens", "Manteaux d'hiver"]
    for item in after.entries:
        if item.title in before:
            assert item.id == before[item.title]
    # Closed since: the call leaves the open-calls feed.
    assert parse(later, "fr/feeds/volunteer.atom.xml").entries == []
    assert not parse(later, "fr/feeds/volunteer.rss.xml").bozo

    links = entry(after, f"{SITEURL}/fr/news/links/")
    soup = BeautifulSoup(links.content[0].value, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://example.org/assoc/fr/about/",
        f"{SITEURL}/fr/news/links/#top",
        f"{SITEURL}/fr/news/links/?page=2",
    ]
    assert soup.img["src"] == f"{SITEURL}/images/photo.jpg"
    assert soup.img["srcset"] == f"{SITEURL}/images/photo.jpg 2x"
    assert [e.href for e in links.enclosures] == [f"{SITEURL}/images/logo.png"]


def announced(soup):
    return [
        (link["type"], link["href"], link.get("title", ""))
        for link in soup.find_all("link", rel="alternate", type=["application/atom+xml", "application/rss+xml"])
    ]


def test_every_page_announces_its_languages_feeds(site):
    pages = site.pages()
    assert len(pages) > 25
    for page in pages:
        prefix = "fr/" if page.startswith("fr/") else ""
        feeds = announced(site.soup(page))
        hrefs = {href for _type, href, _title in feeds}
        assert {f"{SITEURL}/{prefix}feeds/all.atom.xml", f"{SITEURL}/{prefix}feeds/all.rss.xml"} <= hrefs, page
        assert {t for t, _href, _title in feeds} == {"application/atom+xml", "application/rss+xml"}
        for _type, href, title in feeds:
            assert href.startswith(f"{SITEURL}/{prefix}feeds/"), (page, href)
            assert local_file(site, href).is_file(), (page, href)
            assert title, page


def test_pages_of_a_kind_announce_its_feed(site):
    def hrefs(page):
        return {href for _type, href, _title in announced(site.soup(page))}

    assert f"{SITEURL}/fr/feeds/news.atom.xml" in hrefs("fr/news/")
    assert f"{SITEURL}/fr/feeds/news.rss.xml" in hrefs("fr/news/report-2025/")
    assert f"{SITEURL}/feeds/activities.atom.xml" in hrefs("activities/cleanup/")
    assert f"{SITEURL}/feeds/volunteer.rss.xml" in hrefs("volunteer/")
    assert f"{SITEURL}/fr/feeds/campaigns.rss.xml" in hrefs("fr/campaigns/school/")
    assert hrefs("fr/about/") == {f"{SITEURL}/fr/feeds/all.atom.xml", f"{SITEURL}/fr/feeds/all.rss.xml"}
    titles = {title for _type, _href, title in announced(site.soup("fr/news/"))}
    assert "Association En-Nour solidarité — Actualités (RSS)" in titles


@pytest.mark.parametrize(("lang", "prefix"), LANGS.items())
def test_follow_page_in_each_language(site, lang, prefix):
    soup = site.soup(f"{prefix}follow/")
    assert soup.html["lang"] == lang
    main = soup.find("main")
    hrefs = [a["href"] for a in main.find_all("a")]
    for name in NAMES:
        assert f"{SITEURL}/{prefix}feeds/{name}.atom.xml" in hrefs
        assert f"{SITEURL}/{prefix}feeds/{name}.rss.xml" in hrefs
    calendar = f"{SITEURL}/{prefix}calendar/activities.ics"
    assert calendar in hrefs
    assert "https://lists.example.org/ennour" in hrefs  # newsletter
    assert "https://www.facebook.com/ennour.example" in hrefs
    for href in hrefs:
        if href.startswith(SITEURL):  # the calendar stage is always wired
            assert local_file(site, href).is_file(), href
    explanation = {"ar": "قارئ الخلاصات", "fr": "Un lecteur de flux"}[lang]
    assert explanation in main.get_text()
    # Reached from the footer of every page of that language.
    footer = site.soup(f"{prefix}news/").find("footer")
    assert f"{SITEURL}/{prefix}follow/" in [a["href"] for a in footer.find_all("a")]


def test_the_sites_feeds_parse(tmp_path):
    """The association in content/: every feed of every language parses; the first language's has entries."""
    demo = build(SITE_CONTENT.path, tmp_path / "output")
    files = sorted(Path(demo.path).glob("**/feeds/*.xml"))
    assert len(files) == len(SITE_CONTENT.languages) * len(NAMES) * len(FORMATS)
    for path in files:
        feed = feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        if path.name.startswith("all.") and path.parent.parent == Path(demo.path):  # the first language's
            assert feed.entries, path
