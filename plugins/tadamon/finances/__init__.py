"""Stage: the finances (``content/finances/<year>.yml``): read and checked with the
content, then a report page per year and language, its open data (JSON and CSV)
and the documents it offers.

Two plain functions take the site model (``tadamon.site.Site``):

- ``read(site)``, once the items are read: every year's file into
  ``site.finances`` ({year: Year}), each mistake into ``site.problems``
  (validation stops the build with them all, before anything is written);
- ``write(site, templates, context)``, with the other producers: the report
  pages (``templates.get_template``: the build's theme), the data files and
  the documents, each through the plan.

``tadamon.build.Build`` calls them: ``read`` after the items, ``write`` after
their pages (and before the cards and the sitemap, which take the report pages).
"""

import logging

from pelican.utils import sanitised_join

from tadamon import fields as f
from tadamon import listed_alone
from tadamon import report as messages
from tadamon.errors import Problem, _, shown_path
from tadamon.finances import model, opendata
from tadamon.finances.report import data_url, money_trail, page_values, report_url, report_values
from tadamon.kinds.contents import save_as
from tadamon.site import page_in_languages

__all__ = ["page_values", "read", "write"]
logger = logging.getLogger(__name__)


def read(site):
    """Read and check every year's accounts into ``site.finances``."""
    association = site.association
    if association is None:
        return
    content = site.settings["PATH"]
    scope = f.Scope(association.default_lang, association.languages, association.timezone, content)
    years, problems = model.load_all(content, scope)
    if site.all_items:  # the items read without a mistake: the references can be checked
        problems += model.check_references(years, site.all_items, content)
    site.problems += problems
    site.finances = years


def warnings(site):
    """A campaign that spent more than it raised (the build goes on)."""
    for item in site.all_items:
        if item.kind != "campaign" or item.lang != site.association.default_lang:
            continue
        trail = money_trail(site, item)
        if trail and trail["spent"].amount > item.raised_amount:
            yield Problem(
                shown_path(site.settings["PATH"], item.source_path),
                _(
                    "the finances' spending lines that name this campaign add up to {spent}, "
                    "more than it raised ({raised})",
                    spent=model.shown_amount(trail["spent"].amount),
                    raised=model.shown_amount(item.raised_amount),
                ),
                "raised",
                fix=_("update raised: with the final figure, or check the campaign: of the spending lines"),
            )


def write(build):
    """The report pages, the open data and the documents of every year."""
    site, context = build.site, build.context
    if not site.read or not site.finances:
        return
    for warning in warnings(site):
        messages.warn(warning)
    settings, languages, plan = site.settings, site.association.languages, site.plan
    template = build.get_template("finances")
    for year in site.finances.values():
        for form, make in (("json", opendata.as_json), ("csv", opendata.as_csv)):
            url = data_url(year.year, form, settings)
            plan.publish(
                url,
                plan.add(url, site.cache.digest(year.path), languages),
                lambda m=make, y=year: m(y, languages),
            )
        for document in year.documents:
            plan.copy(document.file, sanitised_join(settings["PATH"], document.file), link=False)
        alternates = [(lang, report_url(year.year, lang, settings)) for lang in languages]
        for lang, url in alternates:
            values = page_in_languages(lang, url, "finances", alternates, report=report_values(site, year, lang))
            name = save_as(url)
            key = plan.add(name, "finances", plan.encoded(values))
            site.publish_page(name, key, template, context, values)
            site.pages.append((site.output.path(name), values))


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
