"""Tadamon: one Pelican plugin for association sites (``PLUGINS = ["tadamon"]``).

``register()`` connects the three Pelican signals at which Tadamon takes over;
``tadamon.build`` then calls the stages in order, in plain code. Each stage
is a sub-package with one concern; shared pieces (errors, typed fields,
settings) live beside them. Nothing is imported here at module level:
``tadamon init`` and the ``tadamon`` command start fast.
"""

import importlib
from pathlib import Path

__version__ = "0.9.0"  # the one place to bump for a release (docs/architecture.md, "Releasing")

# Every stage, in the order tadamon.build calls them: each must import, or the build stops.
STAGES = (
    "tadamon.association",
    "tadamon.i18n",
    "tadamon.kinds",
    "tadamon.finances",
    "tadamon.images",
    "tadamon.feeds",
    "tadamon.calendar",
    "tadamon.structured",
    "tadamon.cards",
    "tadamon.outreach",
    "tadamon.video",
    "tadamon.digest",
    "tadamon.sitemap",
    "tadamon.hosting",
    "tadamon.admin",
    "tadamon.search",
    "tadamon.validation",
    "tadamon.output",
)


def register():
    """Pelican's entry point for ``PLUGINS = ["tadamon"]``: the only signal
    connections of the plugin (what runs at each: ``tadamon.build``)."""
    from pelican import signals

    from tadamon import build

    signals.initialized.connect(build.initialized)
    signals.get_generators.connect(build.generators)
    signals.finalized.connect(build.finished)


def _check_stages():
    """Every stage imports. (Pelican would log a plugin that fails and build a
    near-empty site, exit status 0: the build stops instead.)"""
    from tadamon.errors import SetupError, _

    for stage in STAGES:
        try:
            importlib.import_module(stage)
        except Exception as error:
            raise SetupError(
                _("Tadamon could not wire its stage {stage}: {error}", stage=stage, error=repr(error))
            ) from error


def _setup(pelican):
    """The settings step, before any stage: refuse an old PLUGINS list, check the
    stages, check and complete the settings, take over what Pelican must leave to Tadamon."""
    from tadamon import adapter, association, memory, settings

    memory.one_arena()
    _refuse_sub_packages(pelican)
    _check_stages()
    settings.apply(pelican.settings)
    association.configure(pelican.settings)
    settings.take_over(pelican.settings)
    adapter.keep_output_folder(pelican)
    adapter.say_again_each_build()
    if _is_pelicans_default_theme(pelican.settings["THEME"]):
        adapter.use_theme(pelican, str(theme_path()))  # a site that names no theme gets Tadamon's


def listed_alone():
    """What a sub-package's ``register()`` does when PLUGINS names it (the old
    way): Tadamon's wiring, whose first step stops the build, saying what to write instead."""
    register()


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
