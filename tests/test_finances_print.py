"""The yearly report in Chromium: it prints cleanly on a few A4 pages, in Arabic and French,
and axe-core finds no serious accessibility problem on it (tests/test_browser.py drives the browser)."""

import re

import pytest
from conftest import build
from demo import serve
from finances_fixture import site_with_finances
from test_browser import AXE

MAX_PAGES = 4  # of A4: the fixture's report holds two charts and seven tables
PDF_PAGE_RE = re.compile(rb"/Type\s*/Page(?!s)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The fixture site with two years of finances, served under http://127.0.0.1:<port>/tadamon/."""
    base = tmp_path_factory.mktemp("finances-print")
    content = site_with_finances(base / "content")
    _output, siteurl, server = serve(lambda siteurl: build(content, base / "output", SITEURL=siteurl).path)
    yield siteurl
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_the_report_prints_on_a_few_a4_pages(served, visit, prefix):
    page = visit.open(f"{served}/{prefix}finances/2025/")
    assert visit.problems == []
    visit.load_everything()
    page.emulate_media(media="print")
    # Printed: no menu, no footer, no link to the data files; the figures and charts stay.
    assert not page.is_visible(".site-header") and not page.is_visible(".site-footer")
    assert page.is_visible("figure.chart svg") and page.is_visible("table.breakdown")
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(PDF_PAGE_RE.findall(pdf))
    assert 1 <= pages <= MAX_PAGES, f"{pages} A4 pages"
    # Nothing sticks out of the page's width (a chart or a table cut on paper).
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_no_serious_accessibility_problem_on_the_report(served, visit, prefix):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci)")
    page = visit.open(f"{served}/{prefix}finances/2025/")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.help))"
    )
    assert found == []
