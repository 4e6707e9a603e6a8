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
from tadamon.kinds.contents import page_url
from tadamon.kinds.templating import LIST_TITLES, MODE_LABELS, STAGE_LABELS
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
    """(lang, URL) of the page whose card a rendered page shares."""
    if values.get("page_name") == "404":
        lang = settings["DEFAULT_LANG"]
        return lang, page_url("home", lang, settings)
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
        card.update(_facts(item, lang, i18n, _))
        if item.image:
            card["picture"] = os.path.join(settings["PATH"], item.image.path)
    elif values.get("list_kind") and values.get("page_name") != "404":
        card.update(title=_(LIST_TITLES[values["list_kind"]]), lines=(tagline or name,))
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


def _facts(item, lang, i18n, _):
    """The lines under an item's title, and a campaign's progress."""
    kind = item.kind
    if kind == "activity":
        when = i18n.date(item.start, lang, "full") if item.all_day else i18n.when(item.start, lang, "full")
        location = item.location
        place = location.name if location and location.name else (_("Online") if item.online else "")
        return {"lines": tuple(fact for fact in (when, place) if fact)}
    if kind == "campaign":
        raised = _("%(raised)s raised of %(goal)s") % {
            "raised": i18n.money(item.goal, lang, item.raised_amount),
            "goal": i18n.money(item.goal, lang),
        }
        if item.closed:
            state = _("Closed")
        elif item.deadline:
            state = _("Until %(date)s") % {"date": i18n.date(item.deadline, lang)}
        else:
            state = ""
        return {
            "lines": (state,) if state else (),
            "progress": min(item.percent, 100) / 100,
            "progress_text": f"{i18n.number(item.percent, lang)}% · {raised}",
        }
    if kind == "volunteer":
        if item.closed:
            return {"lines": (_("Closed"),)}
        return {"lines": (_(MODE_LABELS[item.mode]), _("Apply by %(date)s") % {"date": i18n.date(item.deadline, lang)})}
    if kind == "project":
        return {"lines": (_(STAGE_LABELS[item.stage]),)}
    if kind == "news":
        return {"lines": (i18n.date(item.date, lang),)}
    return {"lines": (item.summary,) if item.metadata.get("summary") else ()}
