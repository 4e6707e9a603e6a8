"""Stage: ``sitemap.xml`` with every HTML page and its translations, and ``robots.txt``.

Every HTML page the stages write is in the site model's ``pages``, with its
template values (its language, ``alternates`` and item or list);
``tadamon.build`` calls ``write`` after every stage that writes pages.

``lastmod`` comes from the content (``updated``, ``date``, a campaign's
``raised.as_of``; for a list or home page, its newest item), never from the
clock, so the same content gives the same sitemap.
"""

import os
from xml.sax.saxutils import escape, quoteattr

from tadamon import listed_alone
from tadamon.config import config_of

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EXCLUDED = ("404.html",)


def modified(item):
    """When the item's page last changed, as far as its content says; or None."""
    raised = item.raised
    dates = [item.updated, item.date, raised.as_of if raised else None]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def _lastmod(site, values):
    item = values.get("item")
    if item is not None:
        return modified(item)
    items = values.get("list_items")
    if items is None and values.get("page_name") == "home":
        items = [i for kind in site.items[values["lang"]].values() for i in kind]
    dates = [d for d in map(modified, items or ()) if d]
    return max(dates) if dates else None


def write(build):
    """The sitemap of every page written before this stage (``tadamon.build``'s order), and robots.txt."""
    site, settings = build.site, build.settings
    if site.association is None:
        return
    pages = {}  # url -> (lang, {lang: url}, lastmod)
    inside = os.path.join(os.path.abspath(build.output_path), "")  # pages' paths are under it
    for path, values in site.pages:
        lang, alternates, lastmod = values.get("lang"), values.get("alternates") or (), _lastmod(site, values)
        relative = path.removeprefix(inside).replace(os.sep, "/")
        if relative in EXCLUDED:
            continue
        url = relative.removesuffix("index.html")
        found = dict(alternates)
        if lang:
            found[lang] = url  # a page is always its own alternate in its language
        pages[url] = (lang, found, lastmod)
    plan, url = site.plan, settings["TADAMON_URLS"]["sitemap"]
    plan.publish(url, plan.add(url, pages), lambda: _sitemap(site, settings, pages))
    plan.publish("robots.txt", plan.add("robots.txt"), lambda: _robots(settings))


def _alternates(pages, url):
    """The translations of a page that exist and name it back (hreflang must be
    reciprocal: page 2 of a list is no translation of page 1 of another language)."""
    lang, found, _ = pages[url]
    out = {}
    for other_lang, other_url in found.items():
        other = pages.get(other_url)
        if other is not None and other[0] == other_lang and other[1].get(lang) == url:
            out[other_lang] = other_url
    return out


def _sitemap(site, settings, pages):
    """The XML, written as text: an ElementTree of every URL held several
    megabytes at the end of the build, when its memory is at its peak."""
    association = site.association
    languages, default, tz = association.languages, association.default_lang, association.timezone
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for url in sorted(pages):
        lines += ["  <url>", f"    <loc>{escape(config_of(settings).absolute(url))}</loc>"]
        lastmod = pages[url][2]
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.astimezone(tz).isoformat('T', 'seconds')}</lastmod>")
        alternates = _alternates(pages, url)
        if len(alternates) >= 2:
            links = [(lang, alternates[lang]) for lang in languages if lang in alternates]
            if default in alternates:
                links.append(("x-default", alternates[default]))
            for hreflang, href in links:
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)}'
                    f" href={quoteattr(config_of(settings).absolute(href))} />"
                )
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()


def _robots(settings):
    # Crawlers read robots.txt only at the root of a host; under a sub-path
    # (GitHub project pages) it is harmless, and the sitemap is still
    # found through search engines' consoles.
    sitemap = config_of(settings).absolute(settings["TADAMON_URLS"]["sitemap"])
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n".encode()


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
