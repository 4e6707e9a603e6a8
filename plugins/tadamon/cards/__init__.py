"""Stage: a 1200x630 PNG share card for every page, and what templates need
to announce it (Open Graph and Twitter tags, in ``partials/head-extra.html``).

``write``, which runs after the pages were written
(``tadamon.build`` calls ``cards`` after ``kinds`` and ``feeds``), takes every
page of the site model's ``pages`` (with its template values), draws the cards missing from the cache in a
pool of processes and puts every card at ``<page URL>card.png``.

Describing an item's card (its facts in words, dates by Babel) costs more
than finding it in the cache: ``described.json`` in the cards' folder keeps,
for each item page, the card key its description gave, by what the
description is made of (the site-wide inputs of the plan, the item's digest,
the drawing code and the fonts' bytes). A build describes again only the
cards of items that changed; a missing or damaged file is a miss.
"""

import json
import logging
import os

from jinja2 import pass_context
from PIL import features

from tadamon import listed_alone
from tadamon.cache import fingerprint, load_object, write_whole
from tadamon.cards.pages import card_page, card_url, describe
from tadamon.cards.store import CardStore
from tadamon.errors import SetupError
from tadamon.i18n import open_graph_locale
from tadamon.site import site_of

logger = logging.getLogger(__name__)

FONTS = ("IBMPlexSansArabic-Bold.ttf", "IBMPlexSansArabic-Regular.ttf")
DESCRIBED = "described.json"


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
        self.described_path = os.path.join(self.store.cache_path, DESCRIBED)
        self.described_before = load_object(self.described_path) or {}
        self.described = {}  # this build's: description's key -> card key
        self._inputs = None

    def collect(self, values):
        """Plan the card of a page."""
        settings = self.build.settings
        url = card_url(card_page(values, settings)[1])
        if url in self.store.cards:
            return
        item = values.get("item")
        described = fingerprint(self._described_inputs(), self.site.plan.digest(item), url) if item else None
        known = self.described_before.get(described)
        if isinstance(known, str) and self.store.add_known(url, known):
            self.described[described] = known
            return
        if "logo" not in self.look:
            logo = self.site.association.logo
            self.look["logo"] = os.path.join(self.build.path, logo) if logo else ""
        key = self.store.add(url, describe(values, settings, self.build.context, self.look))
        if described:
            self.described[described] = key

    def _described_inputs(self):
        """What every item's card description is made of beyond the item (the
        theme's catalogs, the association, settings and code: the plan's site key)."""
        if self._inputs is None:
            fonts = [self.site.cache.digest(font) for font in self.look["fonts"]]
            self._inputs = fingerprint(self.site.plan.site_key(), self.store.code, fonts)
        return self._inputs

    def close(self):
        """The build is over, or failed: no worker forked ahead stays (``CardStore.close``)."""
        self.store.close()

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
        store.close()
        store.publish(self.site.plan)
        store.finish(self.build.settings)
        if self.described != self.described_before:
            write_whole(self.described_path, json.dumps(self.described, sort_keys=True).encode())
        stats = {"cards": len(set(store.cards.values())), "rendered": store.rendered, "reused": len(store.reused)}
        self.site.stats["cards"] = stats
        logger.info("Share cards: %d drawn, %d reused from the cache", stats["rendered"], stats["reused"])


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
