"""Stage: theme strings through gettext catalogs, dates and numbers through Babel.

Every generator's Jinja environment gets ``jinja2.ext.i18n`` whose ``_()``
translates into the language of the page being rendered (the ``lang``
variable of the template context), and filters that write dates, numbers and
amounts the way that language writes them. Catalogs are the theme's
``translations/<lang>/LC_MESSAGES/messages.po``: adding a language is adding a
catalog. They are compiled in memory, once per build.
"""

import functools
import io
import os

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup, escape

from tadamon import listed_alone
from tadamon.association.model import Association
from tadamon.config import config_of
from tadamon.i18n import hijri
from tadamon.site import site_of


def _remembered(method):
    """Babel takes tens of microseconds to write a date or an amount, and the
    same ones come back on item pages, lists, the home page and feeds."""

    @functools.wraps(method)
    def remembered(self, *args):
        key = (method.__name__, *args)
        if key not in self._formatted:
            self._formatted[key] = method(self, *args)
        return self._formatted[key]

    return remembered


class I18n:
    """Per-build language helpers; the site model's ``i18n``."""

    def __init__(self, site, catalogs_path):
        self.site = site  # the association is read from it when first needed
        self.catalogs_path = catalogs_path
        self._locales = {}
        self._translations = {}
        self._markup = {}
        self._formatted = {}

    @property
    def association(self):
        return self.site.association

    def locale(self, lang):
        if lang not in self._locales:
            self._locales[lang] = self._find_locale(lang)
        return self._locales[lang]

    def _find_locale(self, lang):
        names = []
        if self.association is not None:
            if lang in self.association.locales:
                names.append(self.association.locales[lang])
            territory = get_global("zone_territories").get(self.association.timezone.key)
            if territory:
                names.append(f"{lang}_{territory}")
        names.append(lang)
        for name in names:
            try:
                return Locale.parse(name.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                continue
        return Locale.parse("en")

    def translations(self, lang):
        if lang not in self._translations:
            self._translations[lang] = self._load_catalog(lang)
        return self._translations[lang]

    def markup(self, message, lang):
        """A theme string translated into ``lang``, as template markup (cached:
        every page asks for the same few dozen strings)."""
        key = (message, lang)
        if key not in self._markup:
            self._markup[key] = Markup(self.translations(lang).ugettext(message))
        return self._markup[key]

    def _load_catalog(self, lang):
        path = os.path.join(self.catalogs_path, lang, "LC_MESSAGES", "messages.po")
        if not os.path.isfile(path):
            return NullTranslations()
        with open(path, "rb") as stream:
            catalog = read_po(stream, locale=lang)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled)

    # --- formatting -------------------------------------------------------

    @_remembered
    def date(self, value, lang, form="long"):
        if value is None:
            return ""
        if hasattr(value, "astimezone") and self.association is not None:
            value = value.astimezone(self.association.timezone)
        return format_date(value, form, locale=self.locale(lang))

    @_remembered
    def time(self, value, lang):
        if self.association is not None:
            value = value.astimezone(self.association.timezone)
        return format_time(value, "HH:mm", locale=self.locale(lang))

    @_remembered
    def when(self, value, lang, form="long"):
        """Date and time together, joined the way the language joins them."""
        pattern = self.locale(lang).datetime_formats.get("medium", "{1}, {0}")
        return str(pattern).format(self.time(value, lang), self.date(value, lang, form))

    @_remembered
    def hijri(self, value, lang):
        """The Hijri date of ``value`` (a date or a datetime, in the site's time zone)
        beside a Gregorian one, as markup; "" when association.yml does not ask for it."""
        association = self.association
        if value is None or association is None or not association.hijri:
            return ""
        if hasattr(value, "astimezone"):
            value = value.astimezone(association.timezone).date()
        found = hijri.hijri_date(value, association.hijri_adjust)
        if found is None:
            return ""
        year, month, day = found
        gettext = self.translations(lang).ugettext
        text = gettext(hijri.FORMAT) % {"day": day, "month": gettext(hijri.MONTHS[month - 1]), "year": year}
        return Markup(' <span class="hijri">(%s)</span>') % text

    def language_name(self, code, lang, in_lang=None):
        """A language's name, by default in that language itself (for switchers)."""
        return Locale.parse(code).get_language_name(self.locale(in_lang or code)) or code

    @_remembered
    def number(self, value, lang):
        return format_decimal(value, locale=self.locale(lang))

    @_remembered
    def money(self, value, lang, amount=None):
        """A Money (or an amount in its currency) without cents when there are none."""
        locale = self.locale(lang)
        pattern = locale.currency_formats["standard"].pattern
        number = value.amount if amount is None else amount
        if float(number).is_integer():
            pattern = pattern.replace(".00", "")
        return format_currency(number, value.currency, pattern, locale=locale, currency_digits=False)


# The locales Facebook knows for og:locale (its list of Open Graph locales); it ignores
# any other, such as ar_DZ or fr_DZ, and then shows the page as if it were in English.
FACEBOOK_LOCALE_NAMES = (
    "af_ZA ar_AR az_AZ be_BY bg_BG bn_IN bs_BA ca_ES cs_CZ cy_GB da_DK de_DE el_GR en_GB en_US es_ES "
    "es_LA et_EE eu_ES fa_IR fi_FI fr_CA fr_FR ga_IE gl_ES he_IL hi_IN hr_HR hu_HU hy_AM id_ID is_IS "
    "it_IT ja_JP ka_GE km_KH ko_KR ku_TR lt_LT lv_LV mk_MK ml_IN ms_MY nb_NO ne_NP nl_NL nn_NO pa_IN "
    "pl_PL ps_AF pt_BR pt_PT ro_RO ru_RU sk_SK sl_SI sq_AL sr_RS sv_SE sw_KE ta_IN te_IN th_TH tl_PH "
    "tr_TR uk_UA vi_VN zh_CN zh_HK zh_TW"
)
FACEBOOK_LOCALES = frozenset(FACEBOOK_LOCALE_NAMES.split())
# A language's locale when Facebook does not know the site's territory for it (fr_DZ -> fr_FR).
FACEBOOK_LANGUAGE_LOCALES = {"ar": "ar_AR", "en": "en_US", "es": "es_LA", "fr": "fr_FR", "pt": "pt_BR", "zh": "zh_CN"}


def open_graph_locale(locale):
    """The og:locale of a Babel locale, one Facebook knows: the site's own (fr_CA)
    when Facebook knows it, else its language's (ar_DZ -> ar_AR, fr_DZ -> fr_FR);
    None for a language Facebook has no locale for (the page's lang still says it)."""
    if locale.territory and f"{locale.language}_{locale.territory}" in FACEBOOK_LOCALES:
        return f"{locale.language}_{locale.territory}"
    if locale.language in FACEBOOK_LANGUAGE_LOCALES:
        return FACEBOOK_LANGUAGE_LOCALES[locale.language]
    return next((name for name in sorted(FACEBOOK_LOCALES) if name.split("_")[0] == locale.language), None)


def _lang(ctx):
    return ctx.get("lang") or config_of(ctx).default_lang


@pass_context
def _gettext(ctx, message):
    return site_of(ctx).i18n.translations(_lang(ctx)).ugettext(message)


@pass_context
def _translate(ctx, message, **variables):
    """``_()`` in templates: what Jinja's newstyle gettext does (translate, mark
    safe, then %-format with escaped variables), in one call instead of three."""
    text = site_of(ctx).i18n.markup(message, _lang(ctx))
    if not ctx.eval_ctx.autoescape:
        text = str(text)
    if not variables and "%" not in text:
        return text  # most strings: nothing to format
    return text % variables


@pass_context
def _ngettext(ctx, singular, plural, number):
    return site_of(ctx).i18n.translations(_lang(ctx)).ungettext(singular, plural, number)


def _filter(method):
    @pass_context
    def apply(ctx, value, *args):
        return getattr(site_of(ctx).i18n, method)(value, _lang(ctx), *args)

    return apply


@pass_context
def _language_name(ctx, code, in_lang=None):
    return site_of(ctx).i18n.language_name(code, _lang(ctx), in_lang)


@pass_context
def localise(ctx, value):
    """A Localised value in the page's language."""
    if value is None:
        return ""
    return value.get_text(_lang(ctx)) if hasattr(value, "get_text") else value


def isolate(value, lang=None):
    """Wrap text whose direction may differ from the page's in <bdi>."""
    attr = f' lang="{escape(lang)}" dir="{Association.direction(lang)}"' if lang else ""
    return Markup(f"<bdi{attr}>{escape(value)}</bdi>")


def install(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.autoescape = True  # text from YAML is always escaped; bodies are marked safe
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals["_"] = _translate
    env.filters.update(
        {
            "date": _filter("date"),
            "time": _filter("time"),
            "when": _filter("when"),
            "hijri": _filter("hijri"),
            "number": _filter("number"),
            "language_name": _language_name,
            "money": _filter("money"),
            "l10n": localise,
            "bdi": isolate,
        }
    )
    env.globals["direction"] = Association.direction


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
