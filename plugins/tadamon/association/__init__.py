"""Stage: reads association.yml and partners.yml once per build.

``AssociationGenerator`` loads them when it is created, before any generator
reads content, so that every other plugin finds ``association`` in the
context and the site's languages and time zone in the settings.
"""

from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from tadamon import listed_alone, report
from tadamon.association import demo
from tadamon.association.model import Association, load
from tadamon.errors import problems_of

__all__ = ["Association", "AssociationGenerator", "connect"]


class AssociationGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        association, problems = load(self.path)
        problems_of(self.context).extend(problems)
        for warning in demo.warnings(self.path):
            report.warn(warning)
        self.context["association"] = association
        if association is not None:
            # Pelican's content classes read these; they come from association.yml.
            self.settings["DEFAULT_LANG"] = association.default_lang
            self.settings["TIMEZONE"] = association.timezone.key
            self.settings["TADAMON_LANGUAGES"] = association.languages
            self.settings["TADAMON_TIMEZONE"] = association.timezone
        else:
            self.settings["TADAMON_LANGUAGES"] = ()
            self.settings["TADAMON_TIMEZONE"] = ZoneInfo("UTC")
        for key in ("DEFAULT_LANG", "TIMEZONE", "TADAMON_LANGUAGES", "TADAMON_TIMEZONE"):
            self.context[key] = self.settings[key]


def _association_generator(pelican):
    return AssociationGenerator


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.get_generators.connect(_association_generator)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
