"""Each kind of item is published as the one table of formats says (tadamon.formats):
its page, its list, its share card, its feed entry, its calendar event, its
JSON-LD node, its search record and its poster, and nothing else."""

import json
import uuid

import feedparser
from conftest import FIXTURE, SITEURL, build
from icalendar import Calendar
from tadamon import formats
from tadamon.config import Config
from tadamon.formats import CALENDAR, CARD, FEED, JSONLD, LIST, PAGE, POSTER, SEARCH
from tadamon.kinds.contents import KIND_OF_FOLDER, page_url
from tadamon.settings import URLS

# The fixture site's URLs: Arabic, its first language, at the root.
SETTINGS = {"TADAMON_URLS": URLS, "TADAMON_CONFIG": Config(siteurl=SITEURL, default_lang="ar")}


def fixture_items():
    """(kind, slug, lang) of every published item of the fixture site."""
    found = []
    for source in sorted(FIXTURE.glob("*/*.md")):
        if source.parent.name in KIND_OF_FOLDER and "status: draft" not in source.read_text(encoding="utf-8"):
            slug, lang = source.stem.rsplit(".", 1)
            found.append((KIND_OF_FOLDER[source.parent.name].kind, slug, lang))
    return found


def published_as(site, kind, slug, lang):
    """The formats an item is found in, in the built ``site`` (all but ``SEARCH``)."""
    url = page_url(kind, lang, SETTINGS, slug=slug)
    absolute = f"{SITEURL}/{url}"
    found = set()
    if not site.exists(url + "index.html"):
        return found
    found.add(PAGE)
    soup = site.soup(url)
    graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
    if any(node.get("@id") == f"{absolute}#{kind}" for node in graph):
        found.add(JSONLD)
    if soup.find("meta", property="og:image")["content"] == f"{absolute}card.png":
        found.add(CARD)
    if soup.select_one(".poster-qr svg") is not None:
        found.add(POSTER)
    feed = feedparser.parse(site.text(page_url("feed_atom", lang, SETTINGS, feed="all")))
    if any(entry.link == absolute for entry in feed.entries):
        found.add(FEED)
    calendar = Calendar.from_ical(site.text(page_url("calendar", lang, SETTINGS)))
    uid = str(uuid.uuid5(uuid.NAMESPACE_URL, absolute))  # tadamon.calendar.stable_uid
    if any(str(event.get("uid")) == uid for event in calendar.walk("VEVENT")):
        found.add(CALENDAR)
    if kind != "page" and site.exists(page_url(f"{kind}_list", lang, SETTINGS) + "index.html"):
        listed = site.soup(page_url(f"{kind}_list", lang, SETTINGS))
        if listed.find("a", href=lambda href: href and href.rstrip("/").endswith(url.rstrip("/"))):
            found.add(LIST)
    return found  # its search record: test_the_search_index_holds_the_items_with_the_search_format


def test_every_item_is_published_as_its_kinds_formats(site):
    items = fixture_items()
    assert {kind for kind, _slug, _lang in items} == set(formats.FORMATS)  # the fixture has every kind
    for kind, slug, lang in items:
        assert published_as(site, kind, slug, lang) == set(formats.FORMATS[kind]) - {SEARCH}, (kind, slug, lang)


def test_the_search_index_holds_the_items_with_the_search_format(site):
    entry = json.loads(site.text("pagefind/pagefind-entry.json"))
    counts = {lang: 0 for lang in entry["languages"]}
    for kind, _slug, lang in fixture_items():
        counts[lang] += formats.has(kind, SEARCH)
    assert {lang: found["page_count"] for lang, found in entry["languages"].items()} == counts


def test_a_format_taken_from_a_kind_in_the_table_is_no_longer_published(content, tmp_path, monkeypatch):
    kept = tuple(f for f in formats.FORMATS["activity"] if f not in (CALENDAR, POSTER, CARD, JSONLD))
    monkeypatch.setitem(formats.FORMATS, "activity", kept)
    site = build(content, tmp_path / "output", TADAMON_SEARCH=False)
    activities = [(kind, slug, lang) for kind, slug, lang in fixture_items() if kind == "activity"]
    assert activities
    for kind, slug, lang in activities:
        assert published_as(site, kind, slug, lang) == set(kept) - {SEARCH}, (slug, lang)
        own_calendar = page_url("activity_calendar", lang, SETTINGS, slug=slug)
        assert not site.exists(own_calendar)
        page = site.soup(page_url("activity", lang, SETTINGS, slug=slug))
        assert not page.find(href=f"{SITEURL}/{own_calendar}")  # no link to a calendar file that is not there
