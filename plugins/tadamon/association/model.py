"""association.yml and partners.yml: the association's identity, read once per build."""

import os
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tadamon import fields as f
from tadamon import files, yamlfile
from tadamon.config import direction
from tadamon.errors import ContentError, FieldError, Problem, _, shown_path
from tadamon.schema import Field, check

SOCIAL_NETWORKS = ("facebook", "instagram", "x", "youtube", "telegram", "whatsapp", "linkedin", "tiktok")
PARTNER_KINDS = ("partner", "sponsor", "network")
REPOSITORY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


@dataclass(frozen=True)
class Registration:
    number: str = ""
    authority: f.Localised = field(default_factory=f.Localised)
    date: object = None


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    address: f.Localised = field(default_factory=f.Localised)


@dataclass(frozen=True)
class Partner:
    id: str
    name: f.Localised
    kind: str
    url: str = ""
    logo: str = ""


@dataclass(frozen=True)
class Association:
    name: f.Localised
    languages: tuple
    timezone: ZoneInfo
    tagline: f.Localised = field(default_factory=f.Localised)
    logo: str = ""
    registration: Registration | None = None
    contact: Contact = field(default_factory=Contact)
    social: dict = field(default_factory=dict)
    newsletter: str = ""
    donate: tuple = ()
    partners: dict = field(default_factory=dict)
    locales: dict = field(default_factory=dict)
    domain: str = ""  # custom domain of the published site, written to CNAME
    editor_language: str = ""  # the language of messages about mistakes; "" for the first of languages
    repository: str = ""  # owner/name on GitHub, where the in-browser editor saves
    hijri: bool = False  # show the Hijri (Umm al-Qura) date beside every Gregorian date shown to people
    hijri_adjust: int = 0  # days, -2..2: local moon sighting against Umm al-Qura

    @property
    def messages_lang(self):
        return self.editor_language or self.default_lang

    @property
    def default_lang(self):
        return self.languages[0]

    direction = staticmethod(direction)  # tadamon.config's: the one rule


def _languages(value, scope=None):
    codes = f.text_list(value)
    if not codes:
        raise FieldError(_("list at least one language"), fix=_("write e.g. languages: [ar, fr]"))
    for code in codes:
        if not f.LANG_RE.match(code):
            raise FieldError(
                _("expected language codes such as ar, fr, en; got {value}", value=repr(code)),
                fix=_("write e.g. languages: [ar, fr]"),
            )
    if len(set(codes)) != len(codes):
        raise FieldError(_("a language is listed twice"), fix=_("list each language once, e.g. languages: [ar, fr]"))
    return tuple(codes)


def _timezone(value, scope=None):
    try:
        return ZoneInfo(f.text(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder (Europe), a name too long
        raise FieldError(
            _("expected a time zone name such as Africa/Algiers, got {value}", value=repr(value)),
            fix=_("write e.g. timezone: Africa/Algiers (or Africa/Tunis, Africa/Cairo, Asia/Riyadh)"),
        ) from None


def _registration(value, scope):
    value = f.mapping(value, "{number: ..., authority: ..., date: ...}")
    return Registration(
        number=f.text(value.get("number", "")),
        authority=f.localised(value.get("authority", ""), scope),
        date=f.datetime_value(value["date"], scope).date() if value.get("date") else None,
    )


def _contact(value, scope):
    value = f.mapping(value, "{email: ..., phone: ..., address: ...}")
    return Contact(
        email=f.email(value["email"]) if value.get("email") else "",
        phone=f.text(value.get("phone", "")),
        address=f.localised(value.get("address", ""), scope),
    )


def _social(value, scope=None):
    value = f.mapping(value, "a mapping such as {facebook: https://...}")
    out = {}
    for name, link in value.items():
        if name not in SOCIAL_NETWORKS:
            raise FieldError(
                _("unknown network {name}", name=repr(name)),
                fix=_("use one of {names}, e.g. facebook: https://facebook.com/...", names=", ".join(SOCIAL_NETWORKS)),
            )
        out[name] = f.url(link)
    return out


def _locales(value, scope):
    value = f.mapping(value, "a mapping such as {ar: ar_DZ}")
    return {lang: f.text(loc) for lang, loc in value.items() if lang in scope.languages}


def _domain(value, scope=None):
    """A host name only (www.example.org); an Arabic domain is written in its ASCII form."""
    name = f.text(value).strip().rstrip(".").lower()
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        name = ""
    if not DOMAIN_RE.match(name):
        raise FieldError(
            _("expected a domain name without https:// or /; got {value}", value=repr(value)),
            fix=_("write e.g. domain: www.example.org"),
        )
    return name


def _editor_language(value, scope=None):
    code = f.text(value).strip()
    if not f.LANG_RE.match(code):
        raise FieldError(
            _("expected a language code such as ar, fr or en; got {value}", value=repr(value)),
            fix=_("write e.g. editor_language: fr"),
        )
    return code


def _repository(value, scope=None):
    name = f.text(value).strip()
    if not REPOSITORY_RE.match(name):
        raise FieldError(
            _("expected a GitHub repository as owner/name; got {value}", value=repr(value)),
            fix=_("write e.g. repository: my-association/website"),
        )
    return name


def _hijri(value, scope=None):
    if not isinstance(value, bool):
        raise FieldError(
            _("expected true or false, got {value}", value=f.show(value)),
            fix=_("write hijri: true to show Hijri dates beside Gregorian ones, or hijri: false"),
        )
    return value


HIJRI_ADJUSTMENTS = (-2, -1, 0, 1, 2)


def _hijri_adjust(value, scope=None):
    if isinstance(value, bool) or value not in HIJRI_ADJUSTMENTS:
        raise FieldError(
            _("expected a number of days from -2 to 2, got {value}", value=f.show(value)),
            fix=_("write e.g. hijri_adjust: -1 when the month starts one day later where you are"),
        )
    return value


ASSOCIATION_EXAMPLE = _("start the file with e.g. name: El Amel, languages: [ar, fr], timezone: Africa/Algiers")
PARTNER_EXAMPLE = _("write each partner as - id: croissant-rouge, name: Croissant-Rouge, kind: partner")

# Read first: the other fields are read in the languages and time zone they give.
BASICS_SCHEMA = {
    "languages": Field(_languages, True, _("write e.g. languages: [ar, fr]")),
    "timezone": Field(_timezone, True, _("write e.g. timezone: Africa/Algiers")),
}

ASSOCIATION_SCHEMA = {
    "name": Field(f.localised, True, _('write e.g. name: {{ar: "جمعية ...", fr: "Association ..."}}')),
    "tagline": Field(f.localised),
    "logo": Field(f.image_path),
    "registration": Field(_registration),
    "contact": Field(_contact),
    "social": Field(_social),
    "newsletter": Field(f.url),
    "donate": Field(lambda v, s: tuple(f.donation_channels(v, s))),
    "locales": Field(_locales),
    "domain": Field(_domain),
    "editor_language": Field(_editor_language),
    "repository": Field(_repository),
    "hijri": Field(_hijri),
    "hijri_adjust": Field(_hijri_adjust),
}

PARTNER_SCHEMA = {
    "id": Field(f.slug, True),
    "name": Field(f.localised, True),
    "kind": Field(f.choice(*PARTNER_KINDS), True, _("write one of: kind: partner, kind: sponsor, kind: network")),
    "url": Field(f.url),
    "logo": Field(f.image_path),
}


def load(content_path):
    """Return (Association or None, problems)."""
    file = os.path.join(content_path, "association.yml")
    shown = shown_path(content_path, file)
    if not os.path.isfile(file):
        return None, [Problem(shown, _("missing: every site needs content/association.yml"), fix=ASSOCIATION_EXAMPLE)]
    data, lines, problems = read_yaml(file, shown)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            Problem(shown, _("expected fields such as name:, languages:, timezone:"), fix=ASSOCIATION_EXAMPLE)
        ]

    values, problems = check(data, BASICS_SCHEMA, None, shown, lines)
    languages = values.get("languages", ("ar",))
    timezone = values.get("timezone", ZoneInfo("UTC"))
    scope = f.Scope(languages[0], languages, timezone, content_path)
    more, more_problems = check(data, ASSOCIATION_SCHEMA, scope, shown, lines)
    problems += more_problems
    partners, partner_problems = _load_partners(content_path, scope)
    problems += partner_problems
    if problems:
        return None, problems
    return Association(languages=languages, timezone=timezone, partners=partners, **more), []


def _load_partners(content_path, scope):
    file = os.path.join(content_path, "partners.yml")
    if not os.path.isfile(file):
        return {}, []
    shown = shown_path(content_path, file)
    data, _lines, problems = read_yaml(file, shown)
    if problems:
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, list):
        return {}, [Problem(shown, _("expected a list of partners"), fix=PARTNER_EXAMPLE)]
    partners = {}
    for index, entry in enumerate(data, start=1):
        where = f"{shown} (partner {index})"
        if not isinstance(entry, dict):
            problems.append(Problem(where, _("expected fields id, name, kind, url, logo"), fix=PARTNER_EXAMPLE))
            continue
        values, entry_problems = check(entry, PARTNER_SCHEMA, scope, where, {})
        problems += entry_problems
        if entry_problems:
            continue
        if values["id"] in partners:
            problems.append(
                Problem(
                    where,
                    _("the id {id} is used twice", id=repr(values["id"])),
                    "id",
                    fix=_("give each partner its own id"),
                )
            )
            continue
        partners[values["id"]] = Partner(**values)
    return partners, problems


def read_yaml(path, shown):
    """(data, {top-level key: line}, problems) of a YAML file of content/, read with every bound."""
    try:
        text = files.read_text(path, os.path.dirname(path))  # UTF-8, inside content/
    except ContentError as error:
        return None, {}, error.problems
    try:
        data, lines = yamlfile.load(text, shown)
    except yamlfile.YamlSyntaxError as error:
        return None, {}, [error.problem]
    return data, lines, []
