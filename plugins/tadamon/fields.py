"""Typed values for the content contract, and the parsers that make them.

A parser takes the raw YAML value and a ``Scope`` (what the file is allowed to
refer to) and returns a typed value, or raises ``FieldError`` saying what was
expected. Templates use the typed values directly.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tadamon.errors import FieldError

URL_SCHEMES = ("https", "http", "mailto", "tel", "sms")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


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
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise FieldError(f"expected a text, got {_show(value)}")
    return str(value).strip()


def localised(value, scope):
    """A plain string, or a mapping {lang: text}; returns a ``Localised``."""
    if isinstance(value, dict):
        unknown = [k for k in value if k not in scope.languages]
        if unknown:
            raise FieldError(
                f"language {unknown[0]!r} is not one of the site's languages ({', '.join(scope.languages)})"
            )
        return Localised((k, text(value[k])) for k in scope.languages if k in value)
    return Localised((lang, text(value)) for lang in scope.languages)


def localised_here(value, scope):
    """A localised value read from an item file: the text of the file's language."""
    return localised(value, scope).get_text(scope.lang)


def integer(value, scope=None):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(f"expected a whole number (0 or more), got {_show(value)}")
    return value


def amount(value, scope=None):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FieldError(f"expected an amount (a number such as 500000), got {_show(value)}")
    return value


def url(value, scope=None):
    value = text(value)
    parts = urlsplit(value)
    if parts.scheme.lower() not in URL_SCHEMES:
        raise FieldError(f"expected a link starting with {', '.join(s + ':' for s in URL_SCHEMES)}; got {value!r}")
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        raise FieldError(f"expected a full web address such as https://example.org, got {value!r}")
    return value


def email(value, scope=None):
    value = text(value).removeprefix("mailto:")
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise FieldError(f"expected an e-mail address, got {value!r}")
    return value


def slug(value, scope=None):
    value = text(value)
    if not SLUG_RE.match(value):
        raise FieldError(f"expected lowercase Latin letters, digits and dashes (like winter-coats), got {value!r}")
    return value


def slug_list(value, scope=None):
    return [slug(v) for v in _list(value)]


def text_list(value, scope=None):
    return [text(v) for v in _list(value)]


def choice(*options):
    def parse(value, scope=None):
        if value not in options:
            raise FieldError(f"expected one of {', '.join(options)}, got {_show(value)}")
        return value

    parse.options = options  # what the in-browser editor offers (tadamon.admin)
    return parse


def datetime_value(value, scope):
    """A date, a date and time in the site's time zone, or ISO 8601 with offset."""
    tz = scope.timezone
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tz)
    if isinstance(value, str):
        raw = value.strip()
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.datetime.strptime(raw, fmt).replace(tzinfo=tz)
            except ValueError:
                pass
        try:
            parsed = datetime.datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    raise FieldError(f"expected a date like 2026-12-05 or 2026-12-05 14:30, got {_show(value)}")


def deadline_value(value, scope):
    """Like ``datetime_value``, but a bare date means the end of that day."""
    moment = datetime_value(value, scope)
    bare = (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)) or (
        isinstance(value, str) and re.match(r"^\s*\d{4}-\d{2}-\d{2}\s*$", value)
    )
    return moment.replace(hour=23, minute=59, second=59) if bare else moment


def image_path(value, scope):
    """A path relative to content/ that must exist."""
    path = text(value).lstrip("/")
    full = os.path.normpath(os.path.join(scope.content_path, path))
    if not full.startswith(os.path.normpath(scope.content_path) + os.sep):
        raise FieldError(f"the image must be inside content/, got {value!r}")
    if not os.path.isfile(full):
        folder = os.path.basename(os.path.normpath(scope.content_path))
        raise FieldError(f"no image at {folder}/{path} (paths are relative to {folder}/)")
    return os.path.relpath(full, scope.content_path).replace(os.sep, "/")


# --- structured parsers ---------------------------------------------------


def mapping(value, name_hint="a mapping"):
    if not isinstance(value, dict):
        raise FieldError(f"expected {name_hint}, got {_show(value)}")
    return value


def money(value, scope=None):
    value = mapping(value, "{amount: 500000, currency: DZD}")
    if "amount" not in value:
        raise FieldError("missing 'amount' (e.g. {amount: 500000, currency: DZD})")
    currency = text(value.get("currency", "")).upper()
    if not CURRENCY_RE.match(currency):
        raise FieldError(f"expected a three-letter currency code such as DZD, got {currency!r}")
    return Money(amount(value["amount"]), currency)


def raised(value, scope):
    value = mapping(value, "{amount: 120000, as_of: 2026-11-15}")
    if "amount" not in value:
        raise FieldError("missing 'amount' (e.g. {amount: 120000, as_of: 2026-11-15})")
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
        raise FieldError("give at least one way to apply: url, email, phone or whatsapp")
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
            raise FieldError(f"channel {index}: {error}") from None
    return channels


def _donation_channel(item, scope):
    item = mapping(item, "a channel such as {type: link, label: ..., url: https://...}")
    kind = choice(*DONATION_TYPES)(item.get("type"))
    if "label" not in item:
        raise FieldError("missing 'label'")
    channel = {"type": kind, "label": localised(item["label"], scope)}
    if kind == "link":
        if not item.get("url"):
            raise FieldError("a channel of type link needs a 'url'")
        channel["url"] = url(item["url"])
    elif item.get("url"):
        channel["url"] = url(item["url"])
    if kind in ("bank", "ccp"):
        details = mapping(item.get("details"), "'details' such as {holder: ..., iban: ...}")
        channel["details"] = {k: text(v) for k, v in details.items()}
    if kind == "sms":
        if not item.get("number"):
            raise FieldError("a channel of type sms needs a 'number'")
        channel["number"] = text(item["number"])
        channel["text"] = text(item.get("text", ""))
    if item.get("note"):
        channel["note"] = localised(item["note"], scope)
    return DonationChannel(**channel)


def _list(value):
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise FieldError(f"expected a list, got {_show(value)}")
    return value


def _show(value):
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
