"""Calendars: one .ics per activity and one per language, as calendar apps read them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import tadamon.calendar as tadamon_calendar
from conftest import SITE_CONTENT, SITEURL, build, run_cli
from icalendar import Calendar
from seo_helpers import build_fixture, build_variant, local, page_url
from tadamon.calendar import ical

ALGIERS = ZoneInfo("Africa/Algiers")
NAMES = {"ar": "جمعية النور للتضامن", "fr": "Association En-Nour solidarité"}
ACTIVITY_PAGES = {
    "activities/cleanup/index.html": "ar",
    "activities/webinar/index.html": "ar",
    "fr/activities/cleanup/index.html": "fr",
    "fr/activities/webinar/index.html": "fr",
}
LANGUAGE_CALENDARS = {"ar": "calendar/activities.ics", "fr": "fr/calendar/activities.ics"}


def calendars(site):
    return sorted(p.relative_to(site.path).as_posix() for p in site.path.rglob("*.ics"))


def read(site, relative):
    return Calendar.from_ical((site.path / relative).read_bytes())


def activity_calendar(site, page):
    """The .ics an activity page links to from its <head>, checked to be one of its own."""
    links = site.soup(page).find_all("link", rel="alternate", type="text/calendar")
    hrefs = [link["href"] for link in links]
    assert len(hrefs) == 2, f"{page}: expected its own calendar and its language's, got {hrefs}"
    return local(hrefs[0])


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The same content built on another day, when every activity is past."""
    return build_fixture(tmp_path_factory.mktemp("again"), TADAMON_BUILD_DATE="2027-06-01")


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    return build_variant(tmp_path_factory.mktemp("variant"))


def test_every_activity_and_language_has_a_calendar(site):
    for page in ACTIVITY_PAGES:
        calendar = read(site, activity_calendar(site, page))
        (event,) = calendar.events
        assert event["SUMMARY"] == site.soup(page).h1.get_text(strip=True)
        assert event["URL"] == page_url(page)
    for lang, relative in LANGUAGE_CALENDARS.items():
        calendar = read(site, relative)
        assert calendar["X-WR-CALNAME"] == NAMES[lang]
        pages = sorted(page_url(p) for p, page_lang in ACTIVITY_PAGES.items() if page_lang == lang)
        assert sorted(str(e["URL"]) for e in calendar.events) == pages
    assert len(calendars(site)) == len(ACTIVITY_PAGES) + len(LANGUAGE_CALENDARS)


def test_files_are_well_formed_icalendar(site):
    for relative in calendars(site):
        data = (site.path / relative).read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), f"{relative}: not CRLF"
        lines = data.split(b"\r\n")
        assert max(len(line) for line in lines) <= 75, f"{relative}: a line is longer than 75 octets"
        calendar = Calendar.from_ical(data)
        assert calendar.to_ical() == data, f"{relative}: does not survive a round trip"
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
        assert zones == ["Africa/Algiers"], f"{relative}: {zones}"
        for event in calendar.events:
            assert event["DTSTART"].params["TZID"] == "Africa/Algiers"
            assert event.start.utcoffset() == datetime.timedelta(hours=1)
            for name in ("UID", "DTSTAMP", "SUMMARY", "URL", "DESCRIPTION", "LOCATION"):
                assert name in event, f"{relative}: no {name}"


def test_event_says_when_where_and_what(site):
    cleanup = read(site, "fr/activities/cleanup/cleanup.ics").events[0]
    assert cleanup.start == datetime.datetime(2026, 12, 5, 9, 0, tzinfo=ALGIERS)
    assert cleanup.end == datetime.datetime(2026, 12, 5, 12, 0, tzinfo=ALGIERS)
    assert cleanup["LOCATION"] == "Place du quartier, Rue de la Liberté"
    assert cleanup["DESCRIPTION"].startswith("Nous nettoyons la place ensemble.")
    # No date in the file: DTSTAMP comes from the content (its start), not the clock.
    assert cleanup["DTSTAMP"].dt == datetime.datetime(2026, 12, 5, 8, 0, tzinfo=datetime.UTC)
    arabic = read(site, "activities/cleanup/cleanup.ics").events[0]
    assert arabic["SUMMARY"] == "حملة تنظيف الحي"
    assert arabic["IMAGE"] == SITEURL + "/images/photo.jpg"

    webinar = read(site, "fr/activities/webinar/webinar.ics").events[0]
    (conference,) = webinar.conferences
    assert conference.uri == "https://meet.example.org/volunteering"
    assert webinar["LOCATION"] == "https://meet.example.org/volunteering"
    assert "DTEND" not in webinar  # no end given: the event takes no time (RFC 5545)


def test_language_calendar_is_subscribable(site):
    calendar = read(site, "fr/calendar/activities.ics")
    assert calendar["SOURCE"] == SITEURL + "/fr/calendar/activities.ics"
    assert calendar["URL"] == SITEURL + "/fr/activities/"
    assert calendar["X-WR-TIMEZONE"] == "Africa/Algiers"
    assert calendar.refresh_interval == datetime.timedelta(hours=12)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in (site.path / "fr/calendar/activities.ics").read_bytes()
    assert calendar["METHOD"] == "PUBLISH"


def test_uids_are_stable_and_unique(site, rebuilt):
    uids = {}
    for relative in calendars(site):
        if "calendar/" not in relative:
            (event,) = read(site, relative).events
            uids[relative] = str(event["UID"])
    assert len(set(uids.values())) == len(uids), "two activities (or languages) share a UID"
    # The same event has the same UID in its own file and in its language's calendar.
    for lang, relative in LANGUAGE_CALENDARS.items():
        own = {uids[r] for r in uids if r.startswith("fr/") == (lang == "fr")}
        assert {str(e["UID"]) for e in read(site, relative).events} == own
    assert {r: str(read(rebuilt, r).events[0]["UID"]) for r in uids} == uids


def test_same_content_gives_the_same_bytes_on_another_day(site, rebuilt):
    assert calendars(rebuilt) == calendars(site)
    for relative in calendars(site):
        assert (rebuilt.path / relative).read_bytes() == (site.path / relative).read_bytes(), relative


def test_a_change_remakes_the_language_calendar_from_the_other_events_cached(content, tmp_path, monkeypatch):
    """After one activity changed, its language's calendar is the one a clean build
    makes, and the event of every activity that did not change is not made again."""
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build(content, tmp_path / "output", **cached)
    changed = content / "activities" / "cleanup.fr.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Nettoyage du", "Grand nettoyage du"))
    made = []
    make_event = tadamon_calendar.make_event
    monkeypatch.setattr(tadamon_calendar, "make_event", lambda a, *rest: made.append(a.url) or make_event(a, *rest))
    again = build(content, tmp_path / "output", **cached)
    assert made == ["fr/activities/cleanup/"]
    monkeypatch.undo()
    clean = build(content, tmp_path / "clean")
    for relative in calendars(clean):
        assert (again.path / relative).read_bytes() == (clean.path / relative).read_bytes(), relative
    assert "Grand nettoyage" in (again.path / LANGUAGE_CALENDARS["fr"]).read_text(encoding="utf-8")


def test_all_day_mixed_and_edited_activities(variant):
    fair = read(variant, "fr/activities/fair/fair.ics").events[0]
    assert fair["DTSTART"].params["VALUE"] == "DATE"
    assert fair.start == datetime.date(2026, 12, 19)
    assert fair.end == datetime.date(2026, 12, 21)  # the day after the last day
    assert "VTIMEZONE" not in (variant.path / "fr/activities/fair/fair.ics").read_text()
    assert fair.categories == ["foire", "dons"]

    forum = read(variant, "fr/activities/forum/forum.ics").events[0]
    # Given in UTC, written in the site's zone.
    assert forum["DTSTART"].params["TZID"] == "Africa/Algiers"
    assert forum.start == datetime.datetime(2026, 12, 12, 10, 0, tzinfo=ALGIERS)
    assert forum["LOCATION"] == "Maison de la culture, Boulevard Zighout, Alger"
    assert [c.uri for c in forum.conferences] == ["https://meet.example.org/forum"]
    assert "https://meet.example.org/forum" in forum["DESCRIPTION"]
    edited = datetime.datetime(2026, 11, 10, 15, 30, tzinfo=ALGIERS)
    assert forum["DTSTAMP"].dt == edited and forum["LAST-MODIFIED"].dt == edited

    # The language calendar holds both kinds of dates, and the zone for the timed ones.
    calendar = read(variant, "fr/calendar/activities.ics")
    assert len(calendar.events) == 4 and len(calendar.timezones) == 1


def test_pages_announce_their_calendars(site):
    for page, lang in ACTIVITY_PAGES.items():
        links = site.soup(page).find_all("link", rel="alternate", type="text/calendar")
        assert local(links[1]["href"]) == LANGUAGE_CALENDARS[lang]
        assert all((site.path / local(link["href"])).is_file() for link in links)
    for lang, prefix in (("ar", ""), ("fr", "fr/")):
        links = site.soup(f"{prefix}activities/").find_all("link", rel="alternate", type="text/calendar")
        assert [local(link["href"]) for link in links] == [LANGUAGE_CALENDARS[lang]]
    assert not site.soup("fr/news/report-2025/").find_all("link", type="text/calendar")


def test_upcoming_activity_has_an_add_to_calendar_link(site):
    soup = site.soup("fr/activities/cleanup/")
    link = soup.find("a", string="Ajouter à mon agenda")
    assert link is not None and local(link["href"]) == "fr/activities/cleanup/cleanup.ics"
    assert site.soup("activities/cleanup/").find("a", string="أضف إلى تقويمي") is not None
    # A past activity has nothing to add.
    assert site.soup("fr/activities/webinar/").find("a", string="Ajouter à mon agenda") is None


def test_the_sites_calendars_import(tmp_path):
    """The association in content/: one calendar per activity and one per language, all readable."""
    output = build(SITE_CONTENT.path, tmp_path / "demo").path
    files = sorted(output.rglob("*.ics"))
    per_language = {
        lang: sorted((output / SITE_CONTENT.prefix(lang)).glob("activities/*/*.ics")) for lang in SITE_CONTENT.languages
    }
    assert len(files) == sum(map(len, per_language.values())) + len(SITE_CONTENT.languages)
    if "activity" in SITE_CONTENT.kinds:
        assert files
    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar.to_ical() == path.read_bytes()
    for lang in SITE_CONTENT.languages:
        calendar = Calendar.from_ical((output / SITE_CONTENT.prefix(lang) / "calendar/activities.ics").read_bytes())
        assert len(calendar.events) == len(per_language[lang])


@pytest.mark.parametrize(
    "value",
    [
        "short",
        "جمعية الأمل للتضامن، " * 9,  # Arabic: two-octet characters across every fold
        "a" * 49 + ",;" + "b" * 80,  # an escape (\\,) right at the fold: kept whole
        "x" * 72 + "é" * 40 + "🌍" * 30,  # three sizes of characters
        "first line\nsecond; third, and a backslash \\ " * 4,
    ],
)
def test_lines_are_written_as_icalendar_reads_and_writes_them(value):
    """``ical`` writes lines itself (icalendar is slow): a real parser must read
    every value back exactly, and write the same bytes again."""
    event = ical.component("VEVENT", [ical.line("DESCRIPTION", ical.text(value), {"LANGUAGE": "ar"})])
    data = ical.component("VCALENDAR", [ical.line("VERSION", "2.0"), ical.line("PRODID", "-//t//t"), event])
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = Calendar.from_ical(data)
    assert str(calendar.events[0]["DESCRIPTION"]) == value
    assert calendar.to_ical() == data


@pytest.mark.parametrize(
    "zone", ["Africa/Algiers", "Africa/Tunis", "Asia/Riyadh", "UTC", "Asia/Kolkata", "Africa/Cairo", "Europe/Paris"]
)
def test_time_zones_are_written_as_icalendar_makes_them(zone):
    """Zones without summer time are written by ``ical`` itself (icalendar costs
    3 MB to import); zones with it are made by icalendar. Either way, the bytes
    are icalendar's."""
    from icalendar import Timezone

    first, last = datetime.date(2024, 1, 1), datetime.date(2028, 1, 1)
    expected = Timezone.from_tzinfo(ZoneInfo(zone), zone, first_date=first, last_date=last).to_ical()
    assert ical.timezone(ZoneInfo(zone), first, last) == expected


@pytest.mark.parametrize("hours", [1, 12, 24, 36, 168, 0.5, 1.51])
def test_durations_are_written_as_icalendar_writes_them(hours):
    from icalendar import vDuration

    value = datetime.timedelta(hours=hours)
    assert ical.duration(value) == vDuration(value).to_ical().decode()


def test_a_site_without_summer_time_builds_without_icalendar(content, tmp_path):
    report = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('icalendar loaded:', 'icalendar' in sys.modules, file=sys.stderr))\n"
    )
    done = run_cli("build", content, tmp_path / "out", settings=report)
    assert done.returncode == 0, done.stderr
    assert "icalendar loaded: False" in done.stderr
    assert list((tmp_path / "out").rglob("*.ics"))
