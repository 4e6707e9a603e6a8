"""Stage: Atom and RSS feeds per language, their announcement in every page's
<head>, and a "follow us" page per language.

Feeds (``feed.FEEDS``): everything but pages, activities, campaigns, open
volunteer calls and news, at ``TADAMON_URLS["feed_atom"]``/``["feed_rss"]``.
Templates get ``feeds_of(page_name)``: the feeds a page announces.
"""

from jinja2 import pass_context
from pelican.utils import sanitised_join

from tadamon import listed_alone
from tadamon.feeds.feed import FEED_OF_PAGE, FEEDS, FeedWriter, describe
from tadamon.kinds.contents import page_url, save_as
from tadamon.site import page_in_languages


def write(build):
    """The feeds of every language, and the follow pages that list them."""
    site = build.site
    if not site.read:
        return
    languages = site.association.languages
    feeds = FeedWriter(build.context, build.settings)
    for lang in languages:
        for name in FEEDS:
            feeds.write(name, lang)
    template = build.get_template("follow")
    for lang in languages:
        url = page_url("follow", lang, build.settings)
        alternates = [(other, page_url("follow", other, build.settings)) for other in languages]
        feeds_of_lang = [describe(name, lang, build.context, build.settings) for name in FEEDS]
        values = page_in_languages(lang, url, "follow", alternates, feeds=feeds_of_lang)
        key = site.plan.add(save_as(url), "follow", site.plan.encoded(values))
        site.publish_page(save_as(url), key, template, build.context, values)
        site.pages.append((sanitised_join(build.output_path, save_as(url)), values))


def install(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    described = {}  # (name, lang) -> Feed, for this build: every page asks

    @pass_context
    def feeds_of(ctx, page_name=None):
        """The feeds a page announces: its language's feed of everything, and the
        feed of the kind the page shows (all of them on the follow page)."""
        lang = ctx["lang"]
        if page_name == "follow":
            names = list(FEEDS)
        else:
            names = ["all"] + ([FEED_OF_PAGE[page_name]] if page_name in FEED_OF_PAGE else [])
        for name in names:
            if (name, lang) not in described:
                described[name, lang] = describe(name, lang, generator.context, generator.settings)
        return [described[name, lang] for name in names]

    env.globals["feeds_of"] = feeds_of


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
