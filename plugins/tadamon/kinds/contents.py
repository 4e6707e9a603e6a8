"""Each kind of item as a Pelican content type.

URLs come from the ``TADAMON_URLS`` setting: the default language at the site
root, every other language under ``<lang>/``.
"""

import datetime
import functools
import html
import re

from pelican.contents import Content

from tadamon import adapter
from tadamon.kinds import schema
from tadamon.site import site_of

TAG_RE = re.compile(r"<[^>]+>")
SUMMARY_WORDS = 30


def lang_prefix(lang, settings):
    return "" if lang == settings["DEFAULT_LANG"] else f"{lang}/"


def page_url(name, lang, settings, **values):
    """URL (relative to SITEURL) of a named page of the site in a language."""
    return lang_prefix(lang, settings) + settings["TADAMON_URLS"][name].format(**values)


def save_as(url):
    return url + "index.html" if url.endswith("/") or not url else url


class Item(Content):
    kind = ""
    folder = ""
    fields = {}
    mandatory_properties = ("title",)
    default_status = "published"
    allowed_statuses = ("published", "draft")
    upcoming = closed = None  # the kinds that have these states say them (properties)

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        self.body = content  # HTML as read: Pelican's {filename} links not yet URLs
        self.build_context = context
        super().__init__(content, metadata, settings, source_path, context)

    def get_content(self, siteurl):
        """The body with its links resolved (``tadamon.adapter``). Pelican's own
        memoizes this for every item in one global dict (all bodies stay in
        memory, from build to build); a page uses its body once."""
        return adapter.body_with_links(self, siteurl)

    @property
    def url(self):
        return page_url(self.kind, self.lang, self.settings, slug=self.slug)

    @property
    def save_as(self):
        return save_as(self.url)

    @property
    def summary(self):
        """The editor's summary, else the beginning of the body as plain text."""
        return self.metadata.get("summary") or self.excerpt

    @functools.cached_property
    def excerpt(self):
        """The beginning of the body as plain text (kept: pages, lists, feeds
        and cards all ask for it)."""
        words = html.unescape(TAG_RE.sub(" ", self.body)).split()
        return " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")

    @summary.setter
    def summary(self, value):
        """Pelican sets every metadata field as an attribute; ours stays in ``metadata``."""

    @property
    def publication_date(self):
        """When the item was published: its date, else the best date it has."""
        return self.given_date or self.updated or self.fallback_date()

    @property
    def given_date(self):
        """The file's ``date``, or None (an absent ``date`` is what Pelican looks for)."""
        return vars(self).get("date")

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
        """The build's date (``TADAMON_BUILD_DATE`` or now), which upcoming and
        closed depend on. Computed on access, not stored on the item: an
        attribute added after Pelican made the item grew its dict, 790 bytes
        per item until the end of the build."""
        return site_of(self.build_context).build_time


class Activity(Item):
    kind, folder, fields = "activity", "activities", schema.ACTIVITY

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


class Project(Item):
    kind, folder, fields = "project", "projects", schema.PROJECT

    def fallback_date(self):
        return self.start


class Campaign(Item):
    kind, folder, fields = "campaign", "campaigns", schema.CAMPAIGN

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


class VolunteerCall(Item):
    kind, folder, fields = "volunteer", "volunteer", schema.VOLUNTEER

    @property
    def closed(self):
        return self.deadline < self.build_time


class News(Item):
    kind, folder, fields = "news", "news", schema.NEWS


class Page(Item):
    kind, folder, fields = "page", "pages", schema.PAGE


KINDS = {cls.kind: cls for cls in (Activity, Project, Campaign, VolunteerCall, News, Page)}
KIND_OF_FOLDER = {cls.folder: cls for cls in KINDS.values()}


# Every field of the contract that a file may leave out, of any kind; not ``date``,
# whose absence Pelican itself looks for (``Item.given_date``), nor the properties.
OPTIONAL_FIELDS = sorted(
    {name for cls in KINDS.values() for name, field in {**schema.COMMON, **cls.fields}.items() if not field.required}
    - {"date"}
    - set(dir(Item))
)
# Pelican sets the fields a file gives as attributes of its item; the others are
# None on every item, so that code reads item.deadline, never a getattr with a default.
for _name in OPTIONAL_FIELDS:
    setattr(Item, _name, None)
