"""What is said of an item before its body, in its language: when and where
(an activity), until when (a call, a campaign), the goal and what was raised
(a campaign), the way to take part (a call), the stage (a project).

Computed here once for every place that says it: the item's page and its card
in lists (the ``facts`` template global), its feed entry (``tadamon.feeds``),
its share card (``tadamon.cards``), its calendar event (``tadamon.calendar``)
and its JSON-LD (``tadamon.structured``), which take an activity's time and
place as typed values.
"""

import datetime
from dataclasses import dataclass

from tadamon.config import config_of
from tadamon.fields import Location
from tadamon.kinds.templating import MODE_LABELS, STAGE_LABELS


@dataclass(frozen=True)
class Facts:
    # An activity's time, as machines read it, in the site's time zone: its days
    # when it lasts all day (``end``: the last one), else its moments.
    start: datetime.date | None = None
    end: datetime.date | None = None  # None: the editor gave no end
    location: Location | None = None
    when: str = ""  # an activity's start in words (its day alone when it lasts all day)
    place: str = ""  # where: the location's name, else "Online" for an online activity
    address: str = ""
    online: str = ""  # an activity's online address
    deadline: str = ""  # a call's or campaign's last day, in words
    closed: bool = False
    goal: str = ""
    raised: str = ""  # "X raised of Y"
    percent: int = 0
    percent_text: str = ""  # the percent in the language's digits
    mode: str = ""  # a call's way to take part, in words
    stage: str = ""  # a project's stage, in words
    date: str = ""  # a news post's date, in words


def facts(item, i18n, form="full"):
    """The Facts of ``item`` in its own language; ``form``: of the dates (Babel's)."""
    lang = item.lang
    _ = i18n.translations(lang).ugettext
    kind = item.kind
    if kind == "activity":
        location = item.location
        zone = config_of(item.site.settings).timezone
        start, end = item.start.astimezone(zone), item.end and item.end.astimezone(zone)
        if item.all_day:
            start, end = start.date(), end and end.date()
        return Facts(
            start=start,
            end=end,
            location=location,
            when=i18n.date(item.start, lang, form) if item.all_day else i18n.when(item.start, lang, form),
            place=location.name if location and location.name else (_("Online") if item.online else ""),
            address=location.address if location else "",
            online=item.online or "",
        )
    deadline = i18n.date(item.deadline, lang) if item.deadline else ""
    if kind == "campaign":
        raised = _("%(raised)s raised of %(goal)s") % {
            "raised": i18n.money(item.goal, lang, item.raised_amount),
            "goal": i18n.money(item.goal, lang),
        }
        goal = i18n.money(item.goal, lang)
        return Facts(
            deadline=deadline,
            closed=item.closed,
            goal=goal,
            raised=raised,
            percent=item.percent,
            percent_text=i18n.number(item.percent, lang),
        )
    if kind == "volunteer":
        return Facts(deadline=deadline, closed=item.closed, mode=_(MODE_LABELS[item.mode]))
    if kind == "project":
        return Facts(stage=_(STAGE_LABELS[item.stage]))
    if kind == "news":
        return Facts(date=i18n.date(item.date, lang))
    return Facts()
