"""Micro-volunteering: which calls can be taken from home or in a few hours.

A call is *micro-volunteering* when its mode is ``remote`` or its commitment
is *short*. ``commitment`` is free text in each language ("2 hours a week",
"ساعتان في الأسبوع", "Un samedi, de 9 h à 13 h"), so "short" is a rule on
that text, meant to say "short" only when the text clearly does:

- it states a duration in minutes or hours (a number, or the words for one
  or two hours in Arabic, French or English), and the longest is at most
  ``TADAMON_SHORT_CALL_HOURS``;
- it names no longer span (a day, half a day, a night, a weekend, a month)
  other than as a rhythm ("per week", "par mois", "في الأسبوع");
- it gives no clock time ("de 9 h à 13 h", "14:30", "الساعة 9"): a shift at set
  hours is a time to be somewhere, and its length is not written as such.

Anything else is not short: a wrong "long" hides a badge, a wrong "short"
would promise a visitor something the call does not offer.
"""

import re

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
NUMBER = r"(\d+(?:[.,]\d+)?)"
HOURS = r"(?:h|hrs?|hours?|heures?|ساعات|ساعة)"
MINUTES = r"(?:min|mins|minutes?|دقائق|دقيقة)"
# A rhythm, not a length: "2 hours a week" is two hours.
RHYTHM = re.compile(
    r"\b(?:par|per|a|an|each|every|chaque|tous les|toutes les)\s+"
    r"(?:jours?|semaines?|mois|days?|weeks?|months?|weekends?|week-ends?)\b"
    r"|(?:في|كل)\s+(?:اليوم|الأسبوع|أسبوع|الشهر|شهر)|\b(?:يوميا|أسبوعيا|شهريا)",
    re.IGNORECASE,
)
LONGER = re.compile(
    r"\b(?:jours?|journées?|demi-journées?|days?|nuits?|nights?|week-?ends?|mois|months?|semaines?|weeks?)\b"
    r"|\b[وبل]?(?:يوم|أيام|يومين|يومان|ليلة|ليال|ليالي|شهر|أشهر|أسبوع|أسابيع|نهاية الأسبوع)\b",
    re.IGNORECASE,
)
CLOCK = re.compile(
    r"\d{1,2}:\d{2}"
    r"|\b\d{1,2}\s*h\s*\d{2}\b"
    r"|\b\d{1,2}\s*h\s*(?:à|a|-|–|to)\s*\d"
    r"|\b(?:à|de|dès|from|at|to|until|jusqu'à)\s+\d{1,2}\s*h\b"
    r"|الساعة\s*\d",
    re.IGNORECASE,
)
DURATION = re.compile(rf"{NUMBER}\s*({HOURS}|{MINUTES})(?!\w)", re.IGNORECASE)
# Durations written in words.
WORDS = (
    (re.compile(r"\b(?:une\s+demi-heure|half\s+an\s+hour|نصف\s+ساعة)", re.IGNORECASE), 0.5),
    (re.compile(r"\b[وبل]?(?:ساعتان|ساعتين)\b|\b(?:deux\s+heures|two\s+hours)\b", re.IGNORECASE), 2),
    (re.compile(r"\b(?:une\s+heure|an\s+hour|one\s+hour)\b|(?<!ال)\b[وبل]?ساعة\b(?!\s*\d)", re.IGNORECASE), 1),
)


def commitment_hours(text):
    """The longest duration that ``text`` states in hours, or None if it is not clearly a few hours."""
    if not text:
        return None
    text = str(text).translate(ARABIC_DIGITS)
    if CLOCK.search(text):
        return None
    text = RHYTHM.sub(" ", text)
    if LONGER.search(text):
        return None
    found = []
    for number, unit in DURATION.findall(text):
        value = float(number.replace(",", "."))
        found.append(value / 60 if re.fullmatch(MINUTES, unit, re.IGNORECASE) else value)
    for pattern, hours in WORDS:  # longest phrases first: "half an hour" is not "an hour"
        text, count = pattern.subn(" ", text)
        found += [hours] * bool(count)
    return max(found) if found else None


def is_short(text, limit):
    hours = commitment_hours(text)
    return hours is not None and hours <= limit


def install(env, settings):
    limit = settings["TADAMON_SHORT_CALL_HOURS"]

    def short_call(item):
        return is_short(item.commitment, limit)

    def micro_volunteering(item):
        return item.mode == "remote" or short_call(item)

    def call_skills(items):
        """The skills the calls of a list ask for, each once (as first written), in order."""
        seen = {}
        for item in items:
            for skill in item.skills or ():
                seen.setdefault(skill.strip().casefold(), skill.strip())
        return sorted(seen.values(), key=str.casefold)

    env.globals.update(short_call=short_call, micro_volunteering=micro_volunteering, call_skills=call_skills)
