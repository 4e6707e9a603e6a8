"""Links and images of a Markdown body, resolved once, at reading, on
Markdown's element tree.

Code is text in that tree (``<a href="guide.md">`` in backticks or in a fenced
block is never an element), so a code sample is neither refused nor
rewritten. Each ``<a href>`` and ``<img src>``:

- written relative to the Markdown file (``../images/x.jpg``, ``other.fr.md``,
  with or without ``#fragment``) becomes the ``{static}``/``{filename}`` form
  (Pelican's, which editors may also write: ``{static}/images/x.jpg``, from
  content/); a path that leads to no file of ``content/`` is a mistake;
- with a scheme: ``https:``, ``http:``, ``mailto:``, ``tel:``, ``sms:`` and
  ``ftp:`` are kept, any other (``javascript:``, ``data:``) is a mistake;
- anything else (``#top``, ``?q=1``, ``/path``) is made absolute against the
  item's own URL, as a browser would read it on the item's page.

An item's ``content`` makes those forms URLs (``with_urls``): a page's by the
item it was read into (its slug and language may change without the linking
file changing), a static file's by its path. So every URL of a body is
absolute, and feeds use the body as it is.

Raw HTML in Markdown (the editors' own, block or inline) is kept by Markdown
apart from the tree, as text; its start tags, found by the standard HTML
parser (code in it is escaped text, never a tag), get the same treatment for
``href``, ``src`` and ``poster``; the URLs of a ``srcset`` are made absolute
as the page reads them; the rest of the HTML stays as written.
"""

import html
import logging
import os
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from tadamon import fields as f
from tadamon.config import config_of
from tadamon.errors import Problem, _

ALLOWED_SCHEMES = (*f.URL_SCHEMES, "ftp")
MARKDOWN_FILES = (".md", ".markdown")
NEWLINE_RE = re.compile("\n")
# A URL attribute in a start tag (found by the HTML parser): its value quoted, or bare.
URL_ATTRIBUTE_RE = re.compile(
    r"""(?P<head>\s(?P<name>href|src|poster|srcset)\s*=\s*)(?:(?P<quote>["'])(?P<quoted>.*?)(?P=quote)|(?P<bare>[^\s"'<>`]+))""",
    re.IGNORECASE | re.DOTALL,
)
TREE_ATTRIBUTES = {"a": "href", "img": "src"}
FORMS = ("{static}", "{filename}")
# A start tag with a {filename}/{static} form; in it, each attribute that holds one
# (the attributes Pelican's own forms are read in).
FORM_TAG_RE = re.compile(r"<[a-zA-Z][^>]*\{(?:filename|static)\}[^>]*>")
FORM_RE = re.compile(
    r"""(?P<head>\s(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)"""
    r"""(?P<quote>["'])\{(?P<what>filename|static)\}(?P<value>.*?)(?P=quote)""",
    re.IGNORECASE,
)
logger = logging.getLogger(__name__)


class FileLinks:
    """How the links of one Markdown file are resolved; collects its problems."""

    def __init__(self, source_path, shown, content_path, page_url):
        self.folder = os.path.dirname(source_path)
        self.shown = shown
        self.content_path = os.path.normpath(content_path)
        self.page_url = page_url  # absolute URL of the item's page
        self.problems = []

    def absolute(self, value):
        """``value`` as a browser reads it on the item's page."""
        return value if urlsplit(value).scheme else urljoin(self.page_url, value)

    def refuse(self, message, fix):
        self.problems.append(Problem(self.shown, message, fix=fix))

    def resolve(self, value):
        parts = urlsplit(value)
        if parts.scheme:
            if parts.scheme.lower() not in ALLOWED_SCHEMES:
                self.refuse(
                    _("the link {link} is not allowed", link=repr(value)),
                    _("link to an https: address or to a file of content/"),
                )
            return value
        if value.startswith(FORMS):  # written as Pelican's form: from content/ with a leading /
            if _file(self.content_path, self.folder, urlsplit(value.partition("}")[2]).path) is None:
                self._refuse_missing(value)
            return value
        if parts.netloc or value.startswith("{"):
            return value  # //host/..., or another of Pelican's forms
        if not parts.path or value.startswith("/"):
            return self.absolute(value)
        target = _file(self.content_path, self.folder, parts.path)
        if target is None:
            self._refuse_missing(value)
            return value
        what = "filename" if target.endswith(MARKDOWN_FILES) else "static"
        return f"{{{what}}}{value}"

    def _refuse_missing(self, value):
        self.refuse(
            _("the link {link} leads to no file in content/", link=repr(value)),
            _("write the path from this file to the other one, e.g. ../images/photo.jpg"),
        )


def _file(content_path, folder, path):
    """The file of content/ that ``path`` names (from ``folder``; from content/ with
    a leading /), or None. Tried as written, then with %20 and &amp; read."""
    for written in dict.fromkeys((path, unquote(html.unescape(path)))):
        base = content_path if written.startswith("/") else folder
        target = os.path.normpath(os.path.join(base, written.lstrip("/")))
        if target.startswith(content_path + os.sep) and os.path.isfile(target):
            return target
    return None


def _named(match, source_path, content_path):
    """(the URL parts of a form's value, the file of content/ it names or None,
    whether that file is a page: a Markdown file named with ``{filename}``; any
    other file, ``{filename}/images/x.jpg`` as Pelican allows too, is published
    at its path)."""
    value = urlsplit(match["value"])
    target = _file(content_path, os.path.dirname(source_path), value.path)
    page = match["what"] == "filename" and target is not None and target.endswith(MARKDOWN_FILES)
    return value, target, page


def _has_forms(body):
    return any(form in body for form in FORMS)


def with_urls(body, item):
    """``body`` (of ``item``, tadamon.kinds.contents.Item) with its ``{filename}``
    and ``{static}`` forms made absolute URLs: a Markdown file's by the item read
    from it, another file's by its path (static files keep their path in the output)."""
    if not _has_forms(body):
        return body
    settings = item.site.settings
    content_path = os.path.normpath(settings["PATH"])

    def url(match):
        value, target, page = _named(match, item.source_path, content_path)
        linked = item.site.sources.get(target) if page else target
        if linked is None:
            logger.warning("%s: the link %s leads to no page of the site", item.source_path, match["value"])
            return match.group()
        path = linked.url if page else os.path.relpath(target, content_path).replace(os.sep, "/")
        address = config_of(settings).absolute(path)
        address += f"?{value.query}" if value.query else ""
        address += f"#{value.fragment}" if value.fragment else ""
        return f"{match['head']}{match['quote']}{address}{match['quote']}"

    return FORM_TAG_RE.sub(lambda tag: FORM_RE.sub(url, tag.group()), body)


def static_files(body, source_path, content_path):
    """The files of content/ that ``body`` (read from ``source_path``) links to
    that are not pages: they are published at their path."""
    if not _has_forms(body):
        return set()
    matches = (match for tag in FORM_TAG_RE.finditer(body) for match in FORM_RE.finditer(tag.group()))
    named = (_named(match, source_path, content_path) for match in matches)
    return {target for _value, target, page in named if target is not None and not page}


class LinkResolver(Treeprocessor):
    """Runs once Markdown's inline patterns made the ``<a>`` and ``<img>`` elements."""

    links = None  # the FileLinks of the file being converted; None: links left as written

    def run(self, root):
        links = self.links
        if links is None:
            return
        for element in root.iter():
            attribute = TREE_ATTRIBUTES.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is not None:
                element.set(attribute, links.resolve(value))
        stash = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(stash):
            if isinstance(block, str) and any(name in block for name in ("href", "src", "poster")):
                stash[number] = _resolve_raw(block, links)


class LinkExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's name
        md.tadamon_links = LinkResolver(md)
        # After "inline" (20), which makes the links; before "footnote-duplicate" (15).
        md.treeprocessors.register(md.tadamon_links, "tadamon_links", 17)


def _resolve_raw(html, links):
    """``html`` with the href and src of its start tags resolved."""
    parts, done = [], 0
    for start, text in StartTags.of(html):
        if not any(name in text.lower() for name in ("href", "src", "poster")):
            continue
        resolved = URL_ATTRIBUTE_RE.sub(lambda match: _attribute(match, links), text)
        parts += [html[done:start], resolved]
        done = start + len(text)
    return "".join(parts) + html[done:]


def _attribute(match, links):
    quote = match["quote"] or '"'
    value = match["quoted"] if match["quote"] else match["bare"]
    if match["name"].lower() == "srcset":  # "URL width, ...": URLs as the page reads them
        candidates = (c.strip().split(None, 1) for c in value.split(",") if c.strip())
        value = ", ".join(" ".join([links.absolute(c[0]), *c[1:]]) for c in candidates)
    else:
        value = links.resolve(value.strip())
    return f"{match['head']}{quote}{value}{quote}"


class StartTags(HTMLParser):
    """The start tags of some HTML: (offset, text as written) of each."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        # Where each line starts, lines as the parser counts them (at "\n" only).
        self.lines = [0] + [match.end() for match in NEWLINE_RE.finditer(html)]
        self.found = []

    @classmethod
    def of(cls, html):
        parser = cls(html)
        parser.feed(html)
        parser.close()
        return parser.found

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.found.append((self.lines[line - 1] + column, self.get_starttag_text()))

    handle_startendtag = handle_starttag
