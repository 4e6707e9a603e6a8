"""What a page costs a volunteer's phone: the bytes the home page and an item page
load at 360 px (HTML, CSS, fonts, images; text gzip-compressed as GitHub Pages
sends it), counted from the output files Chromium asked for, and which photo
width the phone picks from srcset and sizes.

A fixture site of the tests' own, with photos; the demo's home page has its own
budget (150 KB) in a test marked ``demo``.
"""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
from phone import build_and_serve, phone_browser, phone_page, photo_site, transferred  # noqa: F401 (a fixture)
from PIL import features

KB = 1000
# The fixture's pages at 360 px (Arabic: 112 KB home, 110 KB item; French: 63 KB, of
# which fonts 87 KB and 39 KB), with room for a little growth: a regression shows.
HOME_BUDGET = 125 * KB
ITEM_BUDGET = 125 * KB
# The tests' build date (conftest.BUILD_DATE, the demo's SOURCE_DATE_EPOCH), in the morning.
BUILT = datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
DEMO_HOME_BUDGET = 150 * KB  # the target: a phone on slow 4G
PHONE_WIDTH, DPR, REM = 360, 2, 16
CARD_SIZES = "(min-width: 58rem) 20rem, (min-width: 39rem) 26rem, calc(100vw - 4rem)"
BEST = "avif" if features.check("avif") else "webp"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("budget")
    server = build_and_serve(photo_site(base / "content"), base)
    yield server
    server.close()


def load(browser, page_url, file_of):
    """Open ``page_url`` as a first visit on a phone, on the day the site was built (its
    states do not move at the visitor's clock: deadline.js); return ({kind: bytes}, page facts)."""
    context, page = phone_page(browser)
    page.clock.set_fixed_time(BUILT)
    urls = []
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(page_url, wait_until="load")
    page.wait_for_load_state("networkidle")
    facts = page.evaluate(
        """() => ({
          images: [...document.querySelectorAll('main img')].map(i => ({src: i.currentSrc, loading: i.loading,
                                                                       complete: i.complete})),
          fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight),
        })"""
    )
    context.close()
    spent = Counter()
    for url in dict.fromkeys(urls):
        file = file_of(url)
        assert file.is_file(), f"{url} is not a file of the site"
        kind = {".html": "html", ".css": "css", ".woff2": "fonts"}.get(file.suffix, "images")
        spent[kind] += transferred(file)
        spent["files"] += 1
    facts["urls"] = list(dict.fromkeys(urls))
    return spent, facts


def total(spent):
    return sum(value for key, value in spent.items() if key != "files")


# --- the candidate a phone picks, computed as the browser does --------------------


def source_size(sizes, viewport=PHONE_WIDTH):
    """The width (CSS px) ``sizes`` gives at ``viewport``: the first media condition that holds."""
    for entry in (e.strip() for e in sizes.split(",")):
        condition = re.match(r"\(min-width:\s*([\d.]+)rem\)\s+(.*)", entry)
        if condition and viewport < float(condition.group(1)) * REM:
            continue
        length = condition.group(2) if condition else entry
        calc = re.fullmatch(r"calc\(100vw - ([\d.]+)rem\)", length)
        if calc:
            return viewport - float(calc.group(1)) * REM
        return float(re.fullmatch(r"([\d.]+)rem", length).group(1)) * REM
    return viewport


def pick(srcset, sizes, dpr=DPR):
    """The candidate a browser with an empty cache takes: the smallest whose density
    (width / slot) reaches the screen's, else the largest."""
    slot = source_size(sizes)
    candidates = sorted((int(w[:-1]), url) for url, w in (c.split() for c in srcset.split(", ")))
    return next((url for width, url in candidates if width / slot >= dpr), candidates[-1][1])


def test_a_phone_picks_the_640_px_copy_of_a_card_photo_not_the_960(served):
    soup = served_soup(served, "fr/")
    picture = next(p for p in soup.select("article.card picture") if "coats" in p.img["src"])
    source = picture.find("source")
    assert source["type"] == f"image/{BEST}"
    assert pick(source["srcset"], source["sizes"]).endswith(f"-640w.{BEST}")  # 296 px at 2x: 592
    img = picture.find("img")
    assert img["sizes"] == CARD_SIZES and pick(img["srcset"], img["sizes"]).endswith("-640w.jpg")
    assert source_size(CARD_SIZES, 1280) == 20 * REM and source_size(CARD_SIZES, 700) == 26 * REM


def served_soup(server, relative):
    from bs4 import BeautifulSoup

    return BeautifulSoup(server.file_of(server.url(relative)).read_text(encoding="utf-8"), "html.parser")


# --- what pages cost, measured in Chromium ---------------------------------------


def test_the_home_page_stays_within_its_budget_on_a_phone(phone_browser, served):  # noqa: F811
    for relative in ("", "fr/"):
        spent, facts = phone_browser.run(load, served.url(relative), served.file_of)
        assert total(spent) <= HOME_BUDGET, (relative, dict(spent))
        chosen = [image["src"] for image in facts["images"] if "coats" in image["src"]]
        assert chosen == [served.url(f"images/coats-640w.{BEST}")], (relative, chosen)
        assert not any(url.endswith((".jpg", "-960w.avif", "-960w.webp", "-1600w.jpg")) for url in facts["urls"])
        assert spent["images"] < 60 * KB, (relative, dict(spent))


def test_an_item_page_stays_within_its_budget_on_a_phone(phone_browser, served):  # noqa: F811
    for relative, photo in (("campaigns/coats/", "coats"), ("fr/news/report-2025/", "report-2025")):
        spent, facts = phone_browser.run(load, served.url(relative), served.file_of)
        assert total(spent) <= ITEM_BUDGET, (relative, dict(spent))
        source = served_soup(served, relative).select_one("figure.item-image picture source")
        expected = pick(source["srcset"], source["sizes"])  # the page's width less 2rem, at 2x: 656 px
        assert expected.endswith(f"{photo}-960w.{BEST}")
        shown = next(image for image in facts["images"] if photo in image["src"])
        assert shown["src"] == expected and shown["loading"] == "auto", (relative, shown)


def test_each_language_loads_the_faces_it_shows_not_the_other_script(phone_browser, served):  # noqa: F811
    """French pages used to preload the Arabic face and not their own; Arabic pages also
    loaded both Latin faces (for spaces, digits, the switcher's "français")."""
    for relative, own, other in (("", "arabic", "latin"), ("fr/", "latin", "arabic")):
        soup = served_soup(served, relative)
        preloads = [link["href"].rsplit("/", 1)[1] for link in soup.find_all("link", rel="preload")]
        assert preloads == [f"ibm-plex-sans-arabic-{own}-{w}-normal.woff2" for w in (400, 700)], relative
        _, facts = phone_browser.run(load, served.url(relative), served.file_of)
        fonts = [url.rsplit("/", 1)[1] for url in facts["urls"] if url.endswith(".woff2")]
        assert set(preloads) <= set(fonts) and not any(f"arabic-{other}-" in font for font in fonts), (relative, fonts)


def test_the_logo_costs_its_shown_size_not_the_original(phone_browser, served):  # noqa: F811
    _, facts = phone_browser.run(load, served.url("fr/"), served.file_of)
    logos = [url for url in facts["urls"] if "logo" in url]
    assert logos == [served.url("icons/logo-64.png")], logos  # the fixture's logo is 64 px: 1.45x for a 2x screen


@pytest.mark.demo
def test_the_demo_home_page_weighs_at_most_150_kb_on_a_phone(phone_browser, demo):  # noqa: F811
    for lang_prefix in ("", "fr/"):
        spent, _ = phone_browser.run(load, f"{demo.siteurl}/{lang_prefix}", lambda url: demo_file(demo, url))
        assert total(spent) <= DEMO_HOME_BUDGET, (lang_prefix, dict(spent))


def demo_file(demo, url):
    relative = url.split("#", 1)[0].split("?", 1)[0][len(demo.siteurl) + 1 :]
    path = Path(demo.output) / relative
    return path / "index.html" if path.is_dir() else path
