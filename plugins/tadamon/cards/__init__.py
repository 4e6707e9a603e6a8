"""Stage: a 1200x630 PNG share card for every page, and what templates need
to announce it (Open Graph and Twitter tags, in ``partials/head-extra.html``).

``write``, which runs after the pages were written
(``tadamon.build`` calls ``cards`` after ``kinds`` and ``feeds``), takes every
page of the site model's ``pages`` (with its template values), draws the cards missing from the cache in a
pool of processes and puts every card at ``<page URL>card.png``.
"""

import logging
import os

from jinja2 import pass_context
from PIL import features

from tadamon import listed_alone
from tadamon.cards.pages import card_page, card_url, describe
from tadamon.cards.store import CardStore
from tadamon.errors import SetupError
from tadamon.i18n import open_graph_locale
from tadamon.site import site_of

logger = logging.getLogger(__name__)

FONTS = ("IBMPlexSansArabic-Bold.ttf", "IBMPlexSansArabic-Regular.ttf")


def check_raqm():
    """Arabic needs libraqm (in Pillow's wheels), which needs FriBiDi at run time.

    Checked when a card is to be drawn: loading it (with FreeType and HarfBuzz)
    costs 1.5 MB, which a build whose cards are all in the cache need not pay."""
    if not features.check("raqm"):
        raise SetupError(
            "share cards need Pillow's libraqm to shape Arabic, and it cannot load: "
            "install FriBiDi (Debian/Ubuntu: apt-get install libfribidi0; macOS: brew install fribidi)"
        )


class Cards:
    """The share cards of the build's pages, drawn in a pool of processes and kept in their store."""

    def __init__(self, build):
        settings = build.settings
        cache = settings.get("TADAMON_CARDS_CACHE") or os.path.join(settings["CACHE_PATH"], "cards")
        self.build, self.site = build, build.site
        self.store = CardStore(os.path.abspath(cache), self.site.cache, settings.get("TADAMON_CARDS_WORKERS"))
        fonts = settings.get("TADAMON_CARDS_FONTS") or [os.path.join(build.theme, "fonts-cards", f) for f in FONTS]
        self.look = {"colours": tuple(settings["TADAMON_CARDS_COLOURS"]), "fonts": tuple(fonts)}

    def collect(self, values):
        """Plan the card of a page."""
        settings = self.build.settings
        url = card_url(card_page(values, settings)[1])
        if url in self.store.cards:
            return
        if "logo" not in self.look:
            logo = self.site.association.logo
            self.look["logo"] = os.path.join(self.build.path, logo) if logo else ""
        self.store.add(url, describe(values, settings, self.build.context, self.look))

    def write(self):
        """The cards of every page written before this stage (``tadamon.build``'s order)."""
        for _path, values in self.site.pages:
            self.collect(values)
        store = self.store
        if not store.cards:
            return
        if store.pending:
            check_raqm()
        store.render()
        store.publish(self.site.output, self.site.plan)
        store.finish(self.build.settings)
        stats = {"cards": len(set(store.cards.values())), "rendered": store.rendered, "reused": len(store.reused)}
        self.site.stats["cards"] = stats
        logger.info("Share cards: %d drawn, %d reused from the cache", stats["rendered"], stats["reused"])


def write(build):
    Cards(build).write()


def install(generator):
    """Template globals: the card of the page being rendered, and Open Graph locales."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings

    @pass_context
    def share_card_url(ctx):
        return card_url(card_page(ctx, settings)[1])

    @pass_context
    def og_locale(ctx, lang):
        return open_graph_locale(site_of(ctx).i18n.locale(lang))

    env.globals.update(share_card_url=share_card_url, og_locale=og_locale)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
