"""Tadamon: one Pelican plugin for association sites (``PLUGINS = ["tadamon"]``).

``register()`` wires the stages in the order their handlers must run; each
stage is a sub-package with one concern and a ``connect()`` function. Shared
pieces (errors, typed fields, settings) live beside them. Nothing is imported
here at module level: ``tadamon init`` and the ``tadamon`` command start fast.
"""

import importlib
from pathlib import Path

__version__ = "0.9.0"  # the one place to bump for a release (docs/architecture.md, "Releasing")

# Every stage's wiring function, in the order Pelican must call the handlers
# they connect: for one signal, handlers run in the order they were connected.
STAGES = (
    # First: the typed settings are applied before this, and association.yml
    # gives the languages and time zone every other stage reads.
    "tadamon.association.connect",
    "tadamon.i18n.connect",
    "tadamon.kinds.connect",
    # Images before feeds: a feed's enclosure gives the published photo's size in bytes.
    "tadamon.images.connect",
    "tadamon.feeds.connect",
    "tadamon.calendar.connect",
    "tadamon.structured.connect",
    # Cards and the sitemap after every stage that writes pages: they act on
    # the pages written before them.
    "tadamon.cards.connect",
    "tadamon.sitemap.connect",
    "tadamon.hosting.connect",
    # The in-browser editor (/admin/), generated from the content contract.
    "tadamon.admin.connect",
    # Search (Pagefind) over the pages written above, and the lists' filters.
    "tadamon.search.connect",
    # Always on: a content mistake stops the build before anything is written.
    "tadamon.validation.connect",
    # Last: publishes what the stages above wrote.
    "tadamon.output.connect",
)


def register():
    """Pelican's entry point for ``PLUGINS = ["tadamon"]``."""
    from pelican import signals

    signals.initialized.connect(_setup)
    try:
        for stage in STAGES:
            _wiring(stage)()
    except Exception:
        # Pelican logs a plugin whose register() fails and builds without it:
        # a near-empty site, exit status 0. Stop the build instead.
        signals.initialized.connect(_refuse_broken_wiring)
        raise


def _wiring(stage):
    module, _, function = stage.rpartition(".")
    return getattr(importlib.import_module(module), function)


def _refuse_broken_wiring(pelican):
    from tadamon.errors import SetupError, _

    if "tadamon" in (pelican.settings.get("PLUGINS") or ()):
        return  # this build's wiring went well
    for stage in STAGES:
        try:
            _wiring(stage)
        except Exception as error:
            raise SetupError(
                _("Tadamon could not wire its stage {stage}: {error}", stage=stage, error=repr(error))
            ) from error
    raise SetupError(_("Tadamon could not wire its stages: see the error above."))


def _setup(pelican):
    """Before any stage: refuse an old PLUGINS list, check and complete the settings."""
    from tadamon import settings

    _refuse_sub_packages(pelican)
    settings.apply(pelican.settings)
    # Pelican's own caches are never loaded: a damaged one (an interrupted save, a bad
    # restore) stops Pelican with a traceback. Tadamon keeps what it reads in its own
    # (tadamon.kinds.bodycache), where a damaged file is a miss.
    pelican.settings["LOAD_CONTENT_CACHE"] = False
    if _is_pelicans_default_theme(pelican.settings["THEME"]):
        # A site that names no theme gets the one shipped with the package.
        pelican.settings["THEME"] = pelican.theme = str(theme_path())


def listed_alone():
    """What a sub-package's ``register()`` does when PLUGINS names it (the old
    way): the build stops before it starts, saying what to write instead."""
    from pelican import signals

    signals.initialized.connect(_refuse_sub_packages)


def _refuse_sub_packages(pelican):
    from tadamon.errors import SetupError, _

    listed = [name for name in pelican.settings.get("PLUGINS") or () if str(name).startswith("tadamon.")]
    if listed:
        raise SetupError(
            _(
                "PLUGINS lists parts of Tadamon on their own ({listed}); Tadamon is now one plugin "
                'that wires its parts in order. Write instead: PLUGINS = ["tadamon"]',
                listed=", ".join(listed),
            )
        )


def theme_path():
    """The theme shipped with Tadamon: inside the installed package, else (in
    this repository) the ``themes/tadamon`` folder beside ``plugins/``."""
    here = Path(__file__).resolve().parent
    installed = here / "theme"
    return installed if (installed / "templates").is_dir() else here.parent.parent / "themes" / "tadamon"


def _is_pelicans_default_theme(theme):
    from pelican.settings import DEFAULT_THEME

    return Path(theme).resolve() == Path(DEFAULT_THEME).resolve()
