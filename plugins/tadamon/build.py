"""The build: one generator whose stages are called in order, in plain code.

Pelican runs the build; Tadamon takes over at three of its signals, which
``tadamon.register`` connects (and nothing else does):

1. ``initialized``: the settings: Tadamon's, typed, with their defaults; the
   language and time zone of association.yml (also Pelican's ``DEFAULT_LANG``
   and ``TIMEZONE``); what Pelican must leave to Tadamon (the static files,
   the output folder: ``tadamon.adapter``).
2. ``get_generators``: ``Build``, the one generator, and the build's ``Output``.
3. ``finalized``: every generator (other plugins' too) has written: the
   output folder is synced (what this build did not write is removed). A
   build that fails before this point removes nothing.

``Build.generate_context`` reads (Tadamon's own reader of Markdown with YAML
front matter, into typed items: ``tadamon.kinds``); then
``Build.generate_output`` takes the static files, stops on any content mistake
before anything is written, and calls the producers in order. Each stage is a
sub-package with one concern; this module only says when.
"""

import os
import weakref

from pelican.generators import Generator

# The output folder of each build being run, by its Pelican object: weak, so
# that nothing of a build outlives it (Build finds it by its settings, which are
# the Pelican object's own; ``finished`` syncs it).
OUTPUTS = weakref.WeakKeyDictionary()


def initialized(pelican):
    from tadamon import _setup

    _setup(pelican)  # first: it stops the build if a stage cannot be imported


def generators(pelican):
    """Tadamon's one generator; and the build's output folder."""
    from tadamon.output import Output

    settings = pelican.settings
    OUTPUTS[pelican] = Output(
        pelican.output_path,
        publish=not settings.get("TADAMON_DRY_RUN"),
        retention=settings.get("OUTPUT_RETENTION", ()),
        cache=settings["CACHE_PATH"],
    )
    return Build


def finished(pelican):
    """Every generator has written: remove from the output what this build did not write."""
    output = OUTPUTS.pop(pelican, None)
    if output is not None:
        output.finish()


class Build(Generator):
    """Tadamon's generator: reads the association and every item, then writes the site."""

    def __init__(self, *args, **kwargs):
        from tadamon import calendar, cards, feeds, i18n, images, outreach, search, structured, video
        from tadamon.kinds import templating
        from tadamon.site import site_of

        super().__init__(*args, **kwargs)
        self.site = site_of(self.context)
        templating.install(self)
        for stage in (i18n, images, feeds, calendar, structured, cards, search, outreach, video):
            stage.install(self)  # the filters and globals its templates use
        self.kinds = None

    def get_files(self, paths, exclude=None, extensions=None):
        """Pelican's, confined to content/ (``tadamon.files``)."""
        from tadamon import files

        return files.get_files(self, paths, exclude, extensions)

    def generate_context(self):
        """Reading, in order: the association, the theme's catalogs, every item."""
        from tadamon import association, finances, search
        from tadamon.i18n import I18n
        from tadamon.images import Pictures
        from tadamon.kinds.generator import Kinds

        site = self.site
        association.read(site, self.path)
        self.context["association"] = site.association
        site.i18n = I18n(site, os.path.join(self.theme, "translations"))
        # Also a template variable: the theme's header shows the logo's icons.
        site.pictures = self.context["pictures"] = Pictures(self.settings, self.path, site.cache)
        self.kinds = Kinds(self)
        self.kinds.read()
        finances.read(site)  # after the items: its lines name campaigns and projects
        if search.enabled(self.settings):
            site.search = search.Pages(self)

    def generate_output(self, writer):
        """Every generator has read: the static files and photos, validation (a
        mistake stops the build before anything is written), then the producers,
        in order."""
        from tadamon import (
            admin,
            calendar,
            cards,
            digest,
            feeds,
            finances,
            hosting,
            images,
            output,
            search,
            sitemap,
            validation,
            video,
        )

        site = self.site
        site.static = output.static_files(self)
        images.take_images(self)
        site.pictures.encode(site.problems)
        warnings = validation.stop_on_problems(site)
        site.output = next(o for p, o in OUTPUTS.items() if p.settings is self.settings)

        share_cards = cards.Cards(self)  # on a first build, its workers start now: this process is small
        try:
            self.kinds.write()  # the pages of every item, list and home
            validation.warn(warnings)  # once the pages are written: a save shows sooner
            finances.write(self)  # each year's report pages, open data and documents
            site.pictures.publish(site.plan)
            feeds.write(self)
            calendar.write(self)
            share_cards.write()  # the cards and the sitemap act on the pages written before them
            video.write(self)  # the posters of videos in bodies
            sitemap.write(self)
            hosting.write(self)
            admin.write(self)  # the in-browser editor (/admin/), generated from the content contract
            search.write(self)  # Pagefind over the item pages written above
            digest.write(self)  # tadamon digest's newsletter, outside the output (a dry run)
            output.copy_static(self)
            site.finish()  # the last of Tadamon's producers
        finally:
            share_cards.close()
