"""Markdown files with a YAML front matter, validated on reading.

The reader turns the front matter into typed values (see ``tadamon.fields``),
the fields of the file's kind (``tadamon.kinds.contents``), and raises
``ContentError`` with every problem of the file. What it returns is kept
(``tadamon.kinds.bodycache``), so a file that did not change is neither parsed
nor checked again.
"""

import os
import re

from markdown import Markdown
from pelican.utils import slugify

from tadamon import fields as f
from tadamon import files, yamlfile
from tadamon.config import config_of
from tadamon.errors import ContentError, Problem, _, shown_path
from tadamon.kinds.contents import KIND_OF_FOLDER, page_url
from tadamon.kinds.links import FileLinks, LinkExtension
from tadamon.kinds.schema import COMMON
from tadamon.schema import check
from tadamon.video.paragraphs import VideoExtension

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
LANG_SUFFIX_RE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$")


def split_name(path):
    """'x/winter-coats.fr.md' -> ('winter-coats', 'fr'); no suffix -> (name, None)."""
    stem = os.path.splitext(os.path.basename(path))[0]
    match = LANG_SUFFIX_RE.match(stem)
    return (match["stem"], match["lang"]) if match else (stem, None)


FIELDS_EXAMPLE = _("write e.g. title: Winter coats, then start: 2026-12-05 14:30 on the next line")
FRONT_MATTER_EXAMPLE = _("start the file with a line ---, the fields (title: ...), then another line ---")


def _front_matter_problem(text, shown):
    """What is wrong with the top of a file that has no front matter between two lines of ---."""
    if not text.strip():
        return Problem(shown, _("the file is empty"), line=1, fix=FRONT_MATTER_EXAMPLE)
    if re.match(r"\A---[ \t]*\n", text):
        return Problem(
            shown,
            _("the front matter that starts on line 1 is never closed"),
            line=1,
            fix=_("add a line --- after its last field, before the text of the page"),
        )
    return Problem(
        shown, _("expected a YAML front matter at the top, between two lines of ---"), line=1, fix=FRONT_MATTER_EXAMPLE
    )


class YamlMarkdownReader:
    def __init__(self, settings, bodies=None):
        self.settings = settings
        config = dict(settings.get("MARKDOWN", {}))
        config.pop("extension_configs", None)
        config["extensions"] = [e for e in config.get("extensions", []) if not e.endswith("meta")]
        config["extension_configs"] = settings.get("MARKDOWN", {}).get("extension_configs", {})
        # Links and images resolved on Markdown's element tree (tadamon.kinds.links).
        config["extensions"].append(LinkExtension())
        config["extensions"].append(VideoExtension())  # a paragraph of a video's address (tadamon.video)
        # One Markdown object for all files (reset between them): building one
        # per file was a large share of the reading time.
        self._md = Markdown(**config)
        self.preread = {}  # path -> what read() returns, read ahead by other processes
        self.bodies = bodies  # tadamon.kinds.bodycache.Bodies: what earlier builds read

    def read(self, source_path):
        """(html, the item's fields) of the file at ``source_path`` (absolute)."""
        known = self.bodies.get(source_path) if self.bodies is not None else None
        if known is not None:
            return known
        ready = self.preread.pop(source_path, None)
        if ready is None:
            ready = self.read_ahead(source_path)
        if isinstance(ready, ContentError):
            raise ready
        if self.bodies is not None:
            self.bodies.put(source_path, ready)
        return ready

    def read_ahead(self, source_path):
        """(html, metadata), or the ContentError with the file's problems."""
        try:
            return self._read(source_path)
        except ContentError as error:
            return error

    def _read(self, source_path):
        content_path = self.settings["PATH"]
        shown = shown_path(content_path, source_path)
        text = files.read_text(source_path, content_path)  # UTF-8, LF line ends, inside content/
        match = FRONT_MATTER_RE.match(text)
        if not match:
            raise ContentError([_front_matter_problem(text, shown)])
        try:
            data, lines = yamlfile.load(match.group(1), shown, first_line=2)
        except yamlfile.YamlSyntaxError as error:
            raise ContentError([error.problem]) from None
        if not isinstance(data, dict):
            raise ContentError(
                [Problem(shown, _("the front matter must be fields, one per line"), line=2, fix=FIELDS_EXAMPLE)]
            )

        metadata, problems = self._metadata(data, lines, source_path, shown)
        body = text[match.end() :]
        links = self._links(source_path, shown, metadata)
        self._md.reset()
        self._md.tadamon_links.links = links
        html = self._md.convert(body)
        self._md.tadamon_links.links = None
        problems += links.problems
        if problems:
            raise ContentError(problems)
        return html, metadata

    def _metadata(self, data, lines, source_path, shown):
        settings = self.settings
        content_path = settings["PATH"]
        config = config_of(settings)
        languages = config.codes
        stem, suffix = split_name(source_path)
        problems = []

        given = data.get("lang")
        lang = str(given) if given not in (None, "") else suffix or config.default_lang
        if languages and lang not in languages:
            listed = ", ".join(languages)
            if given not in (None, ""):
                message = _(
                    "{lang} is not one of the site's languages ({languages}), listed in association.yml",
                    lang=f.show(given),
                    languages=listed,
                )
                problems.append(
                    Problem(shown, message, "lang", lines.get("lang"), _("write e.g. lang: {lang}", lang=languages[0]))
                )
            else:
                message = _(
                    "the file name says {lang}, which is not one of the site's languages ({languages}), "
                    "listed in association.yml",
                    lang=repr(lang),
                    languages=listed,
                )
                fix = _("rename the file, e.g. {name}", name=f"{stem}.{languages[0]}.md")
                problems.append(Problem(shown, message, fix=fix))
            lang = languages[0]  # the other fields are still checked
        scope = f.Scope(lang, languages or (lang,), config.timezone, content_path)

        folder = os.path.relpath(source_path, content_path).split(os.sep)[0]
        kind = KIND_OF_FOLDER[folder]
        values, field_problems = check(data, {**COMMON, **kind.schema}, scope, shown, lines)
        problems += field_problems

        if "image" in values and "image_alt" not in values:
            problems.append(
                Problem(
                    shown,
                    _("is required with every image: a short description for people who cannot see it"),
                    "image_alt",
                    lines.get("image"),
                    _("write e.g. image_alt: Volunteers sorting winter coats"),
                )
            )
        if "slug" in data:
            try:
                values["slug"] = f.slug(data["slug"])
            except f.FieldError as error:
                problems.append(error.problem(shown, "slug", lines.get("slug")))
        else:
            values["slug"] = slugify(stem)
            if not values["slug"]:
                problems.append(
                    Problem(
                        shown,
                        _("the file name gives no address in Latin letters"),
                        "slug",
                        fix=_("add e.g. slug: winter-coats"),
                    )
                )
            elif len(values["slug"]) > f.MAX_SLUG_LENGTH:  # it names a folder and a file of the output
                problems.append(
                    Problem(
                        shown,
                        _("the file name is longer than {limit} characters", limit=f.MAX_SLUG_LENGTH),
                        "slug",
                        fix=_("rename the file, or add a short slug, e.g. slug: winter-coats"),
                    )
                )
        if "image" in values:
            values["image"] = f.Image(values["image"], values.pop("image_alt", ""))
        values["lang"] = lang
        values.setdefault("status", "published")
        return values, problems

    def _links(self, source_path, shown, metadata):
        """How this file's links are resolved: against its own page's URL."""
        settings = self.settings
        folder = os.path.relpath(source_path, settings["PATH"]).split(os.sep)[0]
        kind = KIND_OF_FOLDER[folder].kind
        url = page_url(kind, metadata["lang"], settings, slug=metadata.get("slug", ""))
        return FileLinks(source_path, shown, settings["PATH"], f"{settings['SITEURL']}/{url}")
