"""Finances (content/finances/<year>.yml): the report page, the money trail of
campaigns and projects, the open data, and every refusal (issue: where the money went).

The fixture site gets two years of accounts (tests/finances_fixture.py); the
totals asserted here are worked out by hand from those files.
"""

import csv
import io
import json
import re

import pytest
import yaml
from conftest import build, run_cli
from finances_fixture import add_finances, site_with_finances
from test_validation import refused as refused_build

SPACES = re.compile(r"[\s\u00a0\u202f\u200f\u200e]")
TRANSPARENCY = "---\ntitle: Transparence\nslug: transparency\n---\nNos comptes.\n"


def digits(text):
    """The figures of a text, without the spaces and marks that group them."""
    return SPACES.sub("", text).replace(".", "")


@pytest.fixture(scope="module")
def finances_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("finances")
    content = site_with_finances(base / "content")
    (content / "pages" / "transparency.fr.md").write_text(TRANSPARENCY, encoding="utf-8")
    return content, build(content, base / "output")


def facts(soup):
    """{term: definition} of a page's first list of facts."""
    found = soup.find("dl")
    return {
        dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in zip(found("dt"), found("dd"), strict=True)
    }


def test_report_totals_and_shares_in_both_languages(finances_site):
    _content, site = finances_site
    fr = site.soup("fr/finances/2025/")
    assert fr.html["lang"] == "fr" and fr.html["dir"] == "ltr"
    figures = facts(fr)
    assert digits(figures["Recettes"]) == "1000000DA"
    assert digits(figures["Dépenses"]) == "800000DA"
    assert digits(figures["Excédent"]) == "200000DA"
    assert digits(figures["Part des dépenses allée aux programmes"]) == "75%"
    breakdown = [
        [c.get_text(" ", strip=True) for c in tr(["th", "td"])] for tr in fr.select("table.breakdown tbody tr")
    ]
    assert [row[0] for row in breakdown] == [
        "Dons",
        "Subventions et mécénat",
        "Cotisations des membres",
        "Programmes",
        "Fonctionnement",
    ]
    assert [digits(row[2]) for row in breakdown] == ["60%", "25%", "15%", "75%", "25%"]
    ar = site.soup("finances/2025/")
    assert ar.html["lang"] == "ar" and ar.html["dir"] == "rtl"
    figures = facts(ar)
    assert digits(figures["الإيرادات"]).startswith("1000000")
    assert digits(figures["النفقات"]).startswith("800000")
    assert "75" in figures["حصة النفقات التي ذهبت إلى البرامج"]


def test_the_chart_is_svg_with_a_name_and_reads_right_to_left_in_arabic(finances_site):
    _content, site = finances_site
    for page, rtl in (("finances/2025/", True), ("fr/finances/2025/", False)):
        soup = site.soup(page)
        charts = soup.select("figure.chart svg")
        assert len(charts) == 2
        for svg in charts:
            assert svg["role"] == "img"
            title = soup.find(id=svg["aria-labelledby"])
            assert title is not None and title.name == "title" and "2025" in title.get_text()
            label, bar = svg.find("text"), svg.find("rect")
            # Labels, then bars from where the line starts: the right in Arabic, the left in French.
            if rtl:
                assert float(label["x"]) > 600 and label["text-anchor"] == "end"
                assert float(bar["x"]) + float(bar["width"]) == 444
            else:
                assert float(label["x"]) < 10 and label["text-anchor"] == "start"
                assert float(bar["x"]) == 196
        assert not soup.find("script", src=re.compile("chart"))
        # The numbers are in a table beside the chart, for screen readers.
        assert soup.select("table.breakdown td.num")


def test_report_shows_campaigns_projects_activities_approval_and_documents(finances_site):
    _content, site = finances_site
    soup = site.soup("fr/finances/2025/")
    text = soup.get_text(" ", strip=True)
    campaigns = soup.find(id="campaigns").find_parent("section")
    row = [c.get_text(strip=True) for c in campaigns.select("tbody tr")[0](["th", "td"])]
    assert row[0] == "Manteaux d'hiver"
    assert [digits(c) for c in row[1:]] == ["500000DA", "120000DA", "500000DA"]
    projects = soup.find(id="projects").find_parent("section")
    assert "120" in projects.get_text() and "Le jardin du quartier" in projects.get_text()
    assert "Assemblée générale ordinaire" in text and "Cabinet Belkacem" in text and "25 avril 2026" in text
    link = soup.find("a", href=re.compile(r"documents/accounts-2025\.pdf$"))
    assert link is not None and "Rapport financier 2025" in link.get_text()
    assert "PDF" in link.parent.get_text() and "3 ko" in SPACES.sub(" ", link.parent.get_text())
    assert site.exists("documents/accounts-2025.pdf")
    activity = soup.find(id="activity").find_parent("section")
    assert activity.find("dl") is not None


def test_report_is_linked_from_home_and_transparency_and_links_its_data(finances_site):
    _content, site = finances_site
    for page, report in (
        ("", "finances/2026/"),
        ("fr/", "fr/finances/2026/"),
        ("fr/transparency/", "fr/finances/2026/"),
    ):
        assert site.soup(page).find("a", href=re.compile(re.escape(report) + "$")), page
    transparency = site.soup("fr/transparency/")
    assert transparency.select("table.lines")  # the latest year's lines, from the YAML
    assert transparency.find("a", href=re.compile(r"fr/finances/2025/$"))  # the other years
    soup = site.soup("fr/finances/2025/")
    assert soup.find("a", href=re.compile(r"/finances/2025\.csv$"))
    assert soup.find("a", href=re.compile(r"/finances/2025\.json$"))


def test_campaign_page_lists_its_spending_and_its_updates_newest_first(finances_site):
    _content, site = finances_site
    soup = site.soup("fr/campaigns/coats/")
    trail = soup.find(id="money-trail").find_parent("section")
    rows = [[c.get_text(strip=True) for c in tr(["td", "th"])] for tr in trail.select("tbody tr")]
    assert [(r[0], r[1], digits(r[2])) for r in rows] == [
        ("2025", "Manteaux d'hiver", "500000DA"),
        ("2026", "Manteaux 2026", "120000DA"),
    ]
    figures = {dt.get_text(strip=True): digits(dd.get_text()) for dt, dd in zip(trail("dt"), trail("dd"), strict=True)}
    assert figures == {"Collecté": "120000DA", "Dépensé": "620000DA"}
    updates = soup.find(id="updates").find_parent("section")
    items = updates.find_all("li")
    assert [li.a.get_text() for li in items] == ["Les manteaux sont arrivés", "La collecte commence"]
    assert [li.time["datetime"][:10] for li in items] == ["2026-11-01", "2026-10-01"]
    # Its feed entry and JSON-LD are the campaign's own, as before.
    assert (
        "money-trail" not in site.text("feeds/campaigns.atom.xml") if site.exists("feeds/campaigns.atom.xml") else True
    )


def test_project_page_lists_its_spending_and_its_updates(finances_site):
    _content, site = finances_site
    soup = site.soup("fr/projects/garden/")
    trail = soup.find(id="money-trail").find_parent("section")
    assert [digits(td.get_text()) for td in trail.select("tbody td.num")] == ["500000DA", "100000DA"]
    assert digits(trail.select_one("tfoot td.num").get_text()) == "600000DA"
    assert [li.a.get_text() for li in soup.find(id="updates").find_parent("section")("li")] == ["La collecte commence"]


def test_open_data_parses_and_adds_up_to_the_yaml(finances_site):
    content, site = finances_site
    columns = ["year", "type", "category", "label_ar", "label_fr", "amount", "currency", "campaign", "project"]
    for year in (2025, 2026):
        source = yaml.safe_load((content / "finances" / f"{year}.yml").read_text(encoding="utf-8"))
        expected = {side: sum(line["amount"] for line in source[side]) for side in ("income", "spending")}
        rows = json.loads(site.text(f"finances/{year}.json"))
        assert all(list(row) == columns for row in rows)
        assert {side: sum(r["amount"] for r in rows if r["type"] == side) for side in expected} == expected
        raw = (site.path / f"finances/{year}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read it as UTF-8
        table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert list(table[0]) == columns
        assert {side: sum(float(r["amount"]) for r in table if r["type"] == side) for side in expected} == expected
        assert all(r["year"] == str(year) and r["currency"] == "DZD" for r in table)
    table = list(csv.DictReader(io.StringIO((site.path / "finances/2025.csv").read_text(encoding="utf-8-sig"))))
    assert (
        table[3]["label_ar"] == "معاطف الشتاء" and table[3]["campaign"] == "coats" and table[3]["project"] == "garden"
    )


def test_report_pages_are_in_the_sitemap_with_their_translation(finances_site):
    _content, site = finances_site
    sitemap = site.text("sitemap.xml")
    assert (
        "https://example.org/assoc/finances/2025/" in sitemap
        and "https://example.org/assoc/fr/finances/2025/" in sitemap
    )
    soup = site.soup("fr/finances/2025/")
    assert {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)} == {
        "ar",
        "fr",
        "x-default",
    }
    assert soup.find("meta", property="og:image")["content"].endswith("fr/finances/2025/card.png")
    assert site.exists("fr/finances/2025/card.png")


# --- refusals --------------------------------------------------------------


@pytest.fixture
def published(content, tmp_path):
    """The fixture site with its finances, built once; the tests then break the finances."""
    add_finances(content)
    output = tmp_path / "output"
    done = run_cli("build", content, output)
    assert done.returncode == 0, done.stderr
    return content, (output, {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()})


def refused(published):
    """Build again: refused cleanly (no traceback), the output untouched (tests/test_validation.py)."""
    content, built = published
    return refused_build(content, built)


def change(content, year, old, new):
    path = content / "finances" / f"{year}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


REFUSALS = {
    "negative amount": (
        2026,
        "amount: 4000",
        "amount: -4000",
        ["content/finances/2026.yml:12: field 'spending[2].amount'", "expected an amount, got -4000"],
    ),
    "amount that is not a number": (
        2026,
        "amount: 4000",
        'amount: "4 000"',
        ["field 'spending[2].amount'", "expected an amount"],
    ),
    "unknown source": (
        2025,
        "source: members",
        "source: friends",
        ["content/finances/2025.yml:16: field 'income[3].source'", "expected one of donations, grants"],
    ),
    "unknown category": (
        2026,
        "category: other",
        "category: misc",
        ["field 'spending[2].category'", "programs, fundraising, administration, other"],
    ),
    "campaign that names nothing": (
        2026,
        "campaign: coats",
        "campaign: blankets",
        ["content/finances/2026.yml:8: field 'spending[1].campaign'", "no campaign has the slug 'blankets'"],
    ),
    "project that names nothing": (
        2025,
        "project: garden\n  - label",
        "project: orchard\n  - label",
        ["field 'spending[1].project'", "no project has the slug 'orchard'"],
    ),
    "document that does not exist": (
        2025,
        "documents/accounts-2025.pdf",
        "documents/accounts-2024.pdf",
        ["field 'documents[1].file'", "no document at 'content/documents/accounts-2024.pdf'"],
    ),
    "year that is not the file's": (
        2025,
        "year: 2025",
        "year: 2024",
        ["content/finances/2025.yml:1: field 'year'", "the year 2024 is not the year of the file's name, 2025"],
    ),
    "totals the lines do not add up to": (
        2025,
        "totals: {income: 1000000, spending: 800000}",
        "totals: {income: 1000000, spending: 850000}",
        ["content/finances/2025.yml:7: field 'totals'", "add up to 800000, not to the total 850000"],
    ),
    "no spending line": (
        2026,
        "spending:",
        "spent:",
        ["content/finances/2026.yml: field 'spending': list at least one line"],
    ),
}


@pytest.mark.parametrize("mistake", list(REFUSALS))
def test_each_mistake_in_the_finances_is_refused(published, mistake):
    year, old, new, expected = REFUSALS[mistake]
    change(published[0], year, old, new)
    message = refused(published)
    for part in expected:
        assert part in message, message


def test_mistakes_are_said_in_the_editors_language(published):
    content = published[0]
    association = content / "association.yml"
    association.write_text(association.read_text().replace("editor_language: en", "editor_language: fr"))
    change(content, 2025, "spending: 800000}", "spending: 850000}")
    message = refused(published)
    assert "content/finances/2025.yml" in message and "800000" in message and "850000" in message
    assert "les lignes" in message, message


def test_spending_more_than_raised_is_a_warning_not_an_error(content, tmp_path):
    add_finances(content)
    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "campaigns/coats" in line]
    assert warnings and "620000" in warnings[0] and "120000" in warnings[0], done.stderr
    for lang in ("ar", "fr"):  # it raised more than the lines spent: no warning
        campaign = content / "campaigns" / f"coats.{lang}.md"
        campaign.write_text(campaign.read_text(encoding="utf-8").replace("amount: 120000", "amount: 700000"))
    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 0 and "campaigns/coats" not in done.stderr


def test_two_files_for_one_year_are_refused(published):
    content = published[0]
    (content / "finances" / "2025.yaml").write_text((content / "finances" / "2025.yml").read_text(encoding="utf-8"))
    message = refused(published)
    assert "the accounts of 2025 are already in" in message and "keep one file per year" in message


def test_a_news_post_links_the_campaign_and_project_it_updates(finances_site):
    _content, site = finances_site
    (about,) = [p for p in site.soup("fr/news/coats-start/").select("p.meta") if "Une nouvelle de" in p.get_text()]
    assert [a["href"].split("/assoc/")[1] for a in about.find_all("a")] == [
        "fr/campaigns/coats/",
        "fr/projects/garden/",
    ]
