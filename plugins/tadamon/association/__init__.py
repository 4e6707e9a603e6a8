"""Stage: reads association.yml and partners.yml once per build.

``read`` puts the association in the site model (``tadamon.site``), with its
problems, before any item is read; templates get it as ``association``.
``configure``, at the settings step, gives Pelican's settings the site's first
language and time zone (``DEFAULT_LANG``, ``TIMEZONE``), which Pelican and
the templates read; Tadamon's stages read the site's ``Config``.
"""

from tadamon import listed_alone, report
from tadamon.association import demo
from tadamon.association.model import Association, load
from tadamon.config import Config, Language

__all__ = ["Association", "configure", "read"]


def configure(settings):
    """The settings step: the site's Config (``tadamon.config``), with the languages
    and time zone of association.yml (a file with mistakes gives the defaults
    here; ``read`` reports them)."""
    association, _problems = load(settings["PATH"])
    config = Config(siteurl=settings["SITEURL"], default_lang=settings["DEFAULT_LANG"])
    if association is not None:
        languages = tuple(Language(code) for code in association.languages)
        config = Config(
            siteurl=settings["SITEURL"],
            default_lang=association.default_lang,
            languages=languages,
            timezone=association.timezone,
        )
        settings["DEFAULT_LANG"] = association.default_lang
        settings["TIMEZONE"] = association.timezone.key
    settings["TADAMON_CONFIG"] = config


def read(site, content_path):
    association, problems = load(content_path)
    site.problems.extend(problems)
    for warning in demo.warnings(content_path):
        report.warn(warning)
    site.association = association


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
