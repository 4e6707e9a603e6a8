"""iCalendar content lines (RFC 5545, section 3.1), written directly.

The icalendar library builds and serialises an event in about 1.3 ms (its
objects, then a loop over every character to fold lines): 2.6 s for a
thousand activities in two languages, a third of plain Pelican's whole build.
The few properties Tadamon writes are simple, so this module writes them,
byte for byte as icalendar would (same order, escaping and folding). The
library still makes the time zones that change offset (summer time), and,
in the tests, parses every file and checks that it writes it back the same.
"""

import datetime

CRLF = b"\r\n"
FOLD = b"\r\n "
LIMIT = 75  # octets per line, line break excluded; icalendar keeps to 74


def text(value):
    """A TEXT value, escaped (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def utc(value):
    """A DATE-TIME in UTC (``...Z``)."""
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def when(value):
    """(value, parameters) of a DTSTART or DTEND: a DATE, or a local time with its zone."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y%m%dT%H%M%S"), {"TZID": value.tzinfo.key}
    return value.strftime("%Y%m%d"), {"VALUE": "DATE"}


def duration(value):
    """A DURATION (RFC 5545, 3.3.6) of a positive timedelta: PT12H, P1D, P1DT6H30M."""
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(
        f"{number}{unit}"
        for number, unit, shown in (
            (hours, "H", hours),
            (minutes, "M", minutes or (hours and seconds)),
            (seconds, "S", seconds),
        )
        if shown
    )
    time = "T" + time if time else ""
    return f"P{value.days}D{time}" if value.days or not time else f"P{time}"


def utc_offset(value):
    """A UTC-OFFSET (RFC 5545, 3.3.14): +0100, -0330, +053000."""
    sign, value = ("-", -value) if value < datetime.timedelta(0) else ("+", value)
    hours, rest = divmod(value.days * 86400 + value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def timezone(zone, first, last):
    """The VTIMEZONE of ``zone`` (a ZoneInfo) from the date ``first`` to ``last``.

    A zone whose offset does not change then (Algeria, Tunisia, Saudi Arabia...)
    is one STANDARD rule, written here as icalendar writes it; a zone with
    summer time is made by icalendar, imported only then (3 MB of memory)."""
    start = datetime.datetime.combine(first, datetime.time(), zone)
    state = (start.utcoffset(), start.dst(), start.tzname())
    days = (start + datetime.timedelta(days=n) for n in range(1, (last - first).days))
    if any((day.utcoffset(), day.dst(), day.tzname()) != state for day in days):
        from icalendar import Timezone

        return Timezone.from_tzinfo(zone, zone.key, first_date=first, last_date=last).to_ical()
    offset = utc_offset(start.utcoffset())
    rule = "STANDARD" if not start.dst() else "DAYLIGHT"
    return component(
        "VTIMEZONE",
        [
            line("TZID", zone.key),
            line("COMMENT", text(f"This timezone only works from {first} to {last}.")),
            component(
                rule,
                [
                    line("DTSTART", start.strftime("%Y%m%dT%H%M%S")),
                    line("TZNAME", text(start.tzname() or str(start.utcoffset()))),
                    line("TZOFFSETFROM", offset),
                    line("TZOFFSETTO", offset),
                ],
            ),
        ],
    )


def line(name, value, params=None):
    """One content line, folded, with its CRLF (parameters in alphabetical order, as icalendar)."""
    head = name + "".join(f";{key}={params[key]}" for key in sorted(params or ()))
    return fold(f"{head}:{value}".encode()) + CRLF


def fold(data):
    """Split a line longer than 74 octets between characters, never inside
    one (UTF-8) nor after a backslash or ``^`` (an escape a client could cut)."""
    if len(data) < LIMIT:
        return data
    parts, start = [], 0
    while len(data) - start >= LIMIT:
        cut = start + LIMIT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: back to its first byte
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return FOLD.join(parts)


def component(name, lines):
    return b"BEGIN:" + name.encode() + CRLF + b"".join(lines) + b"END:" + name.encode() + CRLF
