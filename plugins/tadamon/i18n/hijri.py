"""Hijri dates beside the Gregorian dates people read (``hijri: true`` in association.yml).

The Umm al-Qura calendar (Saudi Arabia's official one, which most Gulf
institutions use) computed at build time by ``hijridate``; ``hijri_adjust``
(-2..2 days) follows local moon sighting: with -1, where the month starts one
day later than in Umm al-Qura, a day's Hijri date is Umm al-Qura's of the day
before. Only what people read changes: ``<time datetime>``, feeds, calendars
and JSON-LD stay Gregorian.

Month names and the format are the theme's words (its catalogs, extracted from
this file by tools/messages.py): Arabic names in Arabic, the usual
transliteration in French and English.
"""

import datetime

from hijridate import Gregorian


def N_(message):
    """Mark a theme string for extraction; translated when shown (i18n.I18n.hijri)."""
    return message


MONTHS = (
    N_("Muharram"),
    N_("Safar"),
    N_("Rabi’ al-Awwal"),
    N_("Rabi’ al-Thani"),
    N_("Jumada al-Ula"),
    N_("Jumada al-Akhirah"),
    N_("Rajab"),
    N_("Sha’ban"),
    N_("Ramadan"),
    N_("Shawwal"),
    N_("Dhu al-Qa’dah"),
    N_("Dhu al-Hijjah"),
)
# The Hijri date as written beside a Gregorian one ("AH": anno Hegirae).
FORMAT = N_("%(day)s %(month)s %(year)s AH")


def hijri_date(day, adjust=0):
    """(year, month, day) of ``day`` (a date) in the Umm al-Qura calendar, moved by
    ``adjust`` days; None outside the years the calendar's tables cover (1924-2077)."""
    try:
        found = Gregorian.fromdate(day + datetime.timedelta(days=adjust)).to_hijri()
    except (OverflowError, ValueError):
        return None
    return found.year, found.month, found.day
