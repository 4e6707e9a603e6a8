"""Content kinds: detail pages, list pages, home pages, and what depends on the build date."""

from conftest import SITEURL, build

KIND_LISTS = ("activities", "projects", "campaigns", "volunteer", "news")


def titles(soup, selector="article.card h2 a, article.card h3 a"):
    return [a.get_text(strip=True) for a in soup.select(selector)]


def test_every_item_has_a_page_in_its_language(site):
    expected = [
        "activities/cleanup/index.html",
        "fr/activities/cleanup/index.html",
        "activities/webinar/index.html",
        "fr/activities/webinar/index.html",
        "projects/garden/index.html",
        "fr/projects/garden/index.html",
        "campaigns/coats/index.html",
        "fr/campaigns/coats/index.html",
        "fr/campaigns/school/index.html",
        "volunteer/translators/index.html",
        "fr/volunteer/translators/index.html",
        "fr/volunteer/summer-camp/index.html",
        "news/report-2025/index.html",
        "fr/news/report-2025/index.html",
        "about/index.html",
        "fr/about/index.html",
        "index.html",
        "fr/index.html",
        "404.html",
    ]
    missing = [page for page in expected if not site.exists(page)]
    assert missing == []
    # Items exist only in the languages they were written in.
    assert not site.exists("campaigns/school/index.html")


def test_every_kind_has_a_list_page_per_language(site):
    for prefix in ("", "fr/"):
        for kind in KIND_LISTS:
            soup = site.soup(f"{prefix}{kind}/")
            assert soup.h1.get_text(strip=True), f"{prefix}{kind}/ has no heading"


def test_item_page_shows_title_and_body(site):
    soup = site.soup("fr/projects/garden/")
    assert soup.h1.get_text(strip=True) == "Le jardin du quartier"
    assert "Un projet de jardin." in soup.select_one(".content").get_text()


def test_drafts_are_not_published(site):
    assert not site.exists("fr/news/draft/index.html")
    assert "Brouillon" not in site.text("fr/news/index.html")


def test_activities_upcoming_first_then_past(site):
    soup = site.soup("fr/activities/")
    sections = [h2.get_text(strip=True) for h2 in soup.select("main h2")]
    assert len(sections) == 2
    assert titles(soup) == ["Nettoyage du quartier", "Webinaire sur le bénévolat"]


def test_upcoming_activities_sorted_soonest_first_and_past_latest_first(content, tmp_path):
    for slug, start in (("late", "2027-02-01 10:00"), ("soon", "2026-11-30 10:00"), ("old", "2025-05-01 10:00")):
        (content / "activities" / f"{slug}.fr.md").write_text(
            f"---\ntitle: {slug}\nstart: {start}\n---\nText.\n", encoding="utf-8"
        )
    site = build(content, tmp_path / "out")
    order = titles(site.soup("fr/activities/"))
    assert order == ["soon", "Nettoyage du quartier", "late", "Webinaire sur le bénévolat", "old"]


def test_past_activity_shows_its_report_and_upcoming_one_registration(site):
    past = site.soup("fr/activities/webinar/")
    report = past.find(id="report").parent
    assert "45" in report.get_text() and "45 personnes ont participé." in report.get_text()
    upcoming = site.soup("fr/activities/cleanup/")
    assert upcoming.find(id="report") is None
    assert upcoming.find("a", href="https://forms.example.org/cleanup") is not None


def test_activity_shows_start_with_time_zone_and_place(site):
    soup = site.soup("fr/activities/cleanup/")
    assert soup.find("time")["datetime"] == "2026-12-05T09:00:00+01:00"
    assert "Place du quartier" in soup.select_one(".facts").get_text()


def test_open_campaign_shows_progress_and_every_channel(site):
    soup = site.soup("fr/campaigns/coats/")
    bar = soup.select_one("[role=progressbar]")
    assert bar["aria-valuenow"] == "24"
    progress = soup.select_one(".progress").get_text(" ", strip=True)
    assert "24" in progress and "120\u202f000" in progress and "500\u202f000" in progress
    channels = soup.select(".channel")
    assert len(channels) == 3  # the association's defaults: link, CCP, SMS
    text = soup.select_one(".channels").get_text(" ", strip=True)
    assert "0012345678" in text and "3030" in text
    assert soup.find("a", href="https://give.example.org/ennour") is not None
    assert soup.find("a", href="sms:3030?body=NOUR") is not None


def test_arabic_campaign_uses_the_languages_number_format(site):
    progress = site.soup("campaigns/coats/").select_one(".progress").get_text(" ", strip=True)
    assert "120.000" in progress and "500.000" in progress


def test_closed_campaign_shows_final_figures_and_no_way_to_give(site):
    soup = site.soup("fr/campaigns/school/")
    assert soup.select_one(".badge.closed") is not None
    assert soup.select_one(".channels") is None
    assert soup.select_one("[role=progressbar]")["aria-valuenow"] == "100"
    assert "310\u202f000" in soup.select_one(".progress").get_text()
    listing = site.soup("fr/campaigns/")
    sections = listing.select("main h2")
    assert [s.get_text(strip=True) for s in sections][-1] != [s.get_text(strip=True) for s in sections][0]
    assert titles(listing) == ["Manteaux d'hiver", "Fournitures scolaires"]


def test_volunteer_call_says_how_to_apply(site):
    soup = site.soup("fr/volunteer/translators/")
    hrefs = [a["href"].partition("?")[0] for a in soup.select("#apply ~ .actions a, section .actions a")]
    assert "mailto:benevoles@example.org" in hrefs  # with a subject (tests/test_outreach.py)
    assert "https://wa.me/213555123456" in hrefs
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    assert "2 heures par semaine" in facts and "traduction" in facts
    assert soup.find("a", href=f"{SITEURL}/fr/projects/garden/") is not None


def test_closed_call_is_marked_and_kept_out_of_open_lists(site):
    soup = site.soup("fr/volunteer/summer-camp/")
    assert soup.select_one(".badge.closed") is not None
    assert soup.find(id="apply") is None
    listing = site.soup("fr/volunteer/")
    open_section = listing.select("main h2")[0].find_next("ul")
    assert "Animateurs de colonie" not in open_section.get_text()
    assert "Animateurs de colonie" in listing.select("main h2")[1].find_next("ul").get_text()
    home = site.soup("fr/")
    assert "Animateurs de colonie" not in home.get_text()
    assert "Traducteurs bénévoles" in home.get_text()


def test_project_shows_partners_and_related_campaigns_and_calls(site):
    soup = site.soup("fr/projects/garden/")
    logo = soup.select_one("#partners").parent.find("img")
    assert logo["alt"] == "La mairie"
    assert soup.select_one("#related-campaigns").parent.find("a", href=f"{SITEURL}/fr/campaigns/coats/")
    assert soup.select_one("#related-calls").parent.find("a", href=f"{SITEURL}/fr/volunteer/translators/")
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    assert "120" in facts and "850\u202f000" in facts


def test_home_page_shows_identity_and_current_items(site):
    soup = site.soup("fr/")
    text = soup.get_text(" ", strip=True)
    assert soup.h1.get_text(strip=True) == "Association En-Nour solidarité"
    assert "Ensemble pour le quartier" in text
    assert "16/2012-045" in text  # registration, for trust
    for title in ("Nettoyage du quartier", "Manteaux d'hiver", "Traducteurs bénévoles", "Rapport annuel 2025"):
        assert title in text
    assert "Webinaire sur le bénévolat" not in text  # past
    assert "Fournitures scolaires" not in text  # closed
    assert soup.find("a", href="mailto:contact@example.org") is not None


def test_menu_lists_kinds_and_pages_in_order(content, tmp_path):
    (content / "pages" / "bylaws.fr.md").write_text("---\ntitle: Statuts\norder: 0\n---\nArticle 1.\n")
    site = build(content, tmp_path / "out")
    links = [a.get_text(strip=True) for a in site.soup("fr/").select(".site-nav a")]
    assert links[-2:] == ["Statuts", "Qui sommes-nous"]
    assert len(links) == 7


def test_lists_are_paginated_with_urls_that_cannot_collide(content, tmp_path):
    for n in range(5):
        (content / "news" / f"post-{n}.fr.md").write_text(f"---\ntitle: Post {n}\ndate: 2026-0{n + 1}-01\n---\nT.\n")
    site = build(content, tmp_path / "out", TADAMON_PER_PAGE=2)
    assert site.exists("fr/news/page/2/index.html") and site.exists("fr/news/page/3/index.html")
    first = site.soup("fr/news/")
    assert first.find("a", rel="next")["href"] == f"{SITEURL}/fr/news/page/2/"
    assert titles(site.soup("fr/news/page/2/")) == ["Post 2", "Rapport annuel 2025"]


def test_yaml_text_is_escaped_and_markdown_html_kept(content, tmp_path):
    (content / "news" / "x.fr.md").write_text(
        '---\ntitle: "<script>alert(1)</script> Fête"\ndate: 2026-01-01\n---\n<em>ok</em>\n'
    )
    site = build(content, tmp_path / "out")
    page = site.text("fr/news/x/index.html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<em>ok</em>" in page


def test_body_links_relative_to_the_file_are_resolved(site):
    soup = site.soup("activities/cleanup/")
    assert soup.select_one(".content").find("a")["href"] == f"{SITEURL}/projects/garden/"
    soup = site.soup("fr/activities/cleanup/")
    assert soup.select_one(".content").find("img")["src"] == f"{SITEURL}/images/photo.jpg"
    assert site.exists("images/photo.jpg")
