"""The build, in the order its stages run.

Pelican runs the build; Tadamon takes over at seven of its signals, which
``tadamon.register`` connects (and nothing else does). At each, the
functions below call the stages in order, in plain code:

1. ``initialized``: the settings (typed, with their defaults) and the output
   folder's rule (Tadamon removes what is stale, never the whole folder).
2. ``readers_init``: Tadamon's reader of Markdown with YAML front matter.
3. ``get_generators``: the stages that read and write, in this order:
   association, i18n, kinds (reading every item), images, feeds, calendar,
   cards, sitemap, hosting, admin, search, and the static files last (they
   sync the output folder: ``Site.finish``).
4. ``generator_init``: what every generator's templates get (filters,
   globals), stage by stage; every generator finds files inside content/ only.
5. ``all_generators_finalized``: reading is over: the photos are taken from
   Pelican's copies and encoded, every content mistake stops the build
   (validation), Pelican's copies are taken over, and writing starts.
6. ``content_written``: a page in the output, which search indexes.
7. ``finalized``: every generator (other plugins' too) has written: the
   output folder is synced (what this build did not write is removed).
   A build that fails before this point removes nothing.

Each stage is a sub-package with one concern; this module only says when.
"""

import weakref

from pelican.generators import StaticGenerator

# The output folder of each build being run, by its Pelican object: weak, so
# that nothing of a build outlives it (its generators find it by their settings,
# which are the Pelican object's own).
OUTPUTS = weakref.WeakKeyDictionary()


def initialized(pelican):
    from tadamon import _setup

    _setup(pelican)  # first: it stops the build if a stage cannot be imported
    from tadamon.output import initialized as output_rule

    output_rule(pelican)


def add_reader(readers):
    from tadamon.kinds import add_reader

    add_reader(readers)


def generators(pelican):
    """The generator of each stage, in the order Pelican must run them; and the build's output folder."""
    from tadamon.output import Output

    settings = pelican.settings
    OUTPUTS[pelican] = Output(
        pelican.output_path,
        publish=not settings.get("TADAMON_DRY_RUN"),
        retention=settings.get("OUTPUT_RETENTION", ()),
    )
    from tadamon.admin import AdminGenerator
    from tadamon.association import AssociationGenerator
    from tadamon.calendar import CalendarGenerator
    from tadamon.cards import CardsGenerator
    from tadamon.feeds import FeedsGenerator
    from tadamon.hosting import HostingGenerator
    from tadamon.i18n import I18nGenerator
    from tadamon.images import ImagesGenerator
    from tadamon.kinds.generator import KindsGenerator
    from tadamon.output import StaticFiles
    from tadamon.search import SearchGenerator
    from tadamon.sitemap import SitemapGenerator

    return [
        AssociationGenerator,  # association.yml first: the languages and time zone every stage reads
        I18nGenerator,
        KindsGenerator,
        # Images before feeds: a feed's enclosure gives the published photo's size in bytes.
        ImagesGenerator,
        FeedsGenerator,
        CalendarGenerator,
        # Cards and the sitemap after every stage that writes pages: they act on the pages written before them.
        CardsGenerator,
        SitemapGenerator,
        HostingGenerator,
        AdminGenerator,  # the in-browser editor (/admin/), generated from the content contract
        SearchGenerator,  # Pagefind over the pages written above
        StaticFiles,  # last: it copies the static files and syncs the output folder
    ]


def generator_made(generator):
    """Every generator (Pelican's own too): its files, and its templates' filters and globals."""
    from tadamon import calendar, cards, feeds, files, i18n, images, outreach, search, structured

    i18n.install(generator)
    files.confine(generator)
    for stage in (images, feeds, calendar, structured, cards, search, outreach):
        stage.install(generator)


def reading_done(generators):
    """Every generator has read: photos, then validation, then writing starts."""
    from tadamon import images, output, validation
    from tadamon.site import site_of

    static = next((g for g in generators if isinstance(g, StaticGenerator)), None)
    if static is not None:
        images.take_images(static)
    images.encode_photos(generators)
    validation.stop_on_problems(generators)
    output.take_static(generators)
    settings = generators[0].settings
    site_of(generators[0].context).output = next(o for p, o in OUTPUTS.items() if p.settings is settings)


def page_written(path, context):
    from tadamon import search

    search.page_written(path, context)


def finished(pelican):
    """Every generator has written: remove from the output what this build did not write."""
    output = OUTPUTS.pop(pelican, None)
    if output is not None:
        output.finish()
