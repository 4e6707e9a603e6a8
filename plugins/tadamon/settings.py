"""Defaults of every Tadamon setting, in one place."""

import datetime
import os
from zoneinfo import ZoneInfo

DEFAULTS = {
    # URLs relative to SITEURL, for the default language; other languages get
    # a "<lang>/" prefix. Paginated lists add "page/<n>/", which no item URL
    # can take.
    "TADAMON_URLS": {
        "home": "",
        "activity": "activities/{slug}/",
        "project": "projects/{slug}/",
        "campaign": "campaigns/{slug}/",
        "volunteer": "volunteer/{slug}/",
        "news": "news/{slug}/",
        "page": "{slug}/",
        "activity_list": "activities/",
        "project_list": "projects/",
        "campaign_list": "campaigns/",
        "volunteer_list": "volunteer/",
        "news_list": "news/",
        "list_page": "{base}page/{number}/",
        # Feeds ({feed}: all, activities, campaigns, volunteer, news), the
        # follow page, and the calendar of activities (written by the calendar plugin).
        "feed_atom": "feeds/{feed}.atom.xml",
        "feed_rss": "feeds/{feed}.rss.xml",
        "follow": "follow/",
        # Calendars (tadamon.calendar): every activity of a language, and one
        # activity, in iCalendar files.
        "calendar": "calendar/activities.ics",
        "activity_calendar": "activities/{slug}/{slug}.ics",
        # tadamon.sitemap; robots.txt is always at the root of SITEURL.
        "sitemap": "sitemap.xml",
    },
    "TADAMON_PER_PAGE": 12,
    # How many of each kind the home page shows.
    "TADAMON_HOME_LIMITS": {"activity": 3, "campaign": 3, "volunteer": 4, "news": 3},
    # The date the site is built "as of" (upcoming/past, open/closed):
    # None means now, or SOURCE_DATE_EPOCH when it is set.
    "TADAMON_BUILD_DATE": None,
    # At most this many items in each feed, the most recently published first.
    "TADAMON_FEED_LIMIT": 50,
    # The date feeds give an item that has none (no date, updated or start):
    # "git": its file's first commit (the same for the same checkout), else the
    # file's modification time; "mtime": the modification time; or a fixed date
    # ("2000-01-01") for all. A warning names the files and says which applied.
    "TADAMON_FEED_UNDATED": "git",
    # Update the output as a transaction: a build that fails leaves it as it was
    # (see output/__init__.py); False: write in place, remove nothing.
    "TADAMON_ATOMIC_OUTPUT": True,
    # Leave a page's file from the last build alone when nothing that goes into
    # it changed (see kinds/reuse.py); needs LOAD_CONTENT_CACHE and CACHE_CONTENT.
    "TADAMON_REUSE_PAGES": True,
    # Read the files that are not in the cache on every core when there are at
    # least this many of them: a process costs more than it saves on a few.
    "TADAMON_PARALLEL_FROM": 200,
    # Read and check everything, publish nothing (``tadamon check``).
    "TADAMON_DRY_RUN": False,
    # Widths (px) of the smaller copies of each photo, for srcset; the largest
    # also bounds the file published at the photo's own path. Never upscaled.
    # 320/640/960: a card on a phone (296 CSS px) takes 320 at 1x, 640 at 2x,
    # 960 at 3x; 1600 is for the photo at the top of an item page on a desktop.
    "TADAMON_IMAGE_WIDTHS": (320, 640, 960, 1600),
    # Smaller formats each photo is also published in, for <picture>: AVIF
    # (only if this Pillow writes it) and WebP for photos, lossless WebP for PNG.
    "TADAMON_IMAGE_FORMATS": ("avif", "webp"),
    # JPEG and WebP quality of the published photos; AVIF's own scale (55 looks like JPEG 82).
    "TADAMON_IMAGE_QUALITY": 82,
    "TADAMON_IMAGE_AVIF_QUALITY": 55,
    # Where encoded photos are kept between builds; None: "images" beside CACHE_PATH (.cache/images).
    "TADAMON_IMAGE_CACHE_PATH": None,
    # Share cards: where drawn cards are kept between builds (None: a "cards"
    # folder inside Pelican's CACHE_PATH; a relative path is taken from the
    # current folder; one folder per site, as a build forgets the cards its
    # site no longer uses), how many processes draw them (None: one per core; 0 or
    # 1: in the build's own process), their colours (primary, text, accent: the
    # theme's) and fonts (bold, regular; None: the theme's fonts-cards/).
    "TADAMON_CARDS_CACHE": None,
    "TADAMON_CARDS_WORKERS": None,
    "TADAMON_CARDS_COLOURS": ("#0f766e", "#1f2937", "#b45309"),
    "TADAMON_CARDS_FONTS": None,
    # How often calendar apps should fetch a subscribed calendar again (hours).
    "TADAMON_CALENDAR_REFRESH_HOURS": 12,
}


def apply_defaults(settings):
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def build_time(settings, timezone):
    """The build's notion of "now", as an aware datetime in the site's zone."""
    value = settings.get("TADAMON_BUILD_DATE")
    if value is None and os.environ.get("SOURCE_DATE_EPOCH"):
        value = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), ZoneInfo("UTC"))
    if value is None:
        return datetime.datetime.now(timezone)
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(12))
    return value.astimezone(timezone) if value.tzinfo else value.replace(tzinfo=timezone)
