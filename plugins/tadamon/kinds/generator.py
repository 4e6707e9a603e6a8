"""Reads every kind's folder and writes items, lists and home pages per language.

``Kinds.read`` reads each file into its kind's dataclass (``contents.py``),
with what earlier builds read kept in Tadamon's own cache
(``tadamon.kinds.bodycache``); ``Kinds.write`` writes; ``tadamon.build.Build``
calls each in its turn.
"""

import logging
import os
from collections import defaultdict
from operator import attrgetter
from typing import NamedTuple

from pelican.utils import sanitised_join

from tadamon import finances, outreach
from tadamon.errors import ContentError, Problem, _, shown_path
from tadamon.formats import LIST, PAGE, kinds_with
from tadamon.kinds import bodycache, links, parallel, reuse
from tadamon.kinds.contents import KINDS, Item, Related, page_url, save_as
from tadamon.kinds.reader import YamlMarkdownReader
from tadamon.settings import build_time

logger = logging.getLogger(__name__)


def reserved_slugs(settings):
    """Folders at the root of the site that pages may not take: the first folder
    of every URL pattern of the site's own pages and files, static folders, theme."""
    patterns = settings["TADAMON_URLS"].values()
    own = {p.split("/")[0] for p in patterns if "/" in p and not p.startswith("{")}
    return own | set(settings["TADAMON_STATIC_PATHS"]) | {settings["THEME_STATIC_DIR"]}


# More changed files than this: a first build or a pull, not an editor's save.
EARLY_AT_MOST = 8


class Page(NamedTuple):
    name: str  # relative to the output folder
    path: str
    template: str
    values: dict
    key: str  # of its declared inputs (kinds/reuse.py)


def _by_date(items):
    return sorted(items, key=lambda i: (i.publication_date is None, i.publication_date or 0), reverse=True)


def order_activities(items):
    upcoming = sorted((i for i in items if i.upcoming), key=attrgetter("start"))
    past = sorted((i for i in items if not i.upcoming), key=attrgetter("start"), reverse=True)
    return upcoming + past


def order_campaigns(items):
    def deadline(item):
        value = item.deadline
        return value.timestamp() if value else float("inf")

    open_ = sorted((i for i in items if not i.closed), key=lambda i: (deadline(i), i.slug))
    closed = sorted((i for i in items if i.closed), key=deadline, reverse=True)
    return open_ + closed


def order_calls(items):
    open_ = sorted((i for i in items if not i.closed), key=lambda i: (i.deadline, i.slug))
    closed = sorted((i for i in items if i.closed), key=attrgetter("deadline"), reverse=True)
    return open_ + closed


def order_projects(items):
    stages = {"ongoing": 0, "planned": 1, "completed": 2}
    return sorted(_by_date(items), key=lambda i: stages[i.stage])


def order_pages(items):
    return sorted(items, key=lambda i: (999 if i.order is None else i.order, i.slug))


ORDER = {
    "activity": order_activities,
    "project": order_projects,
    "campaign": order_campaigns,
    "volunteer": order_calls,
    "news": _by_date,
    "page": order_pages,
}


class Kinds:
    """The items of the build (``build``: tadamon.build.Build, whose readers,
    templates and files they are)."""

    def __init__(self, build):
        self.build, self.site = build, build.site
        self.settings, self.context, self.path, self.output_path = (
            build.settings,
            build.context,
            build.path,
            build.output_path,
        )
        self.env = build.env
        self.items = []  # every published item, all languages
        self.drafts = []
        self.bodies = bodycache.Bodies(self.settings, self.site.cache, self.settings.get("CACHE_CONTENT", False))
        self.reader = YamlMarkdownReader(self.settings, self.bodies)
        self._read_items = None  # with TADAMON_CHECK_DEPENDENCIES: the items the page being rendered reads
        if self.settings.get("TADAMON_CHECK_DEPENDENCIES"):
            self._read_items = set()
            self._track_items()

    # --- reading ------------------------------------------------------------

    def read(self):
        site = self.site
        problems = site.problems
        # Pelican's get_files gives a set: sorted, items come in the same order at
        # every build (items that tie in a list, e.g. same start, keep it).
        files = [
            (cls, os.path.abspath(os.path.join(self.path, path)))
            for cls in KINDS.values()
            for path in sorted(self.build.get_files([cls.folder]))
        ]
        todo = [path for _cls, path in files if not self.bodies.has(path)]
        parallel.read_ahead(self.reader, todo, self.settings["TADAMON_PARALLEL_FROM"])  # on every core
        content_path = os.path.normpath(self.path)
        for cls, path in files:
            item = self._read(path, cls, problems)
            if item is None:
                continue
            (self.drafts if item.status == "draft" else self.items).append(item)
            site.sources[path] = item
            site.linked_files |= links.static_files(item.body, path, content_path)
        problems += self._check_links()
        self.bodies.save()
        if site.association is None or problems:
            return  # the validation stage stops the build with every problem

        site.build_time = self.context["build_time"] = build_time(self.settings, site.association.timezone)
        self._link_translations()
        self._index()
        self._link_related()

    def _read(self, path, cls, problems):
        """The item of the file at ``path`` (absolute), or None after its problems."""
        try:
            body, values = self.reader.read(path)
        except ContentError as error:
            problems.extend(error.problems)
            return None
        return cls(site=self.site, source_path=path, body=body, **values)

    def _check_links(self):
        """What one file cannot see alone: duplicates and references."""
        problems = []
        association = self.site.association
        seen = {}
        slugs = defaultdict(set)
        for item in self.items + self.drafts:
            key = (item.kind, item.slug, item.lang)
            if key in seen:
                problems.append(
                    Problem(
                        self._shown(item),
                        _(
                            "slug {slug} in language {lang} is already used by {other}",
                            slug=repr(item.slug),
                            lang=repr(item.lang),
                            other=self._shown(seen[key]),
                        ),
                        "slug",
                        fix=_("give one of the two files another slug, e.g. slug: {slug}-2", slug=item.slug),
                    )
                )
            seen[key] = item
            slugs[item.kind].add(item.slug)
        reserved = reserved_slugs(self.settings)
        for item in self.items + self.drafts:
            if item.kind == "page" and item.slug in reserved:
                problems.append(
                    Problem(
                        self._shown(item),
                        _("{slug} is a name the site uses itself", slug=repr(item.slug)),
                        "slug",
                        fix=_("choose another slug, e.g. slug: about-{slug}", slug=item.slug),
                    )
                )
            for field, target in item.points_to().items():
                if target not in slugs[field]:
                    problems.append(
                        Problem(
                            self._shown(item),
                            _("no {kind} has the slug {slug}", kind=field, slug=repr(target)),
                            field,
                            fix=_("write the slug of a file in content/{folder}/", folder=KINDS[field].folder),
                        )
                    )
            for partner in item.partners or []:
                if association is not None and partner not in association.partners:
                    problems.append(
                        Problem(
                            self._shown(item),
                            _("no partner with id {id} in partners.yml", id=repr(partner)),
                            "partners",
                            fix=_("write ids listed in content/partners.yml, or add the partner there"),
                        )
                    )
        return problems

    def _shown(self, item):
        return shown_path(self.path, item.source_path)

    def _link_translations(self):
        groups = defaultdict(list)
        for item in self.items:
            groups[(item.kind, item.slug)].append(item)
        order = {lang: n for n, lang in enumerate(self.site.association.languages)}
        for group in groups.values():
            group.sort(key=lambda i: order[i.lang])
            for item in group:
                item.translations = [other for other in group if other is not item]

    def _link_related(self):
        """Each item's ``related``, from one index per language (a search per item
        would make the build quadratic in the number of items)."""
        for lists in self.site.items.values():
            by_slug, naming = {}, defaultdict(list)
            for kind, items in lists.items():
                for item in items:
                    by_slug.setdefault((kind, item.slug), item)
                    for field, slug in item.points_to().items():
                        naming[(item.kind, field, slug)].append(item)
            for items in lists.values():
                for item in items:
                    named = {field: by_slug.get((field, slug)) for field, slug in item.points_to().items()}
                    of = (item.kind, item.slug)
                    if item.kind in ("project", "activity"):
                        named.update(campaigns=tuple(naming["campaign", *of]), calls=tuple(naming["volunteer", *of]))
                    if item.kind in ("project", "campaign"):
                        named["updates"] = tuple(naming["news", *of])
                    item.related = Related(**named)

    def _index(self):
        """Per language and kind, the ordered lists templates and plugins use."""
        languages = self.site.association.languages
        by_lang = {lang: {kind: [] for kind in KINDS} for lang in languages}
        for item in self.items:
            by_lang[item.lang][item.kind].append(item)
        for lang in languages:
            for kind, items in by_lang[lang].items():
                by_lang[lang][kind] = ORDER[kind](items)
        self.site.items = self.context["items"] = by_lang
        self.site.all_items = sorted(self.items, key=lambda i: (i.kind, i.slug, i.lang))

    # --- writing ------------------------------------------------------------

    def write(self):
        site = self.site
        if not site.read:
            return
        association = site.association
        early = self._changed_first()
        pages = []
        for lang in association.languages:
            lists = site.items[lang]
            pages.append(self._page("home", lang, page_url("home", lang, self.settings), page_name="home"))
            for kind in kinds_with(LIST):
                pages += self._list_pages(kind, lang, lists[kind])
            for kind in kinds_with(PAGE):
                pages += [early.get(id(item)) or self._item_page(item) for item in lists[kind]]
        pages.append(self._page("404", association.default_lang, "404.html", page_name="404"))

        done = {page.name for page in early.values()}
        todo = [page for page in pages if page.name not in done]
        cached = [self.site.plan.cached(page.name, page.key) for page in todo]
        rendered = [page for page, file in zip(todo, cached, strict=True) if file is None]
        outreach.prepare(site, [page.values["item"] for page in rendered if "item" in page.values])  # posters' QR codes
        # What changed first: an editor's preview (invoke livereload) shows it sooner.
        for page in rendered:
            self.render(page)
        for page, file in zip(todo, cached, strict=True):
            if file is not None:
                site.publish_page(page.name, page.key, None, self.context, page.values, cached=file)
        self.site.pages += [(page.path, page.values) for page in pages]  # in the plan's order, always

    def _changed_first(self):
        """The pages of the items whose files changed since the last build (an editor's
        save), rendered before the other pages are even planned: ``invoke livereload``
        shows them sooner. {id(item): Page} of those rendered."""
        changed = [item for item in self.items if item.source_path in self.bodies.fresh]
        if len(changed) > EARLY_AT_MOST:
            return {}
        early = {}
        for item in changed:
            page = self._item_page(item)
            if self.site.plan.cached(page.name, page.key) is None:
                outreach.prepare(self.site, [item])
                self.render(page)
                early[id(item)] = page
        if early and self.site.search is not None:
            self.site.search.start_early([page.values["item"] for page in early.values()])
        return early

    def _item_page(self, item):
        return self._page(item.kind, item.lang, item.url, item=item, page_name=item.kind)

    def _list_pages(self, kind, lang, items):
        per_page = self.settings["TADAMON_PER_PAGE"]
        base = page_url(f"{kind}_list", lang, self.settings)
        chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        urls = [base] + [
            base + self.settings["TADAMON_URLS"]["list_page"].format(base="", number=n)
            for n in range(2, len(chunks) + 1)
        ]
        pages = []
        for number, (chunk, url) in enumerate(zip(chunks, urls, strict=False), start=1):
            pagination = {
                "number": number,
                "count": len(chunks),
                "previous_url": urls[number - 2] if number > 1 else None,
                "next_url": urls[number] if number < len(chunks) else None,
            }
            pages.append(
                self._page(
                    f"{kind}_list",
                    lang,
                    url,
                    page_name=f"{kind}_list",
                    list_kind=kind,
                    list_items=chunk,
                    pagination=pagination,
                    list_url=base,
                )
            )
        return pages

    def _page(self, template, lang, url, **values):
        """One page to write; ``url`` is relative to SITEURL."""
        alternates = self._alternates(lang, url, values)
        switcher = self._switcher(lang, alternates, values)
        values = dict(values, lang=lang, page_url=url, alternates=alternates, switcher=switcher)
        values.update(finances.page_values(self.site, template, lang, values))  # the money of a campaign...
        item = values.get("item")
        if item is not None and item.source_path in self.site.newer:
            values["newer"] = self.site.newer[item.source_path]  # translations changed since (validation)
        name = save_as(url)
        key = reuse.page_key(self.site.plan, name, template, values)
        return Page(name, sanitised_join(self.output_path, name), template, values, key)

    def render(self, page):
        if self._read_items is not None:
            self._read_items.clear()
        self.site.publish_page(page.name, page.key, self.build.get_template(page.template), self.context, page.values)
        if self._read_items is not None:
            shown = [*reuse.declared(self.site, page.values), *self.site.plan.stable_pages]
            reuse.check_declared(page, shown, self._read_items)

    def _track_items(self):
        """Note every item a template reads (``x.title`` in Jinja is ``env.getattr(x, "title")``):
        a check of the pages' declared inputs, for the tests, never in a real build."""
        env, read = self.env, self._read_items
        getattr_, getitem = env.getattr, env.getitem

        def tracking_getattr(obj, attribute):
            if isinstance(obj, Item):
                read.add(obj)
            try:  # Jinja's own first try, inline: this runs for every ``x.y`` of every page
                return getattr(obj, attribute)
            except AttributeError:
                return getattr_(obj, attribute)

        def tracking_getitem(obj, argument):
            if isinstance(obj, Item):
                read.add(obj)
            return getitem(obj, argument)

        env.getattr, env.getitem = tracking_getattr, tracking_getitem

    def _alternates(self, lang, url, values):
        """(lang, url) of this page in each language it exists in: the item's
        translations, or the same list or home page in every language."""
        item = values.get("item")
        if item is not None:
            return [(lang, url)] + [(t.lang, t.url) for t in item.translations]
        if url == "404.html" or values.get("pagination", {}).get("number", 1) > 1:
            return [(lang, url)]  # later pages of a list hold other items in each language
        name = values.get("page_name", "home")
        return [(other, page_url(name, other, self.settings)) for other in self.site.association.languages]

    def _switcher(self, lang, alternates, values):
        """Where the language switcher leads: the translation, else the same list,
        else that language's home."""
        found = dict(alternates)
        fallback = "home" if "item" in values or values.get("page_name") == "404" else values["page_name"]
        return [
            (other, found.get(other) or page_url(fallback, other, self.settings))
            for other in self.site.association.languages
            if other != lang
        ]
