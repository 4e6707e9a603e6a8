"""Every Tadamon setting, in one place: its type, its default, what it does.

Modelled on MkDocs' ``config_options``: one declaration per setting.
``apply(settings)`` runs before any stage: it fills in the defaults, merges a
dict setting with its default key by key (a site that sets only
``TADAMON_URLS = {"news": "actualites/{slug}/"}`` keeps every other URL), and
stops the build with a ``SetupError`` naming the setting and what it expects.

To add a setting: one entry in ``SETTINGS``, e.g.
``"TADAMON_X": Integer(3, "what it does", minimum=0),``.
"""

import copy
import datetime
import difflib
import logging
import os
import re
import string
from zoneinfo import ZoneInfo

from tadamon.errors import SetupError, _

log = logging.getLogger(__name__)


class Invalid(ValueError):
    """A value that does not fit: ``expected`` says what would, ``example`` shows it."""

    def __init__(self, expected, example):
        super().__init__(expected)
        self.expected = expected
        self.example = example


class Option:
    """One setting: ``default`` when the site does not set it; ``check(value)``
    returns the value to use or raises ``Invalid``."""

    expected = "a value"
    example = None

    def __init__(self, default, doc, optional=False):
        self.default = default
        self.doc = doc
        self.optional = optional  # None is accepted, and means "the default behaviour"

    def check(self, value):
        if value is None and self.optional:
            return None
        return self.convert(value)

    def convert(self, value):
        return value

    def invalid(self):
        expected = f"{self.expected} or None" if self.optional else self.expected
        return Invalid(expected, self.example if self.example is not None else self.default)


class Boolean(Option):
    expected = "True or False"
    example = True

    def convert(self, value):
        if not isinstance(value, bool):
            raise self.invalid()
        return value


class Integer(Option):
    def __init__(self, default, doc, minimum=None, maximum=None, optional=False):
        super().__init__(default, doc, optional)
        self.minimum, self.maximum = minimum, maximum
        bounds = [f"at least {minimum}" if minimum is not None else "", f"at most {maximum}" if maximum else ""]
        self.expected = " ".join(["a whole number", *filter(None, bounds)])

    def convert(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.invalid()
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise self.invalid()
        return value


class Text(Option):
    expected = "a text"

    def __init__(self, default, doc, optional=False, pattern=None, expected=None, example=None):
        super().__init__(default, doc, optional)
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = expected or self.expected
        self.example = example

    def convert(self, value):
        if not isinstance(value, str) or (self.pattern and not self.pattern.fullmatch(value)):
            raise self.invalid()
        return value


class Folder(Text):
    expected = "a folder's path, as text"
    example = ".cache/x"


class Date(Option):
    """A day or a moment: ``"2026-11-21"``, ``"2026-11-21 14:30"``, a date or a datetime."""

    expected = 'a date like "2026-11-21" or "2026-11-21 14:30"'
    example = "2026-11-21"

    def convert(self, value):
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                datetime.datetime.fromisoformat(value)
            except ValueError:
                raise self.invalid() from None
            return value
        raise self.invalid()


class Sequence(Option):
    """A list or tuple of values of one kind (``item``), kept as a tuple."""

    def __init__(self, default, doc, item, length=None, optional=False):
        super().__init__(default, doc, optional)
        self.item, self.length = item, length
        count = f"{length} " if length else ""
        self.expected = f"a list of {count}values, each {item.expected}"

    def convert(self, value):
        if not isinstance(value, list | tuple) or (self.length and len(value) != self.length) or not value:
            raise self.invalid()
        try:
            return tuple(self.item.check(v) for v in value)
        except Invalid:
            raise self.invalid() from None


class Mapping(Option):
    """A dict merged with its default key by key: a site sets only the keys it
    changes. Unknown keys are refused (a typo would otherwise be ignored)."""

    expected = "a dict"

    def __init__(self, default, doc, value):
        super().__init__(default, doc)
        self.value = value

    def convert(self, value):
        if not isinstance(value, dict):
            raise self.invalid()
        unknown = sorted(set(value) - set(self.default))
        if unknown:
            # The example shows the known key nearest the first unknown one (a typo, most often).
            near = difflib.get_close_matches(unknown[0], self.default, n=1, cutoff=0) or list(self.default)
            raise Invalid(
                f"a dict with only these keys: {', '.join(self.default)} (unknown: {', '.join(unknown)})",
                {near[0]: self.default[near[0]]},
            )
        merged = dict(self.default)
        for key, item in value.items():
            try:
                merged[key] = self.value(key).check(item)
            except Invalid as error:
                raise Invalid(f'{error.expected} for key "{key}"', {key: error.example}) from None
        return merged


class URLPattern(Text):
    """A URL relative to SITEURL, with the ``{names}`` its page fills in."""

    def __init__(self, default):
        super().__init__(default, "")
        self.names = {name for _, name, _, _ in string.Formatter().parse(default) if name}
        shown = ", ".join(f"{{{n}}}" for n in sorted(self.names))
        self.expected = f"a URL relative to SITEURL, with {shown}" if shown else "a URL relative to SITEURL"
        self.example = default

    def convert(self, value):
        value = super().convert(value)
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            raise self.invalid() from None
        if names != self.names or value.startswith("/"):
            raise self.invalid()
        return value


# URLs relative to SITEURL, for the default language; other languages get a
# "<lang>/" prefix. Paginated lists add "page/<n>/", which no item URL can take.
URLS = {
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
    # follow page, and the calendar of activities (written by the calendar stage).
    "feed_atom": "feeds/{feed}.atom.xml",
    "feed_rss": "feeds/{feed}.rss.xml",
    "follow": "follow/",
    # Calendars (tadamon.calendar): every activity of a language, and one
    # activity, in iCalendar files.
    "calendar": "calendar/activities.ics",
    "activity_calendar": "activities/{slug}/{slug}.ics",
    # A financial year's report page, and its open data (one file for every language).
    "finances": "finances/{year}/",
    "finances_json": "finances/{year}.json",
    "finances_csv": "finances/{year}.csv",
    # tadamon.sitemap; robots.txt is always at the root of SITEURL.
    "sitemap": "sitemap.xml",
}

HOME_KINDS = {"activity": 3, "campaign": 3, "volunteer": 4, "news": 3}

SETTINGS = {
    "TADAMON_URLS": Mapping(URLS, "URLs of the site's pages and files", value=lambda key: URLPattern(URLS[key])),
    "TADAMON_PER_PAGE": Integer(12, "items on each page of a list", minimum=1),
    "TADAMON_HOME_LIMITS": Mapping(
        HOME_KINDS, "how many of each kind the home page shows", value=lambda key: Integer(3, "", minimum=0)
    ),
    "TADAMON_BUILD_DATE": Date(
        None,
        'the date the site is built "as of" (upcoming/past, open/closed); None: now, or SOURCE_DATE_EPOCH when set',
        optional=True,
    ),
    "TADAMON_FEED_LIMIT": Integer(
        50, "at most this many items in each feed, the most recently published first", minimum=1
    ),
    "TADAMON_FEED_UNDATED": Text(
        "git",
        'the date feeds give an item that has none: "git", its file\'s first commit (the same for the same'
        ' checkout), else its modification time; "mtime"; or one fixed date for all',
        pattern=r"git|mtime|\d{4}-\d{2}-\d{2}.*",
        expected='"git", "mtime" or a date like "2000-01-01"',
        example="git",
    ),
    "TADAMON_REUSE_PAGES": Boolean(
        True, "keep rendered pages in the cache by the key of their declared inputs (kinds/reuse.py; needs the caches)"
    ),
    "TADAMON_CHECK_DEPENDENCIES": Boolean(
        False, "trace what each template reads and stop if a page shows an item it did not declare (for the tests)"
    ),
    "TADAMON_PARALLEL_FROM": Integer(
        200,
        "read the files missing from the cache on every core from this many: a process costs more on a few",
        minimum=0,
    ),
    "TADAMON_DRY_RUN": Boolean(
        False, "run the whole build (photos decoded, cards drawn into their caches), write nothing (tadamon check)"
    ),
    "TADAMON_DIGEST": Option(
        None,
        "set by tadamon digest: the newsletter to write ({since, lang, text, to}) during a dry run (tadamon.digest)",
        optional=True,
    ),
    "TADAMON_IMAGE_WIDTHS": Sequence(
        (320, 640, 960, 1600),
        "widths (px) of the smaller copies of each photo, for srcset (a card on a phone: 320 at 1x, 640 at 2x,"
        " 960 at 3x; 1600 for an item's photo on a desktop); the largest bounds the published photo",
        item=Integer(320, "", minimum=1),
    ),
    "TADAMON_IMAGE_FORMATS": Sequence(
        ("avif", "webp"),
        "smaller formats each photo is also published in, for <picture> (AVIF only if this Pillow writes it)",
        item=Text("webp", "", pattern=r"(?i)avif|webp", expected='"avif" or "webp"'),
    ),
    "TADAMON_IMAGE_QUALITY": Integer(82, "JPEG and WebP quality of the published photos", minimum=1, maximum=100),
    "TADAMON_IMAGE_AVIF_QUALITY": Integer(
        55, "AVIF quality of the published photos (its own scale: 55 looks like JPEG 82)", minimum=1, maximum=100
    ),
    "TADAMON_IMAGE_CACHE_PATH": Folder(
        None, 'where encoded photos are kept between builds; None: "images" beside CACHE_PATH', optional=True
    ),
    "TADAMON_CARDS_CACHE": Folder(
        None,
        'where drawn share cards are kept, one folder per site; None: "cards" inside CACHE_PATH',
        optional=True,
    ),
    "TADAMON_CARDS_WORKERS": Integer(
        None,
        "processes drawing share cards; None: one per core; 0 or 1: in the build's own process",
        minimum=0,
        optional=True,
    ),
    "TADAMON_CARDS_COLOURS": Sequence(
        ("#0f766e", "#1f2937", "#b45309"),
        "share cards' colours: primary, text, accent (the theme's)",
        item=Text("#0f766e", "", pattern=r"#[0-9a-fA-F]{6}", expected='a colour like "#0f766e"'),
        length=3,
    ),
    "TADAMON_CARDS_FONTS": Sequence(
        None,
        "share cards' fonts (bold, regular); None: the theme's fonts-cards/",
        item=Folder(None, ""),
        length=2,
        optional=True,
    ),
    "TADAMON_CALENDAR_REFRESH_HOURS": Integer(
        12, "how often calendar apps should fetch a subscribed calendar again (hours)", minimum=1
    ),
    "TADAMON_SEARCH": Boolean(
        True, "index the item pages with Pagefind into pagefind/ and show a search button in every page's header"
    ),
    "TADAMON_SEARCH_CACHE": Folder(
        None, 'where the search indexes are kept between builds; None: "search" inside CACHE_PATH', optional=True
    ),
    "TADAMON_SEARCH_SHARD_PAGES": Integer(
        200,
        "pages of one language in each part of the search index (a change indexes its part again, not the language)",
        minimum=1,
    ),
    "TADAMON_SEARCH_EXCLUDE": Sequence(
        (".share", ".grid"),
        "inside each page's <main>, what is not the page's own text (share links, related items' cards)",
        item=Text(".share", ""),
    ),
    "TADAMON_RAISED_MAX_AGE_DAYS": Integer(
        30, "warn when an open campaign's raised figure (raised.as_of) is older than this many days", minimum=0
    ),
    "TADAMON_REPORT_AFTER_DAYS": Integer(
        14, "warn when an activity ended more than this many days ago and has no report", minimum=0
    ),
    "TADAMON_SHORT_CALL_HOURS": Integer(
        2, "a call is micro-volunteering when remote, or when its commitment says at most this many hours", minimum=0
    ),
    "TADAMON_ADMIN_VENDOR": Folder(
        None,
        "the in-browser editor's folder of Sveltia CMS's script, fonts and translations (tadamon fetch-editor"
        " fills it), relative to the site's folder (the one that holds PATH); None: vendor/sveltia-cms there",
        optional=True,
    ),
}

# Set by the build itself (from association.yml), never by a site.
DERIVED = {"TADAMON_CONFIG", "TADAMON_STATIC_PATHS", "TADAMON_THEME_STATIC_PATHS"}


def defaults():
    """Every Tadamon setting at its default value."""
    return {name: copy.deepcopy(option.default) for name, option in SETTINGS.items()}


def apply(settings):
    """Check every Tadamon setting of ``settings`` and fill in the defaults, in place."""
    for name, option in SETTINGS.items():
        if name not in settings:
            settings[name] = copy.deepcopy(option.default)  # a build may not change the declaration
            continue
        try:
            settings[name] = option.check(settings[name])
        except Invalid as error:
            raise SetupError(
                _(
                    "setting {name}: expected {expected}, got {value}. Write e.g. {name} = {example}",
                    name=name,
                    expected=error.expected,
                    value=repr(settings[name]),
                    example=repr(error.example),
                )
            ) from None
    for name in sorted(settings):
        if name.startswith("TADAMON_") and name not in SETTINGS and name not in DERIVED:
            near = difflib.get_close_matches(name, SETTINGS, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            log.warning("Unknown setting %s: Tadamon does not read it%s", name, hint)


def take_over(settings):
    """What Pelican must leave to Tadamon, through its public settings: its content
    caches are never loaded (a damaged one stops Pelican with a traceback; Tadamon
    reads every item itself and keeps its own cache, tadamon.kinds.bodycache, where
    a damaged file is a miss); the static files are found (inside content/ only:
    tadamon.files) and copied by Tadamon, so Pelican's StaticGenerator finds none."""
    settings["LOAD_CONTENT_CACHE"] = False
    settings["CONTENT_CACHING_LAYER"] = "generator"  # Tadamon's one generator keeps none
    settings["TADAMON_STATIC_PATHS"] = list(settings["STATIC_PATHS"])
    settings["TADAMON_THEME_STATIC_PATHS"] = list(settings["THEME_STATIC_PATHS"])
    settings["STATIC_PATHS"] = settings["THEME_STATIC_PATHS"] = []


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
