"""Which card a page shares, and what that card says in the page's language.

The card's URL is a pure function of the page (``card_page`` then
``card_url``), so that templates know it while the page is rendered, before
any card is drawn: ``fr/activities/x/`` shares ``fr/activities/x/card.png``.
The later pages of a list share the card of its first page, and the 404 page
that of the home page in the default language.
"""

import os
import posixpath
from dataclasses import dataclass

from tadamon.association.model import Association
from tadamon.config import config_of
from tadamon.formats import CARD, has
from tadamon.kinds.contents import page_url
from tadamon.kinds.facts import facts
from tadamon.kinds.templating import LIST_TITLES
from tadamon.site import site_of

# Msgids of the small label above the title, per kind (theme catalogs).
KIND_LABELS = {
    "activity": "Activity",
    "project": "Project",
    "campaign": "Donation campaign",
    "volunteer": "Volunteer call",
    "news": "News",
}


@dataclass(frozen=True)
class Card:
    """Everything that shapes one card; its cache key is a digest of this."""

    lang: str
    direction: str  # "rtl" or "ltr"
    site_name: str
    title: str
    label: str = ""  # the kind of page ("Activity"), above the title
    lines: tuple = ()  # short facts under the title (date, place, mode...)
    progress: float | None = None  # a campaign's bar, 0 to 1
    progress_text: str = ""
    logo: str = ""  # absolute paths; digests of their bytes go in the key
    picture: str = ""
    colours: tuple = ("#0f766e", "#1f2937", "#b45309")  # primary, text, accent
    fonts: tuple = ("", "")  # bold, regular


def card_page(values, settings):
    """(lang, URL) of the page whose card a rendered page shares: its own, its
    list's, or its language's home page's (an item of a kind without cards:
    ``tadamon.formats``)."""
    if values.get("page_name") == "404":
        lang = config_of(settings).default_lang
        return lang, page_url("home", lang, settings)
    item = values.get("item")
    if item is not None and not has(item.kind, CARD):
        return values["lang"], page_url("home", values["lang"], settings)
    return values["lang"], values.get("list_url") or values["page_url"]


def card_url(url):
    """URL (relative to SITEURL) of the card of the page at ``url``."""
    if url == "" or url.endswith("/"):
        return url + "card.png"
    return posixpath.splitext(url)[0] + ".card.png"


def describe(values, settings, context, look):
    """The Card of a rendered page, from its template variables.

    ``look`` holds what every card shares: colours, fonts, logo path.
    """
    association = site_of(context).association
    i18n = site_of(context).i18n
    lang, _url = card_page(values, settings)
    _ = i18n.translations(lang).ugettext
    name = association.name.get_text(lang)
    tagline = association.tagline.get_text(lang) if association.tagline else ""
    item = values.get("item")
    card = {"title": name, "label": "", "lines": (), "picture": ""}
    if item is not None:
        card.update(title=item.title, label=_(KIND_LABELS[item.kind]) if item.kind in KIND_LABELS else "")
        card.update(_lines(item, facts(item, i18n), _))
        if item.image:
            card["picture"] = os.path.join(settings["PATH"], item.image.path)
    elif values.get("list_kind") and values.get("page_name") != "404":
        card.update(title=_(LIST_TITLES[values["list_kind"]]), lines=(tagline or name,))
    elif values.get("page_name") == "finances":  # a year's report (tadamon.finances)
        card.update(title=_("Accounts %(year)s") % {"year": values["report"]["year"]}, lines=(tagline or name,))
    elif values.get("page_name") == "follow":  # its own card, not the home page's
        card.update(title=_("Follow us"), lines=(tagline or name,))
    elif tagline:
        card.update(title=tagline)
    return Card(
        lang=lang,
        direction=Association.direction(lang),
        site_name=name,
        logo=look["logo"],
        colours=look["colours"],
        fonts=look["fonts"],
        **card,
    )


def _lines(item, said, _):
    """The lines under an item's title, and a campaign's progress."""
    kind = item.kind
    if kind == "activity":
        return {"lines": tuple(fact for fact in (said.when, said.place) if fact)}
    if kind == "campaign":
        until = _("Until %(date)s") % {"date": said.deadline} if said.deadline else ""
        state = _("Closed") if said.closed else until
        return {
            "lines": (state,) if state else (),
            "progress": min(said.percent, 100) / 100,
            "progress_text": f"{said.percent_text}% · {said.raised}",
        }
    if kind == "volunteer":
        if said.closed:
            return {"lines": (_("Closed"),)}
        return {"lines": (said.mode, _("Apply by %(date)s") % {"date": said.deadline})}
    if kind == "project":
        return {"lines": (said.stage,)}
    if kind == "news":
        return {"lines": (said.date,)}
    return {"lines": (item.summary,) if item.summary else ()}
