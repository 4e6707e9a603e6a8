"""The site's configuration, typed, in one place: its address, its languages
(each with its direction) and its time zone.

Made at the settings step from the settings and association.yml
(``association.configure``), before anything is read, and kept in the
build's settings as ``TADAMON_CONFIG``; every stage reads it there
(``config_of``), never association.yml or Pelican's ``DEFAULT_LANG`` and
``TIMEZONE`` (which are set from it for Pelican and the templates).
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug"})


def direction(lang):
    """``rtl`` or ``ltr``: how text in ``lang`` (a code such as ``ar`` or ``ar-DZ``) runs."""
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Language:
    code: str

    @property
    def direction(self):
        return direction(self.code)


@dataclass(frozen=True)
class Config:
    siteurl: str  # without a trailing slash
    default_lang: str  # the first language: its pages are at the root of the site
    languages: tuple = ()  # of Language, the default first (none: association.yml has mistakes)
    timezone: ZoneInfo = ZoneInfo("UTC")

    @property
    def codes(self):
        return tuple(language.code for language in self.languages)

    def absolute(self, url):
        """The address of ``url`` (relative to the site) on the published site: the one
        place every stage (pages' JSON-LD, feeds, calendars, sitemap) makes it."""
        return f"{self.siteurl}/{url}"


def config_of(settings):
    """The build's Config (``settings``: the build's, or a context made from them)."""
    return settings["TADAMON_CONFIG"]
