"""Links and images of a Markdown body, resolved once, at reading, on
Markdown's element tree.

Code is text in that tree (``<a href="guide.md">`` in backticks or in a fenced
block is never an element), so a code sample is neither refused nor
rewritten. Each ``<a href>`` and ``<img src>``:

- written relative to the Markdown file (``../images/x.jpg``, ``other.fr.md``,
  with or without ``#fragment``) becomes Pelican's ``{static}``/``{filename}``
  form, which Pelican turns into the file's absolute URL; a path that leads
  to no file of ``content/`` is a mistake;
- written with Pelican's forms (``{static}/images/x.jpg``) is left to Pelican;
- with a scheme: ``https:``, ``http:``, ``mailto:``, ``tel:``, ``sms:`` and
  ``ftp:`` are kept, any other (``javascript:``, ``data:``) is a mistake;
- anything else (``#top``, ``?q=1``, ``/path``) is made absolute against the
  item's own URL, as a browser would read it on the item's page.

So every URL of a body is absolute once Pelican has read it, and feeds use
the body as it is.

Raw HTML in Markdown (the editors' own, block or inline) is kept by Markdown
apart from the tree, as text; its start tags, found by the standard HTML
parser (code in it is escaped text, never a tag), get the same treatment for
``href``, ``src`` and ``poster``; the URLs of a ``srcset`` are made absolute
as the page reads them; the rest of the HTML stays as written.
"""

import os
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from tadamon import fields as f
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
        if parts.netloc or value.startswith("{"):
            return value  # //host/..., or Pelican's {static}/{filename}
        if not parts.path or value.startswith("/"):
            return self.absolute(value)
        target = os.path.normpath(os.path.join(self.folder, parts.path))
        if not target.startswith(self.content_path + os.sep) or not os.path.isfile(target):
            self.refuse(
                _("the link {link} leads to no file in content/", link=repr(value)),
                _("write the path from this file to the other one, e.g. ../images/photo.jpg"),
            )
            return value
        what = "filename" if target.endswith(MARKDOWN_FILES) else "static"
        return f"{{{what}}}{value}"


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
