"""Extract the theme's translatable strings and update every language's catalog.

    python tools/messages.py [new-lang ...]

Writes themes/tadamon/translations/messages.pot and updates (or creates, for
each language named on the command line) <lang>/LC_MESSAGES/messages.po, which
translators edit with Poedit, Weblate or a text editor.
"""

import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

THEME = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "themes", "tadamon")
CATALOGS = os.path.join(THEME, "translations")


def extract():
    template = Catalog(project="Tadamon theme", charset="utf-8")
    found = extract_from_dir(
        os.path.join(THEME, "templates"),
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}},
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def main(new_languages):
    template = extract()
    with open(os.path.join(CATALOGS, "messages.pot"), "wb") as stream:
        write_po(stream, template, omit_header=False, no_location=True, sort_output=True)
    languages = {d for d in os.listdir(CATALOGS) if os.path.isdir(os.path.join(CATALOGS, d))}
    for lang in sorted(languages | set(new_languages)):
        path = os.path.join(CATALOGS, lang, "LC_MESSAGES", "messages.po")
        if os.path.exists(path):
            with open(path, "rb") as stream:
                catalog = read_po(stream, locale=lang)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            catalog = Catalog(locale=lang, project="Tadamon theme", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        with open(path, "wb") as stream:
            write_po(stream, catalog, no_location=True, sort_output=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{lang}: {len(missing)} untranslated")


if __name__ == "__main__":
    main(sys.argv[1:])
