"""iCalendar content lines (RFC 5545, section 3.1), written directly.

The icalendar library builds and serialises an event in about 1.3 ms (its
objects, then a loop over every character to fold lines): 2.6 s for a
thousand activities in two languages, a third of plain Pelican's whole build.
The few properties Tadamon writes are simple, so this module writes them,
byte for byte as icalendar would (same order, escaping and folding); the
library still makes the time zones (VTIMEZONE) and, in the tests, parses
every file and checks that it serialises it back to the same bytes.
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
