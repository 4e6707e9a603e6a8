"""The demo site in a real browser: headless Chromium driven by Playwright.

Every page of the build is loaded from a local server under a sub-path (as on
GitHub Pages): no request fails, no script error, no horizontal scrolling on
a phone; the language switcher leads to the translation; Arabic lays out right
to left; axe-core finds no serious accessibility problem on any template.
One browser and one build for the whole session.
"""

import json
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SITE_CONTENT
from demo import ROOT, missing

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
BROWSERS = ("chromium", "google-chrome", "google-chrome-stable", "chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
LANG_RE = re.compile(r'<html[^>]*\slang="([^"]+)"')
TEMPLATE_RE = re.compile(r'<body[^>]*\sclass="[^"]*\bpage-([\w-]+)')
ALTERNATE_RE = re.compile(r'<link rel="alternate" hreflang="([^"]+)"')


def chromium_path():
    """Debian's Chromium (or Chrome on a CI runner); $CHROMIUM says which one."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if os.path.exists(chosen) else None
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def chromium_for_playwright():
    """The browser to drive, once Chromium and Playwright are both there (else skip, or fail in CI)."""
    executable = chromium_path()
    if executable is None:
        missing("Chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Playwright is not installed (pip install -r requirements-dev.txt)")
    return executable


class Visit:
    """A tab that records what went wrong while it loads pages."""

    def __init__(self, context):
        self.page = context.new_page()
        self.problems = []
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def open(self, url, viewport=DESKTOP):
        """Load a page; ``problems`` then holds only what went wrong on it."""
        self.page.goto("about:blank")  # what the previous page still had in flight ends here
        self.problems.clear()
        self.page.set_viewport_size(viewport)
        self.page.goto(url, wait_until="load")
        return self.page

    def load_everything(self):
        """Make lazy images load now, and wait for them and the fonts."""
        self.page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
        self.page.wait_for_function("[...document.images].every(i => i.complete)")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def close(self):
        self.page.close()


def describe(file):
    """(language, template) of a built page, read from its <html lang> and <body class="page-...">."""
    text = file.read_text(encoding="utf-8")
    lang, template = LANG_RE.search(text), TEMPLATE_RE.search(text)
    return (lang.group(1) if lang else "?", template.group(1) if template else "?")


def one_page_per_template(demo):
    """The first page of each template in each language (home, lists, items, 404, ...)."""
    chosen = {}
    for file in demo.html_files():
        chosen.setdefault(describe(file), file)
    return chosen


def translated_item_pages(demo):
    """One item page per kind and language among those that have a translation."""
    found = {}
    for file in demo.html_files():
        lang, template = describe(file)
        translations = set(ALTERNATE_RE.findall(file.read_text(encoding="utf-8"))) - {lang, "x-default"}
        if template in ("activity", "project", "campaign", "volunteer", "news", "page") and translations:
            found.setdefault((lang, template), file)
    return found


def test_every_page_loads_without_a_failed_request_or_error(visit, demo):
    failures = {}
    files = demo.html_files()
    for file in files:
        page = visit.open(demo.url_of(file))
        visit.load_everything()
        if visit.problems:
            failures[page.url] = list(visit.problems)
    assert len(files) > 20
    assert failures == {}, json.dumps(failures, indent=1, ensure_ascii=False)


def test_a_missing_address_shows_the_404_page_with_its_styles_and_links(visit, demo):
    """GitHub Pages answers any missing address with 404.html: its links and styles
    must work from there too, however deep the address."""
    missing_url = f"{demo.siteurl}/activities/no-such-activity/photos/"
    page = visit.open(missing_url)
    visit.load_everything()
    document_404 = f"HTTP 404: {missing_url}"
    assert document_404 in visit.problems
    others = [p for p in visit.problems if p != document_404]
    # Chromium also logs the document's own 404 on the console; nothing else may fail.
    assert len(others) <= 1 and all("status of 404" in p for p in others), others
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    home = page.locator("a.brand")
    home.click()
    page.wait_for_load_state("load")
    assert page.url == f"{demo.siteurl}/"


def test_no_page_scrolls_sideways_on_a_phone(visit, demo):
    too_wide = {}
    for file in demo.html_files():
        page = visit.open(demo.url_of(file), PHONE)
        width = page.evaluate(
            """() => {
              const doc = document.documentElement;
              if (doc.scrollWidth <= innerWidth) return null;
              const culprits = [...document.body.querySelectorAll('*')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
                .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
              return {scrollWidth: doc.scrollWidth, innerWidth, culprits};
            }"""
        )
        if width:
            too_wide[page.url] = width
    assert too_wide == {}, json.dumps(too_wide, indent=1)


def test_language_switcher_leads_to_the_translation(visit, demo):
    pages = translated_item_pages(demo)
    assert {template for _lang, template in pages} >= SITE_CONTENT.translated_kinds
    for (lang, template), file in sorted(pages.items()):
        page = visit.open(demo.url_of(file))
        for link in page.locator("nav.langs a[hreflang]").all():
            other = link.get_attribute("hreflang")
            alternate = page.locator(f'link[rel=alternate][hreflang="{other}"]')
            # Without a translation in that language, the switcher leads to its home page.
            home = f"{demo.siteurl}/{SITE_CONTENT.prefix(other)}"
            expected = alternate.get_attribute("href") if alternate.count() else home
            link.click()
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.lang") == other, f"{template} page in {lang}"
            assert page.url == expected, f"the {other} link of a {template} page in {lang}"
            page.go_back()


def _layout(page):
    return page.evaluate(
        """() => {
          const main = document.querySelector('main');
          const h1 = main.querySelector('h1');
          const style = getComputedStyle(main);
          const box = main.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(h1);
          // The title's first line: every run of text on it (a number in Arabic is a run of its own).
          const rects = [...range.getClientRects()];
          const line = rects.filter(r => Math.abs(r.top - rects[0].top) < 1);
          const links = [...document.querySelectorAll('nav.site-nav a')].slice(0, 2)
            .map(a => a.getBoundingClientRect());
          return {
            dir: getComputedStyle(document.documentElement).direction,
            left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight),
            textLeft: Math.min(...line.map(r => r.left)), textRight: Math.max(...line.map(r => r.right)),
            // The menu's first two entries (a language with one list has one).
            first: links.length > 1 ? links[0].left : null, second: links.length > 1 ? links[1].left : null,
            sameLine: links.length > 1 && Math.abs(links[0].top - links[1].top) < 2,
          };
        }"""
    )


def test_arabic_lays_out_right_to_left_and_french_left_to_right(visit, demo):
    checked = set()
    for (lang, template), file in sorted(one_page_per_template(demo).items()):
        if lang not in SITE_CONTENT.languages:
            continue
        page = visit.open(demo.url_of(file))
        box = _layout(page)
        where = f"{template} page in {lang}"
        if SITE_CONTENT.direction(lang) == "rtl":
            assert box["dir"] == "rtl", where
            assert abs(box["textRight"] - box["right"]) <= 2, f"{where}: the title does not start on the right"
            if box["first"] is not None:
                assert box["sameLine"] and box["first"] > box["second"], f"{where}: the menu does not run right to left"
        else:
            assert box["dir"] == "ltr", where
            assert abs(box["textLeft"] - box["left"]) <= 2, f"{where}: the title does not start on the left"
            if box["first"] is not None:
                assert box["sameLine"] and box["first"] < box["second"], f"{where}: the menu does not run left to right"
        checked.add(lang)
    assert checked == set(SITE_CONTENT.languages)


AXE_RUN = """async () => {
  // WCAG 2.0 to 2.2, levels A and AA (2.2 adds target sizes), and axe's best practices.
  const results = await axe.run(document, {
    resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  });
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


def test_no_serious_accessibility_problem_on_any_template(visit, demo):
    if not AXE.is_file():
        missing(f"{AXE.relative_to(ROOT)} is missing (run `npm ci`)")
    pages = one_page_per_template(demo)
    templates = defaultdict(set)
    for lang, template in pages:
        templates[lang].add(template)
    # Every template the content has: the home page, and each kind's items (and the activities' list).
    expected = {"home"} | SITE_CONTENT.kinds | ({"activity_list"} if "activity" in SITE_CONTENT.kinds else set())
    assert expected <= templates[SITE_CONTENT.default_lang]
    assert "404" in {template for _lang, template in pages}
    found = {}
    for (lang, template), file in sorted(pages.items()):
        page = visit.open(demo.url_of(file))
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN)
        if violations:
            found[f"{template} ({lang}) {page.url}"] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", SITE_CONTENT.languages)
def test_screenshots_of_the_home_page(visit, demo, lang):
    """For people to look at (tests/artifacts/screenshots/): phone and desktop."""
    from PIL import Image

    home = next(
        file
        for file, (page_lang, template) in ((f, describe(f)) for f in demo.html_files())
        if page_lang == lang and template == "home"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = visit.open(demo.url_of(home), viewport)
        visit.load_everything()
        path = SCREENSHOTS / f"home-{lang}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        with Image.open(path) as image:
            assert image.width == viewport["width"] and image.height >= viewport["height"]
    assert Path(SCREENSHOTS / f"home-{lang}-phone.png").stat().st_size > 10_000
