"""Structured data (JSON-LD, schema.org), as a search engine reads it."""

import re

import pytest
from conftest import SITEURL
from seo_helpers import PREFIX, build_variant, json_ld, local, page_url

OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NGO_ID = SITEURL + "/#organization"
NAMES = {"ar": "جمعية النور للتضامن", "fr": "Association En-Nour solidarité"}


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    return build_variant(tmp_path_factory.mktemp("variant"))


def the(nodes, kind):
    assert len(nodes.get(kind, [])) == 1, f"expected one {kind}, got {list(nodes)}"
    return nodes[kind][0]


def is_ngo(node):
    return node["@id"] == NGO_ID and node["@type"] == "NGO" and node["name"] in NAMES.values()


def breadcrumb(nodes):
    items = the(nodes, "BreadcrumbList")["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    return [(i["name"], i["item"]) for i in items]


def test_every_page_has_parsable_json_ld_with_the_association(site):
    for page in site.pages():
        data, nodes = json_ld(site, page)
        assert data["@context"] == "https://schema.org"
        ngo = the(nodes, "NGO")
        lang = site.soup(page).html["lang"]
        assert ngo["name"] == NAMES[lang], page
        assert ngo["alternateName"] == [n for code, n in NAMES.items() if code != lang]


def test_association_identity(site):
    ngo = the(json_ld(site, "fr/index.html")[1], "NGO")
    assert ngo["@id"] == NGO_ID
    assert ngo["url"] == PREFIX + "fr/"
    assert ngo["logo"] == PREFIX + "images/logo.png" and (site.path / local(ngo["logo"])).is_file()
    assert ngo["email"] == "contact@example.org"
    assert ngo["telephone"] == "+213 555 12 34 56"
    assert ngo["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Rue de la Liberté, Alger",
        "addressCountry": "DZ",
    }
    assert ngo["sameAs"] == ["https://www.facebook.com/ennour.example"]
    assert ngo["identifier"] == {"@type": "PropertyValue", "propertyID": "Wilaya d'Alger", "value": "16/2012-045"}
    assert ngo["foundingDate"] == "2012-03-04"
    website = the(json_ld(site, "fr/index.html")[1], "WebSite")
    assert website["inLanguage"] == "fr" and website["publisher"] == {"@id": NGO_ID}


def test_activity_is_an_event(site):
    for page, attendance, lang in (
        ("fr/activities/cleanup/index.html", "Offline", "fr"),
        ("activities/webinar/index.html", "Online", "ar"),
    ):
        event = the(json_ld(site, page)[1], "Event")
        assert event["name"] == site.soup(page).h1.get_text(strip=True)
        assert OFFSET.match(event["startDate"]), event["startDate"]
        assert event["eventAttendanceMode"] == f"https://schema.org/{attendance}EventAttendanceMode"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert is_ngo(event["organizer"])
        assert event["url"] == page_url(page) and event["inLanguage"] == lang
        assert all(url.startswith(PREFIX) for url in event["image"])
    cleanup = the(json_ld(site, "fr/activities/cleanup/index.html")[1], "Event")
    assert cleanup["startDate"] == "2026-12-05T09:00:00+01:00"
    assert cleanup["endDate"] == "2026-12-05T12:00:00+01:00"
    assert cleanup["description"] == "Nous nettoyons la place ensemble."
    assert cleanup["location"]["@type"] == "Place"
    assert cleanup["location"]["address"]["@type"] == "PostalAddress"
    assert cleanup["location"]["address"]["streetAddress"] == "Rue de la Liberté"
    assert cleanup["image"] == [PREFIX + "images/logo.png"]  # the French file has no image
    assert the(json_ld(site, "activities/cleanup/index.html")[1], "Event")["image"] == [PREFIX + "images/photo.jpg"]
    webinar = the(json_ld(site, "activities/webinar/index.html")[1], "Event")
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/volunteering"}


def test_mixed_and_all_day_events(variant):
    forum = the(json_ld(variant, "fr/activities/forum/index.html")[1], "Event")
    assert forum["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in forum["location"]] == ["Place", "VirtualLocation"]
    assert forum["startDate"] == "2026-12-12T10:00:00+01:00"  # given in UTC, told in the site's zone
    fair = the(json_ld(variant, "fr/activities/fair/index.html")[1], "Event")
    assert (fair["startDate"], fair["endDate"]) == ("2026-12-19", "2026-12-20")


def test_volunteer_call_is_a_volunteer_job_posting(site, variant):
    remote = the(json_ld(site, "fr/volunteer/translators/index.html")[1], "JobPosting")
    assert remote["employmentType"] == "VOLUNTEER"
    assert remote["title"] == "Traducteurs bénévoles"
    assert remote["validThrough"] == "2026-12-31T23:59:59+01:00"
    assert is_ngo(remote["hiringOrganization"])
    assert "Traduire nos publications." in remote["description"]
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert remote["applicantLocationRequirements"]["@type"] == "Country"
    assert remote["applicantLocationRequirements"]["identifier"] == "DZ"
    assert remote["applicantLocationRequirements"]["name"] == "Algérie"  # in the page's language
    assert "jobLocation" not in remote

    onsite = the(json_ld(site, "fr/volunteer/summer-camp/index.html")[1], "JobPosting")
    assert onsite["jobLocation"]["@type"] == "Place" and onsite["jobLocation"]["name"] == "Centre de jeunes"
    assert "jobLocationType" not in onsite

    hybrid = the(json_ld(variant, "fr/volunteer/drivers/index.html")[1], "JobPosting")
    assert hybrid["jobLocationType"] == "TELECOMMUTE"
    assert hybrid["jobLocation"]["address"]["streetAddress"] == "Zone d'activités, lot 17, Alger"
    assert hybrid["datePosted"] == "2026-11-05"


def test_project(site, variant):
    garden = the(json_ld(site, "fr/projects/garden/index.html")[1], "Project")
    assert garden["name"] == "Le jardin du quartier"
    assert garden["url"] == PREFIX + "fr/projects/garden/"
    assert garden["foundingDate"] == "2026-01-01"
    assert is_ngo(garden["parentOrganization"])
    assert "funder" not in garden  # its only partner is not a sponsor
    well = the(json_ld(variant, "fr/projects/well/index.html")[1], "Project")
    assert well["funder"] == [
        {"@type": "Organization", "name": "Fondation El Kheir", "url": "https://fondation.example.org"}
    ]
    assert well["dissolutionDate"] == "2025-12-31"
    assert well["location"]["name"] == "Village de Tala"


def test_campaign_is_a_donate_action_with_a_monetary_goal(site):
    coats = the(json_ld(site, "fr/campaigns/coats/index.html")[1], "DonateAction")
    assert is_ngo(coats["recipient"])
    assert coats["object"] == {"@type": "MonetaryAmount", "currency": "DZD", "maxValue": 500000, "value": 120000}
    assert coats["endTime"] == "2027-01-31T23:59:59+01:00"
    assert coats["actionStatus"] == "https://schema.org/PotentialActionStatus"
    assert coats["target"] == [{"@type": "EntryPoint", "urlTemplate": "https://give.example.org/ennour"}]
    school = the(json_ld(site, "fr/campaigns/school/index.html")[1], "DonateAction")
    assert school["actionStatus"] == "https://schema.org/CompletedActionStatus"
    assert school["target"][0]["urlTemplate"] == "https://give.example.org/school"  # its own channel


def test_news_article(site):
    for page, lang in (("news/report-2025/index.html", "ar"), ("fr/news/report-2025/index.html", "fr")):
        article = the(json_ld(site, page)[1], "NewsArticle")
        assert article["headline"] == site.soup(page).h1.get_text(strip=True)
        assert article["datePublished"] == "2026-02-10" and article["dateModified"] == "2026-02-10"
        assert article["inLanguage"] == lang
        assert is_ngo(article["author"]) and is_ngo(article["publisher"])
        assert article["publisher"]["logo"] == PREFIX + "images/logo.png"
        assert article["image"] and all(url.startswith(PREFIX) for url in article["image"])
        assert article["mainEntityOfPage"] == page_url(page)


def test_breadcrumbs_on_item_and_list_pages(site):
    assert breadcrumb(json_ld(site, "fr/activities/cleanup/index.html")[1]) == [
        (NAMES["fr"], PREFIX + "fr/"),
        ("Activités", PREFIX + "fr/activities/"),
        ("Nettoyage du quartier", PREFIX + "fr/activities/cleanup/"),
    ]
    assert breadcrumb(json_ld(site, "volunteer/index.html")[1]) == [
        (NAMES["ar"], PREFIX),
        ("نداءات التطوع", PREFIX + "volunteer/"),
    ]
    assert breadcrumb(json_ld(site, "fr/about/index.html")[1]) == [
        (NAMES["fr"], PREFIX + "fr/"),
        ("Qui sommes-nous", PREFIX + "fr/about/"),
    ]
    assert "BreadcrumbList" not in json_ld(site, "index.html")[1]
    assert the(json_ld(site, "fr/news/index.html")[1], "CollectionPage")["name"] == "Actualités"


def test_text_cannot_break_out_of_the_script(variant):
    html = variant.text("fr/news/escape/index.html")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "&" not in script
    article = the(json_ld(variant, "fr/news/escape/index.html")[1], "NewsArticle")
    assert article["headline"] == "Un titre </script><script>alert(1)</script> & « guillemets »"
