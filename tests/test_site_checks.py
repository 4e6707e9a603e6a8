"""The whole built demo, as a validator and a link checker see it.

Run over every HTML page the build writes, so that whatever a plugin adds
(feeds, calendars, share cards, structured data, follow pages) is checked too.
"""

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from demo import ROOT, missing

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Attributes that hold one URL, and those that hold a list (srcset).
URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}
META_URLS = {"og:url", "og:image", "og:image:secure_url", "twitter:image", "og:video", "og:audio"}


def test_every_page_is_valid_html(demo):
    """The W3C Nu HTML checker, on every page at once: no error."""
    if shutil.which("java") is None:
        missing("Java is not installed (the W3C Nu HTML checker needs it)")
    if not VNU.is_file():
        missing(f"{VNU.relative_to(ROOT)} is missing (run `npm ci`)")
    files = [str(f) for f in demo.html_files()]
    assert len(files) > 20
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stderr or done.stdout)  # vnu writes its report on stderr
    errors = [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(demo.output)}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)


def _urls(tag):
    """Every URL an element points to."""
    if tag.name in URL_ATTRIBUTES and tag.get(URL_ATTRIBUTES[tag.name]):
        yield tag[URL_ATTRIBUTES[tag.name]]
    for candidate in (tag.get("srcset") or "").split(","):
        if candidate.strip():
            yield candidate.split()[0]
    if tag.name == "meta" and (tag.get("property") in META_URLS or tag.get("name") in META_URLS):
        yield tag.get("content", "")


def _json_urls(value, base):
    """Strings of a JSON-LD block that are addresses on this site. ``@id`` values
    name nodes of the graph (``.../#organization``): identifiers, not links."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "@id":
                yield from _json_urls(item, base)
    elif isinstance(value, list):
        for item in value:
            yield from _json_urls(item, base)
    elif isinstance(value, str) and value.startswith(base):
        yield value


def test_every_internal_link_resolves(demo):
    """Every href/src on this site's origin leads to a file of the build, under the
    site's sub-path, and every #fragment to an id on the page it points to."""
    site = urlsplit(demo.siteurl)
    pages = {file: BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser") for file in demo.html_files()}
    ids = {
        file: {tag["id"] for tag in soup.find_all(id=True)}
        | {a["name"] for a in soup.find_all("a", attrs={"name": True})}
        for file, soup in pages.items()
    }
    broken = defaultdict(set)
    checked = 0
    for file, soup in pages.items():
        page_url = demo.url_of(file)
        if file.name == "404.html":  # GitHub Pages shows it at any missing address, however deep
            page_url = f"{demo.siteurl}/no/such/page/"
        found = [url for tag in soup.find_all(True) for url in _urls(tag)]
        for script in soup.find_all("script", type="application/ld+json"):
            found += list(_json_urls(json.loads(script.string or "null"), demo.siteurl))
        for raw in found:
            if raw.startswith("#"):  # on this very page
                checked += 1
                if unquote(raw[1:]) not in ids[file]:
                    broken[file].add(f"{raw}: no such id on this page")
                continue
            target = urlsplit(urljoin(page_url, raw.strip()))
            if target.scheme not in ("http", "https") or target.netloc != site.netloc:
                continue  # mailto:, tel:, sms:, other sites
            checked += 1
            where = raw
            path = unquote(target.path)
            if not (path + "/").startswith(site.path + "/"):
                broken[file].add(f"{where}: outside the site's sub-path {site.path}/")
                continue
            relative = path[len(site.path) :].lstrip("/")
            local = demo.output / relative
            if local.is_dir():
                if not path.endswith("/"):
                    broken[file].add(f"{where}: a folder without its final /")
                local = local / "index.html"
            if not local.is_file():
                broken[file].add(f"{where}: no such file in the build")
            elif target.fragment and local.suffix == ".html" and unquote(target.fragment) not in ids.get(local, ()):
                broken[file].add(f"{where}: no id {unquote(target.fragment)!r} on that page")
    assert checked > len(pages) * 10  # the checker did look at links
    report = [
        f"{file.relative_to(demo.output)}: {problem}"
        for file, problems in broken.items()
        for problem in sorted(problems)
    ]
    assert report == [], "\n".join(report)
