"""Typed values for the content contract, and the parsers that make them.

A parser takes the raw YAML value and a ``Scope`` (what the file is allowed to
refer to) and returns a typed value, or raises ``FieldError`` saying what was
expected. Templates use the typed values directly.
"""

import calendar
import datetime
import math
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tadamon import files
from tadamon.errors import FieldError, _
from tadamon.outreach.accounts import check_details

URL_SCHEMES = ("https", "http", "mailto", "tel", "sms")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
# C0 and C1 control characters but tab and line feed, lone surrogates, and
# non-characters: invisible, and several of them make a feed or a sitemap
# invalid XML. Bidirectional marks (U+200E, U+202B...) are text and stay.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
DATE_RE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
    r"[ \t]*(?P<offset>[Zz]|[+-]\d{1,2}(?::?\d{2})?)?$"
)
# Bounds on what one value may hold, far above what a page shows: a text
# longer than this belongs in the Markdown body (and a title of 5000 characters
# took 15 s to lay out on its share card); a year outside these would overflow
# once moved to another time zone, and is a typo anyway.
MAX_TEXT_LENGTH = 1000
MAX_SLUG_LENGTH = 100  # the slug is a folder and a file name in the output (255 bytes at most)
MAX_LIST_LENGTH = 200
MAX_NUMBER = 10**15
YEARS = (1800, 2200)
DATE_FIX = _("write a date like 2026-12-05, or a date and time like 2026-12-05 14:30")


@dataclass(frozen=True)
class Scope:
    """What a parser needs to know about the file it reads."""

    lang: str
    languages: tuple
    timezone: ZoneInfo
    content_path: str


class Localised(dict):
    """A text in several languages; falls back to the first one given."""

    def get_text(self, lang):
        if lang in self:
            return self[lang]
        return next(iter(self.values()), "")


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str


@dataclass(frozen=True)
class Image:
    path: str  # relative to content/, also its path in the output
    alt: str


@dataclass(frozen=True)
class Location:
    name: str = ""
    address: str = ""
    map: str = ""


@dataclass(frozen=True)
class Report:
    participants: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Raised:
    amount: float
    as_of: datetime.datetime | None = None


@dataclass(frozen=True)
class Beneficiaries:
    count: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Apply:
    url: str = ""
    email: str = ""
    phone: str = ""
    whatsapp: str = ""

    def ways(self):
        """(kind, href, shown text) for each way to apply, in a fixed order."""
        out = []
        if self.url:
            out.append(("url", self.url, self.url))
        if self.email:
            out.append(("email", "mailto:" + self.email, self.email))
        if self.phone:
            out.append(("phone", "tel:" + _tel(self.phone), self.phone))
        if self.whatsapp:
            href = self.whatsapp
            if not href.startswith(("https://", "http://")):
                href = "https://wa.me/" + _tel(self.whatsapp).lstrip("+")
            out.append(("whatsapp", href, self.whatsapp))
        return out


@dataclass(frozen=True)
class DonationChannel:
    type: str
    label: Localised
    url: str = ""
    details: dict = field(default_factory=dict)
    number: str = ""
    text: str = ""
    note: Localised = field(default_factory=Localised)


def _tel(number):
    return re.sub(r"[^\d+]", "", number)


# --- scalar parsers -------------------------------------------------------


def text(value, scope=None):
    if (
        value is None
        or isinstance(value, (bool, dict, list))
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        if isinstance(value, (dict, list)):
            fix = _("write a single text after the colon")
        else:
            fix = _("write the text after the colon, in quotes if it is yes, no, true, false or a number")
        raise FieldError(_("expected a text, got {value}", value=show(value)), fix=fix)
    value = str(value).strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise FieldError(
            _("the text has {length} characters, more than {limit}", length=len(value), limit=MAX_TEXT_LENGTH),
            fix=_("shorten it: long text belongs in the body of the page, below the front matter"),
        )
    control = CONTROL_RE.search(value)
    if control:
        raise FieldError(
            _(
                "the text holds an invisible control character (U+{code}) after {before}",
                code=f"{ord(control.group()):04X}",
                before=repr(value[max(0, control.start() - 20) : control.start()]),
            ),
            fix=_("delete it and type the text again (it often comes with text copied from a PDF)"),
        )
    return value


def localised(value, scope):
    """A plain string, or a mapping {lang: text}; returns a ``Localised``."""
    if isinstance(value, dict):
        example = _("write e.g. {{{languages}}}", languages=", ".join(f"{lang}: ..." for lang in scope.languages))
        unknown = [k for k in value if k not in scope.languages]
        if unknown:
            raise FieldError(
                _(
                    "language {lang} is not one of the site's languages ({languages})",
                    lang=show(unknown[0]),
                    languages=", ".join(scope.languages),
                ),
                fix=example,
            )
        if not value:
            raise FieldError(_("expected a text in each language, got an empty mapping"), fix=example)
        return Localised((k, text(value[k])) for k in scope.languages if k in value)
    return Localised((lang, text(value)) for lang in scope.languages)


def localised_here(value, scope):
    """A localised value read from an item file: the text of the file's language."""
    return localised(value, scope).get_text(scope.lang)


def integer(value, scope=None):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_NUMBER:
        raise FieldError(
            _("expected a whole number (0 or more), got {value}", value=show(value)),
            fix=_("write the number alone, without spaces or dots, e.g. 45"),
        )
    return value


def amount(value, scope=None):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 <= value <= MAX_NUMBER
    ):
        raise FieldError(
            _("expected an amount, got {value}", value=show(value)),
            fix=_("write the number alone, without spaces or currency, e.g. 500000"),
        )
    return value


def url(value, scope=None):
    value = text(value)
    schemes = ", ".join(s + ":" for s in URL_SCHEMES)
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host
        raise FieldError(
            _("expected a web address, got {value}", value=show(value)),
            fix=_("copy the address from the browser's address bar"),
        ) from None
    if parts.scheme.lower() not in URL_SCHEMES:
        raise FieldError(
            _("expected a link starting with {schemes}; got {value}", schemes=schemes, value=show(value)),
            fix=_("write e.g. https://example.org/page"),
        )
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        raise FieldError(
            _("expected a full web address, got {value}", value=show(value)), fix=_("write e.g. https://example.org")
        )
    return value


def email(value, scope=None):
    value = text(value).removeprefix("mailto:")
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise FieldError(
            _("expected an e-mail address, got {value}", value=show(value)), fix=_("write e.g. contact@example.org")
        )
    return value


def slug(value, scope=None):
    value = text(value)
    if not SLUG_RE.match(value) or len(value) > MAX_SLUG_LENGTH:
        raise FieldError(
            _(
                "expected at most {limit} lowercase Latin letters, digits and dashes; got {value}",
                limit=MAX_SLUG_LENGTH,
                value=show(value),
            ),
            fix=_("write e.g. winter-coats"),
        )
    return value


def slug_list(value, scope=None):
    return [slug(v) for v in _list(value)]


def text_list(value, scope=None):
    return [text(v) for v in _list(value)]


def choice(*options):
    def parse(value, scope=None):
        if isinstance(value, (dict, list)) or value not in options:
            raise FieldError(
                _("expected one of {options}, got {value}", options=", ".join(options), value=show(value)),
                fix=_("write one of {options}", options=", ".join(options)),
            )
        return value

    parse.options = options  # what the in-browser editor offers (tadamon.admin)
    return parse


def datetime_value(value, scope):
    """A date, a date and time in the site's time zone, or ISO 8601 with offset."""
    return _moment(value, scope)[0]


def deadline_value(value, scope):
    """Like ``datetime_value``, but a bare date means the end of that day."""
    moment, has_time = _moment(value, scope)
    return moment if has_time else moment.replace(hour=23, minute=59, second=59)


def _moment(value, scope):
    """(aware datetime, whether a time of day was given). Every date of the
    contract is read here, and every mistake says which part is wrong."""
    tz = scope.timezone
    if isinstance(value, datetime.datetime):  # given by Python code (settings), not by YAML
        return (value if value.tzinfo else value.replace(tzinfo=tz)), True
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tz), False
    match = DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise FieldError(
            _("expected a date like 2026-12-05 or 2026-12-05 14:30, got {value}", value=show(value)), fix=DATE_FIX
        )
    year, month, day = (int(match[part]) for part in ("year", "month", "day"))
    hour, minute, second = (int(match[part] or 0) for part in ("hour", "minute", "second"))
    if not YEARS[0] <= year <= YEARS[1]:
        _wrong_date(_("the year {year} is out of range ({first} to {last})", year=year, first=YEARS[0], last=YEARS[1]))
    if not 1 <= month <= 12:
        _wrong_date(_("there is no month {month} (months go from 01 to 12)", month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        _wrong_date(_("month {month} of {year} has {days} days, not {day}", month=month, year=year, days=days, day=day))
    if hour > 23 or minute > 59 or second > 59:
        shown = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if match["second"] else "")
        _wrong_date(_("there is no time {time} (from 00:00 to 23:59)", time=shown))
    moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=_offset(match["offset"]) or tz)
    return moment, match["hour"] is not None


def _offset(text):
    """The time zone of an offset such as +01:00 or Z; None without one."""
    if not text:
        return None
    if text in "Zz":
        return datetime.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:-2] if len(digits) > 2 else digits), int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 14 or minutes > 59 or (hours == 14 and minutes):
        _wrong_date(_("the offset {offset} is not a time zone offset (they go from -12:00 to +14:00)", offset=text))
    sign = -1 if text[0] == "-" else 1
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def _wrong_date(message):
    raise FieldError(message, fix=DATE_FIX)


def image_path(value, scope):
    """A path relative to content/ that must exist, inside content/."""
    path = text(value).lstrip("/")
    folder = os.path.basename(os.path.normpath(scope.content_path))
    example = _("paths are relative to {folder}/: write e.g. image: images/winter-coats.jpg", folder=folder)
    full = os.path.normpath(os.path.join(scope.content_path, path))
    if not files.inside(full, scope.content_path) and os.path.lexists(full):
        raise FieldError(
            _("{path} is a symbolic link that leads outside {folder}/", folder=folder, path=show(f"{folder}/{path}")),
            fix=files.COPY_INSTEAD,
        )
    if not files.inside(full, scope.content_path):
        raise FieldError(
            _("the image must be inside {folder}/, got {value}", folder=folder, value=show(value)), fix=example
        )
    if not os.path.isfile(full):
        raise FieldError(_("no image at {path}", path=show(f"{folder}/{path}")), fix=example)
    return os.path.relpath(full, scope.content_path).replace(os.sep, "/")


# --- structured parsers ---------------------------------------------------


def mapping(value, name_hint="a mapping"):
    if not isinstance(value, dict):
        raise FieldError(
            _("expected {expected}, got {value}", expected=name_hint, value=show(value)),
            fix=_("write the fields on the lines below, indented, or on one line: {example}", example=name_hint),
        )
    return value


def money(value, scope=None):
    example = "{amount: 500000, currency: DZD}"
    value = mapping(value, example)
    if "amount" not in value:
        raise FieldError(_("missing 'amount'"), fix=_("write e.g. {example}", example=example))
    currency = text(value.get("currency", "")).upper()
    if not CURRENCY_RE.match(currency):
        raise FieldError(
            _("expected a three-letter currency code, got {value}", value=show(currency)),
            fix=_("write e.g. currency: DZD (or EUR, TND, MAD, USD)"),
        )
    return Money(amount(value["amount"]), currency)


def raised(value, scope):
    example = "{amount: 120000, as_of: 2026-11-15}"
    value = mapping(value, example)
    if "amount" not in value:
        raise FieldError(_("missing 'amount'"), fix=_("write e.g. {example}", example=example))
    as_of = datetime_value(value["as_of"], scope) if value.get("as_of") else None
    return Raised(amount(value["amount"]), as_of)


def location(value, scope):
    if isinstance(value, str):
        return Location(name=localised_here(value, scope))
    value = mapping(value, "{name: ..., address: ..., map: https://...}")
    return Location(
        name=localised_here(value.get("name", ""), scope),
        address=localised_here(value.get("address", ""), scope),
        map=url(value["map"]) if value.get("map") else "",
    )


def report(value, scope):
    value = mapping(value, "{participants: 45, text: ...}")
    participants = value.get("participants")
    return Report(
        participants=integer(participants) if participants not in (None, "") else None,
        text=localised_here(value.get("text", ""), scope),
    )


def beneficiaries(value, scope):
    value = mapping(value, "{count: 120, description: ...}")
    count = value.get("count")
    return Beneficiaries(
        count=integer(count) if count not in (None, "") else None,
        description=localised_here(value.get("description", ""), scope),
    )


def apply(value, scope=None):
    value = mapping(value, "{url: ..., email: ..., phone: ..., whatsapp: ...}")
    known = ("url", "email", "phone", "whatsapp")
    given = {k: v for k, v in value.items() if k in known and v}
    if not given:
        raise FieldError(
            _("give at least one way to apply: url, email, phone or whatsapp"),
            fix=_("write e.g. apply: {{email: volunteers@example.org}}"),
        )
    return Apply(
        url=url(given["url"]) if "url" in given else "",
        email=email(given["email"]) if "email" in given else "",
        phone=text(given.get("phone", "")),
        whatsapp=text(given.get("whatsapp", "")),
    )


DONATION_TYPES = ("link", "bank", "ccp", "sms", "cash", "other")


def donation_channels(value, scope):
    channels = []
    for index, item in enumerate(_list(value), start=1):
        try:
            channels.append(_donation_channel(item, scope))
        except FieldError as error:
            raise FieldError(
                _("channel {index}: {message}", index=index, message=error.message), fix=error.fix
            ) from None
    return channels


def _donation_channel(item, scope):
    item = mapping(item, "{type: link, label: ..., url: https://...}")
    kind = choice(*DONATION_TYPES)(item.get("type"))
    if "label" not in item:
        raise FieldError(_("missing 'label'"), fix=_("write e.g. label: {{ar: ..., fr: ...}}"))
    channel = {"type": kind, "label": localised(item["label"], scope)}
    if kind == "link":
        if not item.get("url"):
            raise FieldError(
                _("a channel of type link needs a 'url'"), fix=_("write e.g. url: https://example.org/donate")
            )
        channel["url"] = url(item["url"])
    elif item.get("url"):
        channel["url"] = url(item["url"])
    if kind in ("bank", "ccp"):
        details = mapping(item.get("details"), "details: {holder: ..., iban: ...}")
        # IBAN and BIC checked and kept compact (tadamon.outreach.accounts).
        channel["details"] = check_details({text(k): text(v) for k, v in details.items()})
    if kind == "sms":
        if not item.get("number"):
            raise FieldError(_("a channel of type sms needs a 'number'"), fix=_('write e.g. number: "3030"'))
        channel["number"] = text(item["number"])
        channel["text"] = text(item.get("text", ""))
    if item.get("note"):
        channel["note"] = localised(item["note"], scope)
    return DonationChannel(**channel)


def _list(value):
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise FieldError(
            _("expected a list, got {value}", value=show(value)), fix=_("write e.g. [first, second], or one - per line")
        )
    if len(value) > MAX_LIST_LENGTH:
        raise FieldError(
            _("the list has {count} entries, more than {limit}", count=len(value), limit=MAX_LIST_LENGTH),
            fix=_("keep the list short"),
        )
    return value


def show(value, length=60):
    """A raw YAML value as a message shows it: short, and what kind of thing it is."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    return shown if len(shown) <= length else shown[: length - 1] + "…"
