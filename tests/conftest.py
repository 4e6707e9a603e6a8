"""Real Pelican builds of small fixture sites, into temporary folders."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

# The in-browser editor (/admin/, tadamon.admin) is written when the site's
# GitHub repository is known, which GitHub Actions always says: fixture sites
# leave it out unless a test asks for it (tests/test_admin.py).
os.environ.pop("GITHUB_REPOSITORY", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
SITEURL = "https://example.org/assoc"
BUILD_DATE = "2026-11-21"


class SiteContent:
    """What the repository's own content folder holds (the demo, or a fork's association).

    Tests that build it expect what it holds: its languages, its first language
    (at the root of the site), the kinds it has. Tests about the demo's own
    quality are marked ``@pytest.mark.demo``: they skip when it is not the demo."""

    def __init__(self):
        from tadamon.association import demo
        from tadamon.association.model import load
        from tadamon.kinds.contents import KINDS

        self.path = ROOT / read_settings(str(ROOT / "pelicanconf.py"))["PATH"]
        association, problems = load(str(self.path))
        assert association is not None, "\n".join(map(str, problems))
        self.languages = association.languages
        self.default_lang = association.default_lang
        self.direction = association.direction
        self.kinds = {kind for kind, cls in KINDS.items() if any((self.path / cls.folder).glob("*.md"))}
        self.is_demo = demo.is_demo(str(self.path))
        # Kinds with an item in two languages or more (by file name: slug.lang.md).
        stems = {}
        for kind, cls in KINDS.items():
            for source in self.files(cls.folder):
                stems.setdefault((kind, source.stem.rpartition(".")[0] or source.stem), set()).add(source.stem)
        self.translated_kinds = {kind for (kind, _stem), names in stems.items() if len(names) > 1}

    def prefix(self, lang):
        """Where a language's pages are: the first at the root, the others under <lang>/."""
        return "" if lang == self.default_lang else f"{lang}/"

    def files(self, folder):
        return sorted((self.path / folder).glob("*.md"))


SITE_CONTENT = SiteContent()


def pytest_configure(config):
    config.addinivalue_line("markers", "demo: about the demo association in content/; skipped for other content")


def pytest_collection_modifyitems(config, items):
    if SITE_CONTENT.is_demo:
        return
    skip = pytest.mark.skip(reason="content/ holds another association than the demo")
    for item in items:
        if "demo" in item.keywords and item.get_closest_marker("demo"):
            item.add_marker(skip)


def settings_for(content, output, **overrides):
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "themes" / "tadamon"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SITEURL": SITEURL,
        "TADAMON_BUILD_DATE": BUILD_DATE,
        "CACHE_PATH": str(Path(output).parent / "cache"),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        # Every test build checks that each page declares the items it shows (kinds/reuse.py).
        "TADAMON_CHECK_DEPENDENCIES": True,
    }
    values.update(overrides)
    return read_settings(str(ROOT / "pelicanconf.py"), override=values)


def build(content, output, **overrides):
    """Build ``content`` into ``output`` with the project's configuration."""
    Pelican(settings_for(content, output, **overrides)).run()
    return Site(Path(output))


def run_cli(command, content, output, *extra, settings="", env=None):
    """Run ``python -m tadamon`` as an editor would; return the completed process.

    ``settings``: more lines for the settings file; ``env``: more environment variables."""
    conf = Path(output).parent / "testconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"PATH = {str(content)!r}\n"
        f"THEME = {str(ROOT / 'themes' / 'tadamon')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"SITEURL = {SITEURL!r}\n"
        f"TADAMON_BUILD_DATE = {BUILD_DATE!r}\n"
        f"CACHE_PATH = {str(Path(output).parent / 'cache')!r}\n"
        "TADAMON_CHECK_DEPENDENCIES = True\n" + settings
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "tadamon", command, "-s", str(conf), "-o", str(output), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(output).parent,
        timeout=300,
    )


def hreflangs(soup):
    """{hreflang: href} of the alternate links in a page's <head>."""
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


class Site:
    """A built site: its files, parsed."""

    def __init__(self, path):
        self.path = Path(path)

    def exists(self, relative):
        return (self.path / relative).is_file()

    def text(self, relative):
        return (self.path / relative).read_text(encoding="utf-8")

    def soup(self, relative):
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return BeautifulSoup(self.text(relative), "html.parser")

    def pages(self):
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*.html"))


@pytest.fixture
def content(tmp_path):
    """A copy of the fixture site's content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The fixture site, built once for the tests that only read it."""
    base = tmp_path_factory.mktemp("site")
    return build(FIXTURE, base / "output")


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo site (content/), built as the Pages workflow builds it and served
    on 127.0.0.1 under a sub-path (http://127.0.0.1:<port>/tadamon/); one build per session."""
    from demo import serve_demo

    site, server = serve_demo(tmp_path_factory.mktemp("demo"))
    yield site
    server.shutdown()
    server.server_close()


# Chromium for test_browser.py and test_search.py (helpers in test_browser.py):
# defined here once, as Playwright's sync API runs one instance at a time and a
# fixture imported into two modules would start two.
@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One Chromium for the session, with a fresh profile; yields its browser context."""
    from test_browser import CHROMIUM_ARGS, DESKTOP, chromium_for_playwright

    executable = chromium_for_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        yield context
        context.close()


@pytest.fixture
def visit(browser):
    """A tab that records what went wrong while it loads pages (test_browser.Visit)."""
    from test_browser import Visit

    tab = Visit(browser)
    yield tab
    tab.close()
