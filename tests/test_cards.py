"""Share cards and the metadata that announces them, as a social network's
crawler sees them: Open Graph and Twitter tags, and the PNG they point to."""

import hashlib
import logging
from pathlib import Path

import pytest
from babel import Locale
from conftest import SITEURL, build, run_cli, settings_for
from pelican import Pelican
from PIL import Image, ImageChops, features
from tadamon.cards import draw
from tadamon.cards.pages import Card
from tadamon.errors import SetupError
from tadamon.i18n import open_graph_locale

REQUIRED = (
    "og:title",
    "og:description",
    "og:type",
    "og:url",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "og:locale",
    "og:site_name",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
)
TEXT = (0x1F, 0x29, 0x37)  # the theme's text colour: the title's ink


def meta(soup):
    """{property or name: [content, ...]} of a page's <meta> tags."""
    found = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def card_of(site, page):
    """The local file of the card a page announces."""
    image = meta(site.soup(page))["og:image"][0]
    assert image.startswith(SITEURL + "/"), image
    return site.path / image.removeprefix(SITEURL + "/")


def stats(caplog):
    """(drawn, reused) of the last build, from the plugin's log line."""
    records = [r for r in caplog.records if r.name == "tadamon.cards" and r.msg.startswith("Share cards")]
    assert records, "the cards plugin said nothing"
    return records[-1].args[:2]


def title_ink(path):
    """Bounding box of the title's ink (pixels of the text colour) below the band."""
    image = Image.open(path).convert("RGB").crop((0, draw.BAND, draw.WIDTH, draw.HEIGHT - draw.BOTTOM_BAR))
    near = [
        channel.point(lambda v, c=c: 255 if abs(v - c) < 24 else 0).convert("1")
        for channel, c in zip(image.split(), TEXT, strict=True)
    ]
    return ImageChops.logical_and(ImageChops.logical_and(near[0], near[1]), near[2]).getbbox()


def test_every_page_announces_a_card_that_exists(site):
    for page in site.pages():
        tags = meta(site.soup(page))
        missing = [key for key in REQUIRED if not tags.get(key)]
        assert missing == [], f"{page} lacks {missing}"
        canonical = site.soup(page).find("link", rel="canonical")["href"]
        assert tags["og:url"] == [canonical]
        assert tags["og:url"][0].startswith(SITEURL + "/")
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["twitter:image"] == tags["og:image"]
        assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
        card = card_of(site, page)
        assert card.is_file(), f"{page}: {card} is missing"
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), page


def test_open_graph_types_locales_and_titles(site):
    item = meta(site.soup("fr/activities/cleanup/"))
    assert item["og:type"] == ["article"]
    assert item["og:title"] == ["Nettoyage du quartier"]
    assert item["og:description"] == ["Nous nettoyons la place ensemble."]
    # Facebook knows no fr_DZ or ar_DZ (the site's territory): the languages' locales it knows.
    assert item["og:locale"] == ["fr_FR"]
    assert item["og:locale:alternate"] == ["ar_AR"]
    assert site.soup("fr/activities/webinar/").html["lang"] == "fr"  # the page's own lang stays
    assert item["og:image"] == [f"{SITEURL}/fr/activities/cleanup/card.png"]
    assert "Nettoyage du quartier" in item["og:image:alt"][0]

    home = meta(site.soup(""))
    assert home["og:type"] == ["website"]
    assert home["og:locale"] == ["ar_AR"]
    assert home["og:site_name"] == ["جمعية النور للتضامن"]
    assert meta(site.soup("fr/activities/"))["og:type"] == ["website"]
    # An item in one language only has no alternate locale.
    assert "og:locale:alternate" not in meta(site.soup("fr/campaigns/school/"))
    # The 404 page shares the home page's card.
    assert meta(site.soup("404.html"))["og:image"] == [f"{SITEURL}/card.png"]


def test_arabic_cards_are_right_aligned_and_french_left_aligned(site):
    for page in ("activities/cleanup/", "news/report-2025/", "fr/activities/cleanup/", "fr/news/report-2025/"):
        left, _top, right, _bottom = title_ink(card_of(site, page))
        if page.startswith("fr/"):
            assert abs(left - draw.MARGIN) <= 8, (page, left)
        else:
            assert abs(right - (draw.WIDTH - draw.MARGIN)) <= 8, (page, right)


def test_arabic_is_shaped_by_raqm():
    """The title drawn on a card is the one raqm shapes: joined letters, right to left."""
    bold = Path(draw.__file__).parents[3] / "themes/tadamon/fonts-cards/IBMPlexSansArabic-Bold.ttf"
    font = draw.load_font(str(bold), 40)
    shaped = font.getlength("حملة", direction="rtl", language="ar")
    isolated = sum(font.getlength(letter, direction="rtl", language="ar") for letter in "حملة")
    assert shaped < isolated  # joined forms are narrower than isolated letters


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_long_titles_are_wrapped_and_ellipsised_inside_the_text_column(lang, tmp_path):
    words = {"ar": "حملة تضامنية كبيرة لجمع الملابس الشتوية", "fr": "Grande campagne solidaire de collecte"}[lang]
    fonts = tuple(
        str(Path(draw.__file__).parents[3] / "themes/tadamon/fonts-cards" / name)
        for name in ("IBMPlexSansArabic-Bold.ttf", "IBMPlexSansArabic-Regular.ttf")
    )
    style = {"direction": "rtl" if lang == "ar" else "ltr", "language": lang}
    rows = draw.wrap_text(" ".join([words] * 10), draw.load_font(fonts[0], 46), 700, 3, style)
    assert len(rows) == 3 and rows[-1].endswith(draw.ELLIPSIS)
    assert all(draw.load_font(fonts[0], 46).getlength(row, **style) <= 700 for row in rows)

    card = Card(lang, style["direction"], "Site", " ".join([words] * 10), label="Label", fonts=fonts)
    path = tmp_path / "card.png"
    path.write_bytes(draw.render(card))
    left, _top, right, _bottom = title_ink(path)
    assert left >= draw.MARGIN - 8 and right <= draw.WIDTH - draw.MARGIN + 8  # glyphs may overhang a little


def test_different_pages_have_different_cards(site):
    items = [p for p in site.pages() if meta(site.soup(p))["og:type"] == ["article"]]
    digests = {}
    for page in items:
        card = card_of(site, page)
        digests.setdefault(hashlib.sha256(card.read_bytes()).hexdigest(), set()).add(card)
    assert all(len(cards) == 1 for cards in digests.values()), [c for c in digests.values() if len(c) > 1]
    assert len(digests) >= 15


def test_the_follow_page_has_its_own_card(site):
    """It shared the home page's card (the site's tagline): it says what the page is."""
    for lang, prefix, title in (("ar", "", "تابعونا"), ("fr", "fr/", "Suivez-nous")):
        follow, home = meta(site.soup(f"{prefix}follow/")), meta(site.soup(prefix))
        assert follow["og:image"] == [f"{SITEURL}/{prefix}follow/card.png"], lang
        assert follow["og:title"] != home["og:title"], lang
        card, home_card = card_of(site, f"{prefix}follow/"), card_of(site, prefix)
        assert card.read_bytes() != home_card.read_bytes(), lang
        assert follow["og:title"] == [title], lang


def test_cache_second_build_draws_nothing_and_one_change_redraws_one(content, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="tadamon.cards")
    first = build(content, tmp_path / "one")
    drawn, reused = stats(caplog)
    assert drawn > 20 and reused == 0

    build(content, tmp_path / "two")
    assert stats(caplog) == (0, drawn)

    source = content / "activities" / "cleanup.fr.md"
    source.write_text(source.read_text().replace("Nettoyage du quartier", "Grand nettoyage du quartier"))
    third = build(content, tmp_path / "three")
    assert stats(caplog) == (1, drawn - 1)
    changed = [page for page in first.pages() if card_of(first, page).read_bytes() != card_of(third, page).read_bytes()]
    assert changed == ["fr/activities/cleanup/index.html"]


def test_a_first_build_forks_its_card_workers_before_it_renders_a_page(content, tmp_path, monkeypatch):
    """Forked after the pages, a worker would count them all in its own memory; a build
    whose cards are in the cache forks none."""
    import multiprocessing

    from tadamon.kinds.generator import Kinds

    workers = []
    write = Kinds.write

    def noted(self):
        workers.append(len(multiprocessing.active_children()))
        return write(self)

    monkeypatch.setattr(Kinds, "write", noted)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "TADAMON_CARDS_WORKERS": 2}
    build(content, tmp_path / "output", **cached)
    build(content, tmp_path / "output", **cached)
    assert workers == [2, 0]
    assert not multiprocessing.active_children()  # none left once the build is over


@pytest.mark.parametrize("change", ["association", "build date"])
def test_cards_taken_from_the_cache_are_those_a_clean_build_draws_after_a_site_wide_change(change, content, tmp_path):
    # Item cards found in the cache by what their description is made of
    # (cards/__init__.py): a change outside the item must still reach them.
    before = build(content, tmp_path / "one")
    settings = {}
    if change == "association":
        association = content / "association.yml"
        association.write_text(association.read_text().replace("En-Nour solidarité", "En-Nour"))
    else:
        settings["TADAMON_BUILD_DATE"] = "2027-06-01"  # the calls and campaigns have closed
    cached = build(content, tmp_path / "two", **settings)
    fresh = build(content, tmp_path / "fresh" / "out", CACHE_PATH=str(tmp_path / "fresh"), **settings)
    pages = fresh.pages()
    assert pages == cached.pages()
    differing = [page for page in pages if card_of(cached, page).read_bytes() != card_of(fresh, page).read_bytes()]
    assert differing == []
    assert any(card_of(before, page).read_bytes() != card_of(fresh, page).read_bytes() for page in pages)


def test_cold_builds_give_identical_bytes(content, tmp_path):
    # One in the build's process, one in a pool of workers, each with its own cache.
    one = build(content, tmp_path / "a" / "out", CACHE_PATH=str(tmp_path / "a"), TADAMON_CARDS_WORKERS=0)
    two = build(content, tmp_path / "b" / "out", CACHE_PATH=str(tmp_path / "b"), TADAMON_CARDS_WORKERS=2)
    cards = sorted(p.relative_to(one.path) for p in one.path.rglob("card.png"))
    assert len(cards) > 20
    for card in cards:
        assert (one.path / card).read_bytes() == (two.path / card).read_bytes(), card
        with Image.open(one.path / card) as image:
            assert not image.info.keys() - {"transparency"}, image.info  # no text chunks, no dates


def test_three_languages_and_paginated_lists(content, tmp_path):
    association = content / "association.yml"
    text = association.read_text()
    text = text.replace("languages: [ar, fr]", "languages: [fr, ar, en]")
    text = text.replace(
        'fr: "Association En-Nour solidarité"}', 'fr: "Association En-Nour solidarité", en: "En-Nour Solidarity"}'
    )
    association.write_text(text)
    (content / "activities" / "cleanup.en.md").write_text(
        '---\ntitle: "Neighbourhood clean-up"\nstart: 2026-12-05 09:00\n'
        'location: {name: "Neighbourhood square"}\n---\nCome with your family.\n'
    )
    site = build(content, tmp_path / "out", TADAMON_PER_PAGE=1)

    tags = meta(site.soup("en/activities/cleanup/"))
    assert tags["og:locale"] == ["en_US"]
    assert sorted(tags["og:locale:alternate"]) == ["ar_AR", "fr_FR"]
    assert meta(site.soup("activities/cleanup/"))["og:image"] == [f"{SITEURL}/activities/cleanup/card.png"]
    for page, rtl in (
        ("en/activities/cleanup/", False),
        ("activities/cleanup/", False),
        ("ar/activities/cleanup/", True),
    ):
        left, _top, right, _bottom = title_ink(card_of(site, page))
        if rtl:
            assert abs(right - (draw.WIDTH - draw.MARGIN)) <= 8, page
        else:
            assert abs(left - draw.MARGIN) <= 8, page
    # Later pages of a list share the first page's card.
    assert site.exists("activities/page/2/index.html")
    assert meta(site.soup("activities/page/2/"))["og:image"] == [f"{SITEURL}/activities/card.png"]
    assert not site.exists("activities/page/2/card.png")
    languages = {
        card_of(site, p).read_bytes()
        for p in ("activities/cleanup/", "ar/activities/cleanup/", "en/activities/cleanup/")
    }
    assert len(languages) == 3


def test_without_raqm_the_build_stops_with_what_to_install(content, tmp_path, monkeypatch):
    real = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else real(name))
    with pytest.raises(SetupError) as stop:  # when the first card is to be drawn
        Pelican(settings_for(content, tmp_path / "out")).run()
    message = str(stop.value)
    assert "\n" not in message and "libfribidi0" in message


def test_the_editor_sees_how_many_cards_were_drawn(content, tmp_path):
    first = run_cli("build", content, tmp_path / "out")
    assert first.returncode == 0, first.stderr
    assert "Share cards:" in first.stderr and "0 reused" in first.stderr
    second = run_cli("build", content, tmp_path / "out")
    assert "Share cards: 0 drawn" in second.stderr


def test_with_every_card_in_the_cache_the_font_engine_is_not_loaded(content, tmp_path):
    """Pillow's FreeType/HarfBuzz/raqm cost a build 1.5 MB: only drawing needs them."""
    report = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('font engine loaded:', 'PIL._imagingft' in sys.modules, file=sys.stderr))\n"
    )
    first = run_cli("build", content, tmp_path / "out", settings=report)
    assert "font engine loaded: True" in first.stderr, first.stderr  # the raqm check, before drawing
    second = run_cli("build", content, tmp_path / "out", settings=report)
    assert second.returncode == 0 and "0 drawn" in second.stderr
    assert "font engine loaded: False" in second.stderr, second.stderr


def test_a_new_version_of_a_shaping_library_draws_every_card_again(content, tmp_path, monkeypatch):
    """HarfBuzz, FriBiDi and raqm place the letters: their versions are in every card's key.
    (Pelican's log drops a message it gave before: the cache tells what was drawn.)"""
    cache = tmp_path / "cache" / "cards"
    build(content, tmp_path / "one")
    cached = set(cache.rglob("*.png"))
    build(content, tmp_path / "two")
    assert set(cache.rglob("*.png")) == cached and len(cached) > 20
    real = features.version
    monkeypatch.setattr(features, "version", lambda name: "99.0" if name == "harfbuzz" else real(name))
    # Versions are asked again when what can change them changed: here, where libraries are found.
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path / "new-libraries"))
    build(content, tmp_path / "three")
    redrawn = set(cache.rglob("*.png"))
    assert len(redrawn) == len(cached) and not redrawn & cached


def test_check_stops_without_raqm_as_a_build_does(content, tmp_path, monkeypatch):
    """tadamon check draws the cards a build would draw (into their cache), so it fails where the build fails."""
    real = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else real(name))
    with pytest.raises(SetupError):
        Pelican(settings_for(content, tmp_path / "out", TADAMON_DRY_RUN=True)).run()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ar_DZ", "ar_AR"), ("fr_DZ", "fr_FR"), ("fr_CA", "fr_CA"), ("en", "en_US"), ("de_AT", "de_DE"), ("kab_DZ", None)],
)
def test_open_graph_locales_are_ones_facebook_knows(locale, expected):
    """Facebook ignores an og:locale it does not know (ar_DZ): the language's locale it
    knows, the site's own when Facebook knows it (fr_CA), none for a language it has not."""
    assert open_graph_locale(Locale.parse(locale)) == expected
