"""``tadamon verify OUTPUT --base-url URL``: the built site works at its address.

What the Pages workflow checks before it deploys, for any association's
content (it assumes nothing about which pages exist):

- every page has ``<html lang=.. dir=..>``, the direction right for the language;
- every link and asset of a page (``href``, ``src``, ``srcset``, Open Graph
  images and URLs) that points into the site answers: a file of the output,
  under the base URL's path (GitHub Pages serves a project site under /<repo>/);
- every feed and the sitemap parse as XML, with absolute URLs under the base URL;
- every calendar parses as iCalendar.

Links to other sites are not fetched: the build has no network.
"""

import os
import posixpath
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from tadamon.config import direction as direction_of
from tadamon.errors import ContentError, Problem, _

LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
META_URLS = {"og:image", "og:url", "twitter:image", "og:image:secure_url"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class _PageParser(HTMLParser):
    """The <html> tag's lang and dir, and every URL the page refers to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html = None
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and self.html is None:
            self.html = attrs
        for name in LINK_ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.urls.append(attrs[name])
        for name in ("srcset", "imagesrcset"):
            if attrs.get(name):
                self.urls += [c.split()[0] for c in attrs[name].split(",") if c.strip()]
        if tag == "meta" and (attrs.get("property") or attrs.get("name")) in META_URLS and attrs.get("content"):
            self.urls.append(attrs["content"])


class Verifier:
    def __init__(self, output, base_url):
        self.output = os.path.abspath(output)
        self.base = base_url.rstrip("/") + "/"
        parts = urlsplit(self.base)
        self.origin = (parts.scheme, parts.netloc)
        self.base_path = parts.path
        self.problems = []
        self.missing = {}  # url -> pages that link to it

    def shown(self, path):
        return os.path.join(os.path.basename(self.output), os.path.relpath(path, self.output)).replace(os.sep, "/")

    def url_of(self, path):
        relative = os.path.relpath(path, self.output).replace(os.sep, "/")
        if relative == "index.html":
            relative = ""
        elif relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return self.base + relative

    def file_of(self, url):
        """The output file that answers ``url`` as GitHub Pages would, or None."""
        path = unquote(urlsplit(url).path)[len(self.base_path) :]
        local = os.path.normpath(os.path.join(self.output, *path.split("/")))
        if not (local == self.output or local.startswith(self.output + os.sep)):
            return None
        for candidate in (local, os.path.join(local, "index.html"), local + ".html"):
            if os.path.isfile(candidate):
                return candidate
        return None

    def inside(self, url):
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc) == self.origin

    def check_url(self, url, page):
        if not self.inside(url):
            return
        if not urlsplit(url).path.startswith(self.base_path):
            self.problems.append(
                Problem(
                    self.shown(page),
                    _("the link {url} leaves the site's address {base}", url=url, base=self.base),
                    fix=_("links must start with {base}", base=self.base),
                )
            )
        elif self.file_of(url) is None:
            self.missing.setdefault(url.split("#")[0].split("?")[0], []).append(page)

    # --- each kind of file ----------------------------------------------

    def page(self, path):
        parser = _PageParser()
        with open(path, encoding="utf-8", errors="replace") as stream:
            parser.feed(stream.read())
        html = parser.html or {}
        lang, direction = html.get("lang"), html.get("dir")
        if not lang or direction not in ("rtl", "ltr"):
            self.problems.append(Problem(self.shown(path), _("the page has no lang and dir on <html>")))
        elif direction != direction_of(lang):
            self.problems.append(
                Problem(self.shown(path), _("dir={dir} is wrong for lang={lang}", dir=direction, lang=lang))
            )
        page_url = self.url_of(path)
        for url in parser.urls:
            url = url.strip()
            if url.startswith(("mailto:", "tel:", "sms:", "data:", "javascript:", "#")):
                continue
            self.check_url(urljoin(page_url, url), path)

    def xml(self, path):
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            self.problems.append(Problem(self.shown(path), _("not well-formed XML: {error}", error=str(error))))
            return
        if root.tag == "rss":
            urls = [e.text or "" for e in root.iter("link")] + [e.get("url", "") for e in root.iter("enclosure")]
        elif root.tag == f"{ATOM}feed":
            urls = [e.get("href", "") for e in root.iter(f"{ATOM}link")]
        elif root.tag in (f"{SITEMAP}urlset", f"{SITEMAP}sitemapindex"):
            urls = [e.text or "" for e in root.iter(f"{SITEMAP}loc")]
            urls += [e.get("href", "") for e in root.iter(f"{XHTML}link")]
        else:
            return
        for url in urls:
            url = url.strip()
            if not url:
                continue
            if not url.startswith(self.base):
                self.problems.append(
                    Problem(self.shown(path), _("the address {url} is not under {base}", url=url, base=self.base))
                )
            else:
                self.check_url(url, path)

    def calendar(self, path):
        from icalendar import Calendar

        try:
            with open(path, "rb") as stream:
                Calendar.from_ical(stream.read())
        except ValueError as error:
            self.problems.append(Problem(self.shown(path), _("not a valid iCalendar file: {error}", error=str(error))))

    def run(self):
        if not os.path.isfile(os.path.join(self.output, "index.html")):
            self.problems.append(Problem(self.shown(self.output), _("the built site has no home page (index.html)")))
        for folder, _folders, files in sorted(os.walk(self.output)):
            for name in sorted(files):
                path = os.path.join(folder, name)
                extension = posixpath.splitext(name)[1]
                if extension == ".html":
                    self.page(path)
                elif extension == ".xml":
                    self.xml(path)
                elif extension == ".ics":
                    self.calendar(path)
        for url, pages in sorted(self.missing.items()):
            self.problems.append(
                Problem(
                    self.shown(pages[0]),
                    _("{url} answers nothing (linked from {count} files)", url=url, count=len(pages)),
                )
            )
        return ContentError(self.problems) if self.problems else None


def verify(output, base_url):
    """None if the site in ``output`` works at ``base_url``, else a ContentError."""
    return Verifier(output, base_url).run()
