"""The site model: what the stages of one build know and hand to each other.

One ``Site`` per build, made when Pelican makes its first generator and kept
in the build's context under one key (Pelican's context is new at every
build, so nothing survives it). The stages fill it in their order:

- association: ``association`` (association.yml, partners.yml);
- i18n: ``i18n`` (the theme's catalogs, dates and numbers per language);
- every stage while reading: ``problems`` (validation raises them all);
- kinds: ``items`` by language and kind in list order, ``all_items``,
  ``build_time``, each item's translations and related items; ``sources``
  (every item, drafts too, by its file) and ``linked_files`` (the files of
  content/ that bodies link to with ``{static}``);
- kinds and feeds: ``pages``, every HTML page with its template values, which
  cards, the sitemap and search take (``tadamon.build`` runs them after);
- finances: ``finances``, each year's accounts (``tadamon.finances``);
- images: ``pictures``; output: ``static`` (the static files of content/ and the theme);
- validation: ``newer``, the translations changed after a file (its page says so);
- search: ``search`` (the item
  pages written so far, by language: a language's index starts as soon as
  they are all written).

and read it, never Pelican's context, for what another stage made. The
templates get some of them as variables (``association``, ``items``,
``build_time``, ``pictures``).
``cache`` is the build's one cache (``tadamon.cache``); ``plan`` the files
made from the model, each with the key of its declared inputs (``tadamon.plan``).
"""

from tadamon.cache import Cache
from tadamon.errors import SetupError

KEY = "tadamon"  # the one key of Pelican's context Tadamon uses for its own


def page_in_languages(lang, url, page_name, alternates, **values):
    """The template values of a page that exists in each of ``alternates`` [(lang, url)]:
    its language, URL and name, its translations and the language switcher's links."""
    switcher = [pair for pair in alternates if pair[0] != lang]
    return dict(values, lang=lang, page_url=url, page_name=page_name, alternates=alternates, switcher=switcher)


def page_context(name, context, values):
    """What a page's template sees: the build's context, the page's values, its file."""
    local = dict(context, localsiteurl=context.get("localsiteurl"), output_file=name)
    local.update(values)
    return local


class Site:
    def __init__(self, settings):
        self.settings = settings  # the build's (Pelican's context holds them all)
        self.cache = Cache(settings["CACHE_PATH"])
        self.problems = []
        self.association = None
        self.i18n = None  # tadamon.i18n.I18n: the theme's catalogs, dates and numbers per language
        self.build_time = None
        self.items = {}  # lang -> kind -> items, in list order
        self.all_items = []  # every published item, by (kind, slug, lang)
        self.sources = {}  # absolute source path -> item, drafts too ({filename} links)
        self.linked_files = set()  # absolute paths of the files bodies link to ({static})
        self.finances = {}  # year -> tadamon.finances.model.Year (finances/<year>.yml)
        self.pictures = None
        self.static = None  # (source file, URL) of the static and theme files
        self.pages = []  # (output file, template values) of every HTML page, rendered or from the cache
        self.output = None  # tadamon.output.Output: where producers write, once writing starts
        self.search = None  # tadamon.search.Pages: the item pages Pagefind indexes, by language
        self.qr = None  # tadamon.outreach.qr.Codes: the QR codes of the posters and transfers
        self.newer = {}  # source path -> [(lang, url)] of its translations changed since (validation)
        self.stats = {}  # figures of the stages, for the log and the benchmark
        self._plan = None

    @property
    def plan(self):
        """The files producers make from the model (``tadamon.plan``), once reading is over."""
        if self._plan is None:
            from tadamon.plan import Plan

            self._plan = Plan(self, self.settings)
        return self._plan

    def publish_page(self, name, key, template, context, values, cached=None):
        """Publish an HTML page (``name``, relative to the output folder) through the
        plan: ``cached`` (the store's file for ``key``, from ``Plan.cached``) as it
        is, else rendered from ``template`` with the build's context and the page's
        values. Search and other plugins are told it is written."""
        local = page_context(name, context, values)
        self.plan.publish(name, key, lambda: template.render(local).encode("utf-8"), source=cached)
        self.page_written(name, local)

    def page_written(self, name, local):
        """A page is in the output: search indexes it; other plugins are told, as Pelican's writer does."""
        from pelican import signals

        path = self.output.path(name)
        if self.search is not None:
            self.search.page_written(path, local)
        signals.content_written.send(path, context=local)

    def finish(self):
        """Tadamon's producers are done: forget what this build did not plan, keep the digests.
        With ``TADAMON_CHECK_DEPENDENCIES`` (the tests), a file written without a plan stops the build."""
        if self._plan is not None:
            unplanned = self._plan.unplanned(self.output) if self.settings.get("TADAMON_CHECK_DEPENDENCIES") else []
            if unplanned:
                raise SetupError(f"files written without a plan (site.plan.add): {', '.join(unplanned[:10])}")
            self._plan.finish()
        self.cache.save()

    @property
    def read(self):
        """Reading is over without a mistake: the model is complete."""
        return self.association is not None and bool(self.items) and not self.problems


def site_of(context):
    """The build's ``Site``, from Pelican's context (or a page's copy of it)."""
    site = context.get(KEY)
    if site is None:
        site = context[KEY] = Site(context)
    return site
