"""One feed of one language, as Atom and RSS 2.0 (feedgen).

Everything in a feed comes from the content, never from the clock: ids are the
items' canonical URLs, dates are the items' own, and the feed's ``updated`` is
its latest item's, so the same content always builds to the same bytes. An
item with no date at all is dated by its file's first commit in git (the same
for the same checkout), else by the file's modification time (``undated_dates``).
"""

import datetime
import logging
import mimetypes
import os
import subprocess
from dataclasses import dataclass

from markupsafe import Markup, escape

from tadamon.config import config_of
from tadamon.errors import _, shown_path
from tadamon.formats import FEED, kinds_with
from tadamon.kinds.contents import page_url
from tadamon.kinds.facts import facts
from tadamon.site import site_of

logger = logging.getLogger(__name__)

# name -> (kinds it holds, page it is the feed of, its title as a msgid)
FEEDS = {
    "all": (kinds_with(FEED), "home", "All updates"),
    "activities": (("activity",), "activity_list", "Activities"),
    "campaigns": (("campaign",), "campaign_list", "Donation campaigns"),
    "volunteer": (("volunteer",), "volunteer_list", "Open volunteer calls"),
    "news": (("news",), "news_list", "News"),
}
# The feed of the kind a page shows (its items and its list).
FEED_OF_PAGE = {
    page: name for name, (kinds, _, _) in FEEDS.items() if len(kinds) == 1 for page in (kinds[0], f"{kinds[0]}_list")
}


@dataclass(frozen=True)
class Feed:
    name: str
    lang: str
    label: str  # e.g. "News", translated
    title: str  # "<association> — <label>"
    atom: str  # absolute URLs
    rss: str
    page: str


def describe(name, lang, context, settings):
    """Title and absolute URLs of a feed, for the feed itself and for templates."""
    gettext = site_of(context).i18n.translations(lang).ugettext
    label = gettext(FEEDS[name][2])
    return Feed(
        name=name,
        lang=lang,
        label=label,
        title=f"{context['association'].name.get_text(lang)} — {label}",
        atom=config_of(settings).absolute(page_url("feed_atom", lang, settings, feed=name)),
        rss=config_of(settings).absolute(page_url("feed_rss", lang, settings, feed=name)),
        page=config_of(settings).absolute(page_url(FEEDS[name][1], lang, settings)),
    )


def fixed_date(value, timezone):
    """A date setting (``2000-01-01``, a date or a datetime) as an aware datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    return value if value.tzinfo else value.replace(tzinfo=timezone)


def first_commits(folder):
    """{absolute path: author date of the commit that added it} for the files under
    ``folder`` that git knows, following renames; {} and whether the history is
    shallow when ``folder`` is in no repository (or git is missing).

    One ``git log`` for all files, oldest commit first (a file added, deleted and
    added again keeps its first date; a renamed file keeps its original's)."""
    command = ["git", "-c", "core.quotePath=false", "-C", folder, "log", "--reverse", "--relative", "-M"]
    command += ["--diff-filter=AR", "--name-status", "--format=%x00%aI", "--", "."]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120)
        shallow = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return {}, False
    if done.returncode != 0:
        return {}, False
    dates, date = {}, None
    for line in done.stdout.splitlines():
        if line.startswith("\0"):
            date = datetime.datetime.fromisoformat(line[1:])
            continue
        status, *paths = line.split("\t")
        if status.startswith("A") and paths:
            dates.setdefault(paths[0], date)
        elif status.startswith("R") and len(paths) == 2:
            dates[paths[1]] = dates.get(paths[0], date)
    absolute = {os.path.normpath(os.path.join(folder, path)): when for path, when in dates.items()}
    return absolute, shallow.stdout.strip() == "true"


def undated_dates(items, settings, timezone, content_path):
    """{source path: date} for items with no date, and a warning saying how each was dated.

    ``TADAMON_FEED_UNDATED``: "git" (the file's first commit, else its modification
    time), "mtime" (the modification time), or a fixed date for all."""
    undated = [i for i in items if i.kind != "page" and i.publication_date is None]
    if not undated:
        return {}
    how = settings["TADAMON_FEED_UNDATED"]
    if how not in ("git", "mtime"):
        date = fixed_date(how, timezone)
        _warn(undated, content_path, _("feeds date them {date} (TADAMON_FEED_UNDATED)", date=date.date().isoformat()))
        return {i.source_path: date for i in undated}
    commits, shallow = first_commits(content_path) if how == "git" else ({}, False)
    dates, committed, modified = {}, [], []
    for item in undated:
        path = os.path.normpath(os.path.abspath(item.source_path))
        if path in commits:
            dates[item.source_path] = commits[path].astimezone(timezone)
            committed.append(item)
        else:
            stamp = os.stat(item.source_path).st_mtime
            dates[item.source_path] = datetime.datetime.fromtimestamp(int(stamp), timezone)
            modified.append(item)
    if committed:
        message = _("feeds date them by the first commit of their file in git")
        if shallow:
            message = _(
                "feeds date them by the first commit of their file in git, but this clone has only the last "
                "commits: every such file seems added then (fetch the whole history, e.g. fetch-depth: 0)"
            )
        _warn(committed, content_path, message)
    if modified:
        _warn(modified, content_path, _("feeds date them by their file's modification time (not in git)"))
    return dates


def _warn(items, content_path, how):
    files = ", ".join(shown_path(content_path, i.source_path) for i in items[:5])
    more = f" (+{len(items) - 5})" if len(items) > 5 else ""
    logger.warning(
        "%s",
        _(
            "{count} items have no date: {how}; add date: (when it was published) to {files}{more}",
            count=len(items),
            how=how,
            files=files,
            more=more,
        ),
    )


class FeedWriter:
    """Builds the feeds of one build; remembers each item's entry parts, which
    several feeds share."""

    def __init__(self, context, settings):
        self.context = context
        self.settings = settings
        self.siteurl = settings["SITEURL"]
        self.association = site_of(context).association
        self.pictures = site_of(context).pictures
        self.i18n = site_of(context).i18n
        self.fallback = fixed_date("2000-01-01", self.association.timezone)  # a feed with no item at all
        self.undated = undated_dates(site_of(context).all_items, settings, self.association.timezone, settings["PATH"])
        self._parts = {}

    # --- which items, in which order --------------------------------------

    def published(self, item):
        return item.publication_date or self.undated.get(item.source_path) or self.fallback

    def updated(self, item):
        return max(item.updated or self.published(item), self.published(item))

    def items(self, name, lang):
        kinds = FEEDS[name][0]
        lists = site_of(self.context).items[lang]
        chosen = [i for kind in kinds for i in lists[kind] if not (name == "volunteer" and i.closed)]
        chosen.sort(key=lambda i: (self.published(i), i.kind, i.slug), reverse=True)
        return chosen[: self.settings["TADAMON_FEED_LIMIT"]]

    def latest(self, lang):
        """The newest date of a language's content: the date of a feed with no items."""
        dates = [self.updated(i) for i in self.items("all", lang)]
        return max(dates, default=self.fallback)

    # --- writing ----------------------------------------------------------

    def write(self, name, lang):
        """The feed ``name`` of ``lang``, in Atom and RSS, through the site's plan:
        made only when its items, their dates or a site-wide input changed."""
        feed = describe(name, lang, self.context, self.settings)
        items = self.items(name, lang)
        plan = site_of(self.context).plan
        dated = [(plan.digest(i), self.published(i).isoformat(), self.updated(i).isoformat()) for i in items]
        made = {}
        for url, media_type in ((feed.atom, "application/atom+xml"), (feed.rss, "application/rss+xml")):
            relative = url[len(self.siteurl) + 1 :]
            key = plan.add(relative, name, lang, dated, self.latest(lang).isoformat() if not items else "")
            plan.publish(
                relative,
                key,
                lambda url=url, media_type=media_type: self._render(made, feed, lang, items, url, media_type),
            )

    def _render(self, made, feed, lang, items, url, media_type):
        """One format of a feed; its entries are made once for both formats."""
        fg = made.get("fg")
        if fg is None:
            from tadamon.feeds.atom import Entry, FeedGenerator

            fg = made["fg"] = FeedGenerator()
            fg.id(feed.atom)
            fg.title(feed.title)
            fg.subtitle(self.association.tagline.get_text(lang) or feed.title)
            fg.language(lang)
            fg.author(
                name=self.association.name.get_text(lang),
                uri=config_of(self.settings).absolute(page_url("home", lang, self.settings)),
            )
            fg.generator("Tadamon")
            if self.association.logo:
                fg.logo(config_of(self.settings).absolute(self.association.logo))
            fg.updated(max((self.updated(i) for i in items), default=self.latest(lang)))
            for item in items:
                self._entry(fg.add_entry(Entry(), order="append"), item)
        page = {"href": feed.page, "rel": "alternate", "type": "text/html"}
        # feedgen takes the last link for RSS's <link>: the HTML page.
        fg.link([{"href": url, "rel": "self", "type": media_type}, page], replace=True)
        return fg.atom_str(pretty=True) if media_type == "application/atom+xml" else fg.rss_str(pretty=True)

    def _entry(self, entry, item):
        url, summary, content, enclosure = self._entry_parts(item)
        entry.guid(url, permalink=True)  # also the Atom id: the canonical URL never changes
        entry.title(item.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(self.published(item))
        entry.updated(self.updated(item))
        entry.summary(summary, type="html")
        entry.content(content, type="html")
        for tag in item.tags or []:
            entry.category(term=tag)
        if enclosure:
            entry.enclosure(*enclosure)

    def _entry_parts(self, item):
        key = (item.kind, item.slug, item.lang)
        if key not in self._parts:
            url = config_of(self.settings).absolute(item.url)
            facts = "".join(f"<p>{line}</p>" for line in self.facts(item))
            summary = f"<p>{escape(item.description)}</p>{facts}" if item.description else facts
            # Links in the body are absolute already: made so at reading (tadamon.kinds.links).
            content = facts + (item.content or "")
            # Readers do not all infer the direction of Arabic text: say it.
            wrap = f'<div lang="{item.lang}" dir="{self.association.direction(item.lang)}">{{}}</div>'.format
            self._parts[key] = (url, wrap(summary), wrap(content), self.enclosure(item))
        return self._parts[key]

    def enclosure(self, item):
        """The item's image as it is published, its size from the site's pictures
        (never from the output folder, which a check does not write)."""
        image = item.image
        size = self.pictures.size(image.path) if image and self.pictures is not None else None
        if size is None:
            return None
        kind = mimetypes.guess_type(image.path)[0] or "application/octet-stream"
        return config_of(self.settings).absolute(image.path), size, kind

    def facts(self, item):
        """What a reader needs to know before the body: when and where, until
        when. Lines of HTML: the values are escaped, the lines of an address kept."""
        lang, i18n = item.lang, self.i18n

        def gettext(message, **values):
            return escape(i18n.translations(lang).ugettext(message)) % values

        def line(label, *values):
            value = Markup("<br>").join(v for v in values if v)
            return gettext("%(label)s: %(value)s", label=gettext(label), value=value)

        said = facts(item, i18n)
        if item.kind == "activity":
            lines = [line("Date", said.when)]
            if item.location:
                lines.append(line("Place", item.location.name, said.address))
            if said.online:
                lines.append(line("Online", Markup('<a href="{0}">{0}</a>').format(said.online)))
            return lines
        if item.kind == "volunteer":
            if said.closed:
                message = "This call closed on %(date)s; applications are no longer accepted."
                return [gettext(message, date=said.deadline)]
            return [gettext("Apply by %(date)s", date=said.deadline)]
        if item.kind == "campaign":
            lines = [line("Goal", said.goal)]
            if said.deadline:
                lines.append(gettext("Until %(date)s", date=said.deadline))
            return lines
        return []
