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
    },
    "TADAMON_PER_PAGE": 12,
    # How many of each kind the home page shows.
    "TADAMON_HOME_LIMITS": {"activity": 3, "campaign": 3, "volunteer": 4, "news": 3},
    # The date the site is built "as of" (upcoming/past, open/closed):
    # None means now, or SOURCE_DATE_EPOCH when it is set.
    "TADAMON_BUILD_DATE": None,
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
