"""Stage: videos that load nothing from their site until the visitor presses play.

A paragraph that holds nothing but a YouTube or Vimeo address (content-spec,
"Video in a body") is marked while reading (``paragraphs``, an extension of
the reader's Markdown): the body holds a plain link to the video, which is
what feeds carry and what a page shows without JavaScript. Pages turn each
marked paragraph into a player (the ``videos`` filter, ``partials/video.html``
and ``video.js``): a 16:9 box with a poster and a play control, which loads
the privacy-friendly player (``addresses``) only once pressed.

The posters are drawn at build time (``poster``: the site's colours, the
item's title), one per item and video, published beside the item's page
(``<page URL>video-youtube-<id>.png``) through the plan. They are kept in
``<CACHE_PATH>/posters/`` under a digest of everything that shapes them (texts,
language, direction, colours, the fonts' bytes, the drawing code and the
shaping libraries' versions), so that an unchanged poster is never drawn again.
"""

import html
import logging
import os
import posixpath
from dataclasses import dataclass

from jinja2 import pass_context
from markupsafe import Markup

from tadamon import listed_alone
from tadamon.cache import Store, fingerprint
from tadamon.config import direction
from tadamon.video.addresses import parse
from tadamon.video.paragraphs import MARKED_RE, marked

logger = logging.getLogger(__name__)

SIZE = (1280, 720)  # the poster's, in pixels (poster.WIDTH, poster.HEIGHT); the box is 16:9 too


@dataclass(frozen=True)
class Poster:
    """Everything that shapes one poster; its cache key is a digest of this."""

    lang: str
    direction: str
    site_name: str
    title: str
    colours: tuple  # primary, text, accent (TADAMON_CARDS_COLOURS)
    fonts: tuple  # bold, regular: paths, counted by their bytes


def poster_url(page_url, video):
    """URL (relative to SITEURL) of the poster of ``video`` on the page at ``page_url``."""
    name = f"video-{video.host}-{video.id}.png"
    if page_url == "" or page_url.endswith("/"):
        return page_url + name
    return f"{posixpath.splitext(page_url)[0]}.{name}"


def card_fonts(settings, theme):
    """The share cards' fonts (bold, regular), which posters use too."""
    from tadamon.cards import FONTS

    return tuple(settings.get("TADAMON_CARDS_FONTS") or [os.path.join(theme, "fonts-cards", f) for f in FONTS])


def write(build):
    """Draw the posters missing from the cache and publish every poster (``tadamon.build``
    calls this once the pages are written)."""
    site, settings = build.site, build.settings
    wanted = {}  # poster URL -> Poster
    fonts = card_fonts(settings, build.theme)
    for item in site.all_items:
        for video in marked(item.body):
            wanted[poster_url(item.url, video)] = poster_of(site, settings, item, fonts)
    cache = os.path.join(os.path.abspath(settings["CACHE_PATH"]), "posters")
    store = Store(cache)
    code = _code(cache) if wanted else None
    drawn = 0
    for url, poster in sorted(wanted.items()):
        shape = dict(poster.__dict__, fonts=[site.cache.digest(path) for path in poster.fonts])
        key = fingerprint(code, shape)
        path = store.get(key, ".png")
        if path is None:
            from tadamon.cards import check_raqm
            from tadamon.video.poster import render

            check_raqm()
            path = store.put(key, render(poster), ".png")
            drawn += 1
        site.plan.copy(url, path, key)
    store.finish(settings)
    site.stats["posters"] = {"posters": len(wanted), "drawn": drawn}
    if wanted:
        logger.info("Video posters: %d drawn, %d reused from the cache", drawn, len(wanted) - drawn)


def poster_of(site, settings, item, fonts):
    lang = item.lang
    return Poster(
        lang=lang,
        direction=direction(lang),
        site_name=site.association.name.get_text(lang),
        title=item.title,
        colours=tuple(settings["TADAMON_CARDS_COLOURS"]),
        fonts=fonts,
    )


def _code(cache):
    """The drawing code (read, not imported: it loads Pillow's font engine) and the
    versions of the libraries that shape text."""
    from tadamon.cards.store import shaping_versions

    folder = os.path.dirname(os.path.abspath(__file__))
    code = []
    for path in (os.path.join(folder, "poster.py"), os.path.join(folder, "..", "cards", "draw.py")):
        with open(path, "rb") as stream:
            code.append(stream.read())
    os.makedirs(cache, exist_ok=True)
    return fingerprint(*code, shaping_versions(cache))


@pass_context
def videos(ctx, body):
    """An item's body with each marked paragraph (``paragraphs``) turned into a player."""
    text = str(body or "")
    item = ctx.get("item")
    if item is None or 'class="video-link"' not in text:
        return body
    template = ctx.environment.get_template("partials/video.html")
    values = ctx.get_all()
    count = 0

    def player(match):
        nonlocal count
        video = parse(html.unescape(match["href"]))
        if video is None:
            return match.group(0)
        count += 1
        poster = poster_url(item.url, video)
        return template.render(values, video=video, poster=poster, poster_size=SIZE, script=count == 1)

    return Markup(MARKED_RE.sub(player, text))


def install(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["videos"] = videos


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
