"""Each kind of item as a dataclass: the contract's fields (``schema.py``), typed
by their parsers (``tadamon.fields``), with what the build adds (the file, the
body, the translations and related items).

The reader (``reader.py``) makes the values; ``generator.Kinds.read`` makes an
item of them. Fields a kind does not have read None on every item, so that code
reads ``item.deadline``, never a getattr with a default.

URLs come from the ``TADAMON_URLS`` setting: the default language at the site
root, every other language under ``<lang>/``.
"""

import datetime
import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tadamon import fields as f
from tadamon.config import config_of
from tadamon.kinds import links, schema

TAG_RE = re.compile(r"<[^>]+>")
SUMMARY_WORDS = 30
# The fields of every item that the build sets, not the file's front matter.
BUILD_FIELDS = frozenset({"site", "source_path", "body", "translations", "related"})


def lang_prefix(lang, settings):
    return "" if lang == config_of(settings).default_lang else f"{lang}/"


def page_url(name, lang, settings, **values):
    """URL (relative to SITEURL) of a named page of the site in a language."""
    return lang_prefix(lang, settings) + settings["TADAMON_URLS"][name].format(**values)


def save_as(url):
    return url + "index.html" if url.endswith("/") or not url else url


@dataclass(frozen=True)
class Related:
    """The items of the same language that an item names (its ``project:``,
    ``activity:``, ``campaign:``), and those that name it: the campaigns and
    calls of a project or an activity, the news posts (updates) of a project or
    a campaign, in list order."""

    project: Any = None
    activity: Any = None
    campaign: Any = None
    campaigns: tuple = ()
    calls: tuple = ()
    updates: tuple = ()

    def items(self):
        named = [item for item in (self.project, self.activity, self.campaign) if item is not None]
        return named + [*self.campaigns, *self.calls, *self.updates]


@dataclass(kw_only=True, eq=False)
class Item:
    kind: ClassVar[str] = ""
    folder: ClassVar[str] = ""
    schema: ClassVar[dict] = {}
    upcoming = closed = None  # the kinds that have these states say them (properties)

    site: Any = field(repr=False)  # tadamon.site.Site: the build's
    source_path: str  # absolute
    body: str = field(repr=False)  # HTML as read: links to other files still {filename}/{static}
    translations: list = field(default_factory=list, repr=False)  # the same item in the other languages
    related: Related = field(default_factory=Related, repr=False)  # set once every item is read
    lang: str
    slug: str
    title: str
    date: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    summary: str | None = None  # the editor's (``description`` falls back on the body)
    image: f.Image | None = None
    tags: list[str] | None = None
    status: str = "published"

    @functools.cached_property
    def url(self):
        """Relative to SITEURL (kept: page keys, links, feeds and sitemaps all ask for it)."""
        return page_url(self.kind, self.lang, self.site.settings, slug=self.slug)

    @property
    def save_as(self):
        return save_as(self.url)

    @functools.cached_property
    def content(self):
        """The body with its links to other files of content/ made URLs (kept: the
        page, the feed entry and JSON-LD all ask for it)."""
        return links.with_urls(self.body, self)

    @property
    def description(self):
        """The editor's summary, else the beginning of the body as plain text."""
        return self.summary or self.excerpt

    @functools.cached_property
    def excerpt(self):
        """The beginning of the body as plain text (kept: pages, lists, feeds
        and cards all ask for it)."""
        words = html.unescape(TAG_RE.sub(" ", self.body)).split()
        return " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")

    @property
    def publication_date(self):
        """When the item was published: its date, else the best date it has."""
        return self.date or self.updated or self.fallback_date()

    def points_to(self):
        """{field: slug} of the items this one names (``project:``, ``activity:``, a news post's ``campaign:``)."""
        named = (("project", self.project), ("activity", self.activity), ("campaign", self.campaign))
        return {field: slug for field, slug in named if slug}

    def fallback_date(self):
        return None

    def translation_in(self, lang):
        return next((t for t in self.translations if t.lang == lang), None)

    @property
    def build_time(self):
        """The build's date (``TADAMON_BUILD_DATE`` or now), which upcoming and closed depend on."""
        return self.site.build_time


@dataclass(kw_only=True, eq=False)
class Activity(Item):
    kind, folder, schema = "activity", "activities", schema.ACTIVITY

    start: datetime.datetime
    end: datetime.datetime | None = None
    location: f.Location | None = None
    online: str | None = None
    registration: str | None = None
    report: f.Report | None = None

    @property
    def ends(self):
        if self.end:
            return self.end
        if self.all_day:
            return self.start + datetime.timedelta(days=1)
        return self.start

    @property
    def all_day(self):
        return self.start.timetz().replace(tzinfo=None) == datetime.time()

    @property
    def attendance(self):
        has_place = bool(self.location)
        has_online = bool(self.online)
        if has_place and has_online:
            return "mixed"
        return "online" if has_online else "offline"

    def fallback_date(self):
        return self.start

    @property
    def upcoming(self):
        return self.ends >= self.build_time


@dataclass(kw_only=True, eq=False)
class Project(Item):
    kind, folder, schema = "project", "projects", schema.PROJECT

    stage: str
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    location: f.Location | None = None
    beneficiaries: f.Beneficiaries | None = None
    budget: f.Money | None = None
    partners: list[str] | None = None

    def fallback_date(self):
        return self.start


@dataclass(kw_only=True, eq=False)
class Campaign(Item):
    kind, folder, schema = "campaign", "campaigns", schema.CAMPAIGN

    goal: f.Money
    raised: f.Raised | None = None
    deadline: datetime.datetime | None = None
    donate: list[f.DonationChannel] | None = None
    project: str | None = None

    @property
    def raised_amount(self):
        raised = self.raised
        return raised.amount if raised else 0

    @property
    def percent(self):
        if not self.goal.amount:
            return 0
        return int(self.raised_amount * 100 // self.goal.amount)

    def fallback_date(self):
        raised = self.raised
        return raised.as_of if raised else None

    @property
    def closed(self):
        deadline = self.deadline
        return bool(deadline and deadline < self.build_time)


@dataclass(kw_only=True, eq=False)
class VolunteerCall(Item):
    kind, folder, schema = "volunteer", "volunteer", schema.VOLUNTEER

    deadline: datetime.datetime
    mode: str
    skills: list[str] | None = None
    commitment: str | None = None
    places: int | None = None
    location: f.Location | None = None
    apply: f.Apply
    activity: str | None = None
    project: str | None = None

    @property
    def closed(self):
        return self.deadline < self.build_time


@dataclass(kw_only=True, eq=False)
class News(Item):
    kind, folder, schema = "news", "news", schema.NEWS

    date: datetime.datetime = field()  # required of a news post (field(): not Item's default)
    campaign: str | None = None
    project: str | None = None


@dataclass(kw_only=True, eq=False)
class Page(Item):
    kind, folder, schema = "page", "pages", schema.PAGE

    order: int | None = None


KINDS = {cls.kind: cls for cls in (Activity, Project, Campaign, VolunteerCall, News, Page)}
KIND_OF_FOLDER = {cls.folder: cls for cls in KINDS.values()}

# Every field of the contract that some kind has and others do not: None on the
# items of the others (not a dataclass field of Item: set after the kinds were made).
for _name in sorted({name for cls in KINDS.values() for name in cls.schema} - set(dir(Item))):
    setattr(Item, _name, None)
