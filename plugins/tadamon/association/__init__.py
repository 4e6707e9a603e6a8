"""Stage: reads association.yml and partners.yml once per build.

``AssociationGenerator`` loads them when it is created, before any generator
reads content, so that every other stage finds the association in the site
model (``tadamon.site``) and the site's languages and time zone in the settings;
templates get it as ``association``.
"""

from zoneinfo import ZoneInfo

from pelican.generators import Generator

from tadamon import listed_alone, report
from tadamon.association import demo
from tadamon.association.model import Association, load
from tadamon.site import site_of

__all__ = ["Association", "AssociationGenerator"]


class AssociationGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        association, problems = load(self.path)
        site = site_of(self.context)
        site.problems.extend(problems)
        for warning in demo.warnings(self.path):
            report.warn(warning)
        site.association = self.context["association"] = association
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


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
