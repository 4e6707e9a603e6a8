"""A phone in Chromium (360 px wide, 2 device pixels per CSS pixel) and a site served
to it as GitHub Pages serves it: under a sub-path, text gzip-compressed.

Used by test_budget.py (what a page costs a phone) and test_layout_shift.py (what
moves while fonts load). ``serve(output, font_delay=...)`` can hold back every
font for a while, as a slow connection does.
"""

import functools
import gzip
import http.server
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import FIXTURE, build
from demo import SUBPATH, SubPathHandler
from test_browser import CHROMIUM_ARGS, PHONE, chromium_for_playwright

PHOTOS = Path(__file__).parent / "fixtures" / "photos"
# What GitHub Pages sends compressed (the rest, fonts and images, is already compressed).
TEXT_SUFFIXES = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
# Run before a page's scripts: window.shifts collects every layout shift not caused by input.
OBSERVE = """() => {
  window.shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
  }).observe({type: 'layout-shift', buffered: true});
}"""
PAGES = (
    ("bylaws", "القانون الأساسي", "Statuts"),
    ("membership", "الانخراط في الجمعية", "Adhésion"),
    ("transparency", "الشفافية", "Transparence"),
)


def transferred(file):
    """Bytes a file costs on the wire from GitHub Pages: text gzip-compressed, the rest as it is."""
    data = Path(file).read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if Path(file).suffix in TEXT_SUFFIXES else len(data)


class Server:
    """The output folder on 127.0.0.1 under SUBPATH, fonts held back ``font_delay`` seconds."""

    def __init__(self, output, siteurl, server):
        self.output, self.siteurl, self.server = Path(output), siteurl, server

    def url(self, relative):
        return f"{self.siteurl}/{relative}"

    def file_of(self, url):
        """The output file a URL of the site serves (folders: their index.html)."""
        relative = url.split("#", 1)[0].split("?", 1)[0][len(self.siteurl) + 1 :]
        path = self.output / relative
        return path / "index.html" if path.is_dir() else path

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class DelayingHandler(SubPathHandler):
    font_delay = 0.0

    def do_GET(self):
        if self.path.endswith(".woff2") and self.font_delay:
            time.sleep(self.font_delay)
        super().do_GET()


def open_port():
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)


def build_and_serve(content, base, font_delay=0.0, **settings):
    """Build ``content`` for the address it is then served at; return a Server."""
    server = open_port()
    siteurl = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    site = build(content, Path(base) / "output", SITEURL=siteurl, **settings)
    handler = type("Handler", (DelayingHandler,), {"font_delay": font_delay})
    server.RequestHandlerClass = functools.partial(handler, directory=str(site.path))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Server(site.path, siteurl, server)


def photo_site(target):
    """The fixture site with photos on its items, as an association would have: JPEGs
    of 1600x1067 (a phone's photo, resized by the editor) on the campaigns and news."""
    from PIL import Image, ImageDraw

    shutil.copytree(FIXTURE, target)
    for index, name in enumerate(("coats", "school", "report-2025", "garden")):
        image = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
        draw = ImageDraw.Draw(image)
        for step in range(60):  # shapes and edges, so that the JPEG has something to encode
            x, y = (step * 97 + index * 31) % 1500, (step * 53 + index * 17) % 1000
            draw.ellipse(
                (x, y, x + 40 + step * 3, y + 30 + step * 2), fill=(step * 4 % 256, 90 + index * 30, 200 - step)
            )
        image.save(target / "images" / f"{name}.jpg", quality=90)
    for path, name in (
        ("campaigns/coats.ar.md", "coats"),
        ("campaigns/coats.fr.md", "coats"),
        ("campaigns/school.fr.md", "school"),
        ("news/report-2025.ar.md", "report-2025"),
        ("news/report-2025.fr.md", "report-2025"),
        ("projects/garden.ar.md", "garden"),
        ("projects/garden.fr.md", "garden"),
    ):
        file = target / path
        head, body = file.read_text(encoding="utf-8").split("\n---\n", 1)
        head = "\n".join(line for line in head.splitlines() if not line.startswith(("image:", "image_alt:")))
        file.write_text(f"{head}\nimage: images/{name}.jpg\nimage_alt: photo\n---\n{body}", encoding="utf-8")
    # A menu as long as a real association's (its stable pages), which wraps on a phone.
    for order, (slug, arabic, french) in enumerate(PAGES, start=2):
        for lang, title in (("ar", arabic), ("fr", french)):
            text = f'---\ntitle: "{title}"\norder: {order}\n---\n{title}.\n'
            (target / "pages" / f"{slug}.{lang}.md").write_text(text, encoding="utf-8")
    return target


class Phone:
    """Chromium driven from a thread of its own: Playwright's sync API refuses to start
    twice in one thread, and test_browser.py keeps its browser open for the session.

    ``run(function, *args)`` calls ``function(browser, *args)`` in that thread."""

    def __init__(self, executable):
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="phone")
        self.pool.submit(self._start, executable).result()

    def _start(self, executable):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)

    def run(self, function, *args):
        return self.pool.submit(function, self.browser, *args).result()

    def close(self):
        def stop():
            self.browser.close()
            self.playwright.stop()

        self.pool.submit(stop).result()
        self.pool.shutdown()


@pytest.fixture(scope="module")
def phone_browser():
    """Chromium as a phone (see ``phone_page``), one per test module."""
    phone = Phone(chromium_for_playwright())
    yield phone
    phone.close()


def phone_page(browser):
    """A fresh tab with an empty cache, as a first visit: 360x740 CSS pixels, 2 device pixels each, touch."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    return context, context.new_page()
