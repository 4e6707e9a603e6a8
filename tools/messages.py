"""Extract the translatable strings and update every language's catalogs.

    python tools/messages.py [new-lang ...]

Two catalogs per language, which translators edit with Poedit, Weblate or a
text editor:

- the theme's words: themes/tadamon/translations/messages.pot, and
  <lang>/LC_MESSAGES/messages.po beside it;
- the messages to editors about mistakes (every ``_("...")`` of the plugin's
  Python code): plugins/tadamon/translations/editor.pot, and
  <lang>/LC_MESSAGES/editor.po beside it.

A language named on the command line gets new catalogs.
"""

import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THEME = os.path.join(ROOT, "themes", "tadamon")
PLUGIN = os.path.join(ROOT, "plugins", "tadamon")

# Visitors' words written in Python (marked N_("...")), which the theme's catalog translates.
THEME_WORDS_IN_CODE = ("i18n/hijri.py", "kinds/facts.py")

# (project, [(folder extracted, method map, options)], catalogs folder, domain)
DOMAINS = (
    (
        "Tadamon theme",
        [
            (
                os.path.join(THEME, "templates"),
                [("**.html", "jinja2.ext:babel_extract"), ("**.txt", "jinja2.ext:babel_extract")],
                {
                    pattern: {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
                    for pattern in ("**.html", "**.txt")
                },
            ),
            (PLUGIN, [(name, "python") for name in THEME_WORDS_IN_CODE], {}),
        ],
        os.path.join(THEME, "translations"),
        "messages",
    ),
    (
        "Tadamon editor messages",
        [
            (
                PLUGIN,
                # cards/ and feeds/ say visitors' words with the theme's catalog, and so does i18n/hijri.py
                [
                    ("cards/**.py", "ignore"),
                    ("feeds/**.py", "ignore"),
                    *((name, "ignore") for name in THEME_WORDS_IN_CODE),
                    ("**.py", "python"),
                ],
                {},
            )
        ],
        os.path.join(PLUGIN, "translations"),
        "editor",
    ),
)


def extract(project, sources):
    template = Catalog(project=project, charset="utf-8")
    for folder, method_map, options_map in sources:
        found = extract_from_dir(folder, method_map=method_map, options_map=options_map)
        for filename, lineno, message, comments, context in found:
            template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update(project, template, catalogs, domain, languages):
    with open(os.path.join(catalogs, f"{domain}.pot"), "wb") as stream:
        write_po(stream, template, omit_header=False, no_location=True, sort_output=True)
    for lang in sorted(languages):
        path = os.path.join(catalogs, lang, "LC_MESSAGES", f"{domain}.po")
        if os.path.exists(path):
            with open(path, "rb") as stream:
                catalog = read_po(stream, locale=lang)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            catalog = Catalog(locale=lang, project=project, charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        with open(path, "wb") as stream:
            write_po(stream, catalog, no_location=True, sort_output=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{domain} {lang}: {len(missing)} untranslated")


def main(new_languages):
    for project, sources, catalogs, domain in DOMAINS:
        os.makedirs(catalogs, exist_ok=True)
        languages = {d for d in os.listdir(catalogs) if os.path.isdir(os.path.join(catalogs, d))}
        template = extract(project, sources)
        update(project, template, catalogs, domain, languages | set(new_languages))


if __name__ == "__main__":
    main(sys.argv[1:])
