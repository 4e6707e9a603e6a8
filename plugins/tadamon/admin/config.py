"""The in-browser editor's configuration (Sveltia CMS), made from the content contract.

Every form is made from the schemas the build checks files against
(``kinds/schema.py``, ``association/model.py``): a field's widget follows from
its parser, its options from ``fields.choice``, its required mark from the
schema. A parser this module does not know gets a plain text input and is
listed in ``Config.unmapped`` (a test fails on it), so a new field cannot
silently get a form that writes what the build refuses.
"""

import os
from dataclasses import dataclass, field

from tadamon import fields as f
from tadamon.admin.labels import label_and_hint
from tadamon.association import model
from tadamon.finances import model as finances
from tadamon.kinds import schema
from tadamon.kinds.contents import KINDS
from tadamon.schema import Field

# How the forms write dates: what fields.datetime_value reads, in the site's time zone.
DAY_FORMAT = "YYYY-MM-DD"
DAY_AND_TIME_FORMAT = "YYYY-MM-DD HH:mm"
# What is written per language in an item's files; everything else (dates,
# numbers, choices, links, codes) is copied from the first language's form.
TRANSLATED_PARSERS = (f.text, f.localised_here, f.text_list)
TRANSLATED_PARTS = (f.localised_here,)  # a part's plain text is a code, a number, a name
SIMPLE_WIDGETS = {
    f.text: {"widget": "string"},
    f.url: {"widget": "string"},
    f.email: {"widget": "string", "type": "email"},
    f.integer: {"widget": "number", "value_type": "int", "min": 0},
    f.amount: {"widget": "number", "value_type": "float", "min": 0},
    f.image_path: {"widget": "image", "media_folder": "/{content}/images", "public_folder": "/images"},
    f.text_list: {"widget": "list"},
    model._timezone: {"widget": "string"},
    model._domain: {"widget": "string"},
    model._editor_language: {"widget": "string"},
    model._repository: {"widget": "string"},
    model._languages: {"widget": "list"},
    model._hijri: {"widget": "boolean", "default": False},
    model._hijri_adjust: {"widget": "number", "value_type": "int", "min": -2, "max": 2, "default": 0},
    finances._year: {"widget": "number", "value_type": "int", "min": f.YEARS[0], "max": f.YEARS[1]},
    finances._currency: {"widget": "string", "default": "DZD"},
    finances._flag: {"widget": "boolean", "default": False},
    finances._document_file: {"widget": "file", "media_folder": "/{content}/documents", "public_folder": "documents"},
}


@dataclass
class Config:
    """The configuration, and the fields whose parser had no form (should stay empty)."""

    data: dict
    unmapped: list = field(default_factory=list)


def repository_of(association, environ=os.environ):
    """owner/name: the repository being built on GitHub Actions, else association.yml's."""
    return environ.get("GITHUB_REPOSITORY") or association.repository


def cms_config(association, settings, repository):
    """The configuration of the editor for this site (a mapping, written as YAML)."""
    lang = association.messages_lang
    content = os.path.basename(os.path.normpath(settings["PATH"]))
    forms = _Forms(association, lang, content)
    siteurl = settings["SITEURL"].rstrip("/")
    data = {
        "backend": {
            "name": "github",
            "repo": repository,
            "branch": "main",
            # A personal access token: "Sign in with GitHub" needs an OAuth relay (a server).
            "auth_methods": ["token"],
        },
        "app_title": association.name.get_text(lang),
        "site_url": siteurl + "/",
        "media_folder": f"{content}/images",
        "public_folder": "/images",
        "i18n": {
            "structure": "multiple_files",
            "locales": list(association.languages),
            "default_locale": association.default_lang,
        },
        # Slugs are file names: Latin letters, whatever the language of the title.
        "slug": {"encoding": "ascii", "clean_accents": True},
        "output": {"omit_empty_optional_fields": True},
        "collections": [
            *(forms.kind_collection(kind) for kind in KINDS.values()),
            forms.finances_collection(),
            forms.settings_collection(),
        ],
    }
    if association.logo:
        data["logo"] = {"src": f"{siteurl}/{association.logo}"}
    return Config(data, forms.unmapped)


class _Forms:
    def __init__(self, association, lang, content):
        self.association = association
        self.lang = lang
        self.content = content
        self.unmapped = []

    def _labelled(self, name, key=None):
        label, hint = label_and_hint(key or name, self.lang)
        out = {"name": name, "label": label}
        if hint:
            out["hint"] = hint
        return out

    # --- items (one Markdown file per language) ---------------------------

    def kind_collection(self, kind):
        fields = {**schema.COMMON, **kind.schema}
        ordered = ["title", *(n for n in kind.schema if n != "title"), *(n for n in schema.COMMON if n != "title")]
        label, _hint = label_and_hint(f"kinds/{kind.kind}", self.lang)
        slug_label, slug_hint = label_and_hint("slug", self.lang)
        return {
            "name": kind.folder,
            "label": label,
            "folder": f"{self.content}/{kind.folder}",
            "extension": "md",
            "format": "yaml-frontmatter",
            "i18n": True,
            "create": True,
            "slug": {
                "template": "{{title}}",
                "editable": True,
                "hint": slug_hint,
                "pattern": [f.SLUG_RE.pattern, slug_hint],
            },
            "identifier_field": "title",
            # Photos inserted in the text are written relative to the Markdown
            # file (../images/x.jpg), which works under any sub-path and on GitHub.
            "media_folder": f"/{self.content}/images",
            "public_folder": "../images",
            "fields": [
                *(self.field(name, fields[name], translated=True) for name in dict.fromkeys(ordered)),
                {**self._labelled("body"), "widget": "markdown", "required": False, "i18n": True},
            ],
        }

    def field(self, name, spec, translated=False, languages_inside=False, part=False):
        """A form field for ``name`` checked by ``spec``; ``translated``: in a per-language file."""
        out = self._labelled(name)
        out.update(self.widget(name, spec, translated, languages_inside))
        out["required"] = spec.required
        if translated and "i18n" not in out:
            out["i18n"] = True if spec.parse in (TRANSLATED_PARTS if part else TRANSLATED_PARSERS) else "duplicate"
        if name == "status":
            out["default"] = "published"
        return out

    def widget(self, name, spec, translated, languages_inside):
        parse = spec.parse
        options = getattr(parse, "options", None)
        if options:
            return {"widget": "select", "options": list(options)}
        if parse in (f.datetime_value, f.deadline_value):
            if name in schema.DAY_FIELDS:
                return {"widget": "datetime", "type": "date", "format": DAY_FORMAT}
            return {"widget": "datetime", "format": DAY_AND_TIME_FORMAT}
        if parse is f.localised_here or (parse is f.localised and not languages_inside):
            return {"widget": "text" if name in schema.LONG_TEXTS else "string"}
        if parse is f.localised:
            return self._per_language(name, spec)
        if parse is f.slug and name in KINDS:
            return self._relation(KINDS[name])
        if parse is f.slug:
            return {"widget": "string", "pattern": [f.SLUG_RE.pattern, label_and_hint("id", self.lang)[1]]}
        if parse is f.slug_list:
            ids = list(self.association.partners)
            return {"widget": "select", "multiple": True, "options": ids} if ids else {"widget": "list"}
        parts = schema.PARTS.get(parse) or self._association_parts().get(parse)
        if parts is not None:
            out = {"widget": "object", "fields": self._parts(parts, translated, languages_inside)}
            if translated and any(part.parse in TRANSLATED_PARTS for part in parts.values()):
                out["i18n"] = True  # its texts are per language, its other parts copied
            return out
        listed = schema.LISTS_OF_PARTS.get(parse) or (schema.DONATION_CHANNEL if name == "donate" else None)
        if listed is not None:
            out = {"widget": "list", "fields": self._parts(listed, False, languages_inside)}
            if translated:
                out["i18n"] = True  # each language has its own list (labels in its language)
            return out
        if parse in SIMPLE_WIDGETS:
            out = dict(SIMPLE_WIDGETS[parse])
            for key in ("media_folder",):
                if key in out:
                    out[key] = out[key].format(content=self.content)
            return out
        self.unmapped.append(name)
        return {"widget": "string"}

    def _parts(self, parts, translated, languages_inside):
        return [self.field(n, spec, translated, languages_inside, part=True) for n, spec in parts.items()]

    def _relation(self, kind):
        return {
            "widget": "relation",
            "collection": kind.folder,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
        }

    def _per_language(self, name, spec):
        """A localised value of association.yml or partners.yml: one text per language."""
        fields = []
        for index, code in enumerate(self.association.languages):
            long = name in schema.LONG_TEXTS
            fields.append(
                {
                    "name": code,
                    "label": code,
                    "widget": "text" if long else "string",
                    "required": spec.required and index == 0,
                }
            )
        return {"widget": "object", "fields": fields}

    def _association_parts(self):
        return {
            model._registration: {
                "number": Field(f.text),
                "authority": Field(f.localised),
                "date": Field(f.datetime_value),
            },
            model._contact: {"email": Field(f.email), "phone": Field(f.text), "address": Field(f.localised)},
            model._social: {network: Field(f.url) for network in model.SOCIAL_NETWORKS},
            model._locales: {code: Field(f.text) for code in self.association.languages},
            finances._approved: finances.APPROVED,
            finances._totals: finances.TOTALS,
        }

    # --- finances/<year>.yml (one file per year, every language inside) -----

    def finances_collection(self):
        """The accounts of each year: its fields, and its lists of lines as forms (finances/model.py)."""
        fields = [self.field(n, spec, languages_inside=True) for n, spec in finances.YEAR.items()]
        for name, parts in finances.LISTS.items():
            listed = {**self._labelled(name), "widget": "list", "required": name != "documents"}
            listed["fields"] = self._parts(parts, False, True)
            fields.append(listed)
        label, _hint = label_and_hint("files/finances", self.lang)
        return {
            "name": "finances",
            "label": label,
            "folder": f"{self.content}/{finances.FOLDER}",
            "extension": "yml",
            "format": "yml",
            "create": True,
            "slug": {"template": "{{year}}"},  # the file is named after its year
            "identifier_field": "year",
            "fields": fields,
        }

    # --- association.yml and partners.yml ---------------------------------

    def settings_collection(self):
        basics = {**model.BASICS_SCHEMA, **model.ASSOCIATION_SCHEMA}
        partner = {**self._labelled("partners", "files/partners_file"), "widget": "list", "root": True}
        partner["fields"] = [self.field(n, spec, languages_inside=True) for n, spec in model.PARTNER_SCHEMA.items()]
        partner["required"] = False
        return {
            "name": "settings",
            "label": label_and_hint("files/settings", self.lang)[0],
            "files": [
                {
                    **self._labelled("association", "files/association"),
                    "file": f"{self.content}/association.yml",
                    "format": "yml",
                    "fields": [self.field(n, spec, languages_inside=True) for n, spec in basics.items()],
                },
                {
                    **self._labelled("partners", "files/partners_file"),
                    "file": f"{self.content}/partners.yml",
                    "format": "yml",
                    "fields": [partner],
                },
            ],
        }
