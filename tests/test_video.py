"""Videos in a body (content-spec, "Video in a body"; tadamon.video): a paragraph
that holds only a YouTube or Vimeo address is a player that loads nothing from the
video's site until the visitor presses play, with a poster drawn at build time; a
plain link without JavaScript, in feeds and in the body as read."""

import io
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURE, ROOT, SITEURL, build
from phone import OBSERVE, build_and_serve, phone_browser, phone_page  # noqa: F401 (a fixture)
from PIL import Image
from tadamon.video.addresses import parse
from tadamon.video.paragraphs import marked

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
FRENCH = f"""---
title: "Notre film de l'hiver"
date: 2026-11-10
---
Regardez le film :

{YOUTUBE}

Et celui de l'été, et un lien dans une phrase : {YOUTUBE}.

<{VIMEO}>

`{YOUTUBE}`
"""
ARABIC = """---
title: "فيلم الشتاء"
date: 2026-11-10
---
شاهدوا:

https://youtu.be/dQw4w9WgXcQ?t=1m30s
"""


def with_videos(content):
    (content / "news" / "film.fr.md").write_text(FRENCH, encoding="utf-8")
    (content / "news" / "film.ar.md").write_text(ARABIC, encoding="utf-8")
    return content


@pytest.mark.parametrize(
    "url, host, query",
    [
        (YOUTUBE, "www.youtube-nocookie.com", {"autoplay": ["1"]}),
        (
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=90s",
            "www.youtube-nocookie.com",
            {"autoplay": ["1"], "start": ["90"]},
        ),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "www.youtube-nocookie.com", {"autoplay": ["1"]}),
        ("https://youtu.be/dQw4w9WgXcQ?t=1m30s", "www.youtube-nocookie.com", {"autoplay": ["1"], "start": ["90"]}),
        (VIMEO, "player.vimeo.com", {"dnt": ["1"], "autoplay": ["1"]}),
        (
            "https://vimeo.com/76979871/abcdef1234",
            "player.vimeo.com",
            {"dnt": ["1"], "autoplay": ["1"], "h": ["abcdef1234"]},
        ),
    ],
)
def test_video_addresses_play_from_the_privacy_friendly_host(url, host, query):
    video = parse(url)
    assert video is not None and video.url == url
    embed = urlsplit(video.embed)
    assert (embed.scheme, embed.hostname) == ("https", host)
    assert parse_qs(embed.query) == query


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/channels/staffpicks",
        "https://example.org/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ/../x",
    ],
)
def test_other_addresses_are_no_video(url):
    assert parse(url) is None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("video")
    content = base / "content"
    shutil.copytree(FIXTURE, content)
    return build(with_videos(content), base / "output")


def test_a_paragraph_of_an_address_is_a_player_with_a_poster_and_a_link(built):
    soup = built.soup("fr/news/film/")
    players = soup.select(".content .video")
    assert len(players) == 2  # the address in a sentence and the one in code stay text
    link = players[0].find("a", class_="video-play")
    assert link["href"] == YOUTUBE
    assert urlsplit(link["data-embed"]).hostname == "www.youtube-nocookie.com"
    assert "Notre film de l'hiver" in link.get_text(" ", strip=True)  # the accessible name says which video
    vimeo = players[1].find("a", class_="video-play")
    assert vimeo["href"] == VIMEO and parse_qs(urlsplit(vimeo["data-embed"]).query)["dnt"] == ["1"]
    # Nothing from another site on load: no frame, no image or script but the site's own.
    assert soup.find("iframe") is None
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith(SITEURL + "/"), tag
    assert len(soup.find_all("script", src=re.compile(r"/theme/js/video\.js$"))) == 1
    assert built.exists("theme/js/video.js")
    # The code sample and the sentence are as written.
    assert soup.find("code", string=YOUTUBE) is not None
    assert "un lien dans une phrase : " + YOUTUBE in soup.select_one(".content").get_text()


def test_posters_are_drawn_at_build_time_with_the_box_size(built):
    soup = built.soup("news/film/")
    image = soup.select_one(".video img")
    assert image["src"] == f"{SITEURL}/news/film/video-youtube-dQw4w9WgXcQ.png"
    assert (image["width"], image["height"]) == ("1280", "720")
    assert image["alt"] == ""  # the link's words name it
    with Image.open(io.BytesIO((built.path / "news/film/video-youtube-dQw4w9WgXcQ.png").read_bytes())) as poster:
        assert poster.format == "PNG" and poster.size == (1280, 720)
    assert built.exists("fr/news/film/video-youtube-dQw4w9WgXcQ.png")
    assert built.exists("fr/news/film/video-vimeo-76979871.png")
    label = soup.select_one(".video-play")
    assert "شغّل الفيديو" in label.get_text() and "فيلم الشتاء" in label.get_text()
    start = parse_qs(urlsplit(label["data-embed"]).query)["start"]
    assert start == ["90"]


def test_posters_are_the_same_bytes_at_every_drawing():
    from tadamon.video import Poster, card_fonts
    from tadamon.video.poster import render

    fonts = card_fonts({}, str(ROOT / "themes" / "tadamon"))
    poster = Poster("ar", "rtl", "جمعية", "فيلم الشتاء", ("#0f766e", "#1f2937", "#b45309"), fonts)
    first = render(poster)
    assert render(poster) == first
    assert len(first) < 30_000


def test_feeds_and_bodies_carry_the_link_not_the_player(built):
    feed = built.text("fr/feeds/all.atom.xml")
    entry = feed[
        feed.index("Notre film de l&#39;hiver") if "Notre film de l&#39;hiver" in feed else feed.index("Notre film")
    ]
    assert entry
    assert "youtube.com/watch?v=dQw4w9WgXcQ" in feed
    assert "vimeo.com/76979871" in feed
    for player in ("iframe", "youtube-nocookie", "player.vimeo.com", "video-play", "video.js"):
        assert player not in feed, player
    assert [v.url for v in marked(built.text("fr/news/film/index.html"))] == []  # the page shows players, not marks


def test_a_cached_poster_is_not_drawn_again(content, tmp_path):
    with_videos(content)
    build(content, tmp_path / "output", CACHE_CONTENT=True)
    posters = sorted((tmp_path / "cache" / "posters").rglob("*.png"))
    assert len(posters) == 2  # one per item's language: the two French videos share one
    stamps = [p.stat().st_mtime_ns for p in posters]
    build(content, tmp_path / "output", CACHE_CONTENT=True)
    assert [p.stat().st_mtime_ns for p in posters] == stamps


# --- in Chromium -------------------------------------------------------------------

BOX = "(() => { const r = document.querySelector('.video').getBoundingClientRect(); return [r.width, r.height]; })()"
FRAME = (
    "(() => { const f = document.querySelector('iframe'); return [f.src, f.title, document.activeElement === f] })()"
)
BUTTONS = (
    "[...document.querySelectorAll('.video button')].map(b => [b.type, b.textContent.replace(/\\s+/g, ' ').trim()])"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("video-served")
    shutil.copytree(FIXTURE, base / "content")
    server = build_and_serve(with_videos(base / "content"), base)
    yield server
    server.close()


def play(browser, url, player):
    """Open the page (other sites' requests recorded and answered by a stub), press the
    ``player``-th play button; return what happened before and after the press."""
    context, page = phone_page(browser)
    outside = []

    def stub(route):
        outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title>")

    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), stub)
    page.add_init_script(f"({OBSERVE})()")
    page.goto(url, wait_until="load")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.wait_for_timeout(300)
    before = {
        "outside": list(outside),
        "shifts": page.evaluate("window.shifts"),
        "buttons": page.evaluate(BUTTONS),
        "links": page.evaluate("document.querySelectorAll('.video a').length"),
        "box": page.evaluate(BOX),
    }
    page.locator(".video button").nth(player).click()
    page.wait_for_selector(".video iframe")
    page.wait_for_timeout(300)
    after = {
        "outside": list(outside),
        "frame": page.evaluate(FRAME),
        "box": page.evaluate(BOX),
    }
    context.close()
    return before, after


def test_nothing_from_the_video_site_before_play_and_the_private_player_after(phone_browser, served):  # noqa: F811
    before, after = phone_browser.run(play, served.url("fr/news/film/"), 0)
    assert before["outside"] == []
    assert sum(before["shifts"]) == 0
    assert before["links"] == 0  # the links became buttons
    assert before["buttons"][0] == ["button", "Lire la vidéo: Notre film de l'hiver (YouTube)"]
    src, title, focused = after["frame"]
    assert urlsplit(src).hostname == "www.youtube-nocookie.com" and urlsplit(src).path == "/embed/dQw4w9WgXcQ"
    assert title == "Notre film de l'hiver" and focused
    assert [urlsplit(u).hostname for u in after["outside"]][:1] == ["www.youtube-nocookie.com"]
    assert after["box"] == before["box"]  # the player fills the box the poster held
    assert abs(before["box"][0] / before["box"][1] - 16 / 9) < 0.01


def test_vimeo_plays_with_do_not_track(phone_browser, served):  # noqa: F811
    _before, after = phone_browser.run(play, served.url("fr/news/film/"), 1)
    src = urlsplit(after["frame"][0])
    assert src.hostname == "player.vimeo.com" and parse_qs(src.query)["dnt"] == ["1"]
    assert all(urlsplit(u).hostname == "player.vimeo.com" for u in after["outside"])


def without_javascript(browser, url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    outside = []
    page.route(
        re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: (outside.append(route.request.url), route.abort())
    )
    page.goto(url, wait_until="load")
    found = page.evaluate(
        "[...document.querySelectorAll('.video a')].map(a => [a.href, a.getBoundingClientRect().height > 0])"
    )
    buttons = page.evaluate("document.querySelectorAll('.video button, iframe').length")
    context.close()
    return found, buttons, outside


def test_without_javascript_the_page_shows_a_link_to_the_video(phone_browser, served):  # noqa: F811
    found, buttons, outside = phone_browser.run(without_javascript, served.url("news/film/"))
    assert found == [["https://youtu.be/dQw4w9WgXcQ?t=1m30s", True]]
    assert buttons == 0 and outside == []
