"""States that change at a moment switch at the visitor's clock (deadline.js).

The fixture site is built on 2026-11-21 and served; Chromium visits it with its
clock set before and after a call's deadline, a campaign's deadline and an
activity's end. After the moment, what a visitor sees is what a build made
after it shows (the same site built then, visited at the same moment): the
same words and badges, no "apply" or "donate" action; before it, the open
state. Nothing moves on the page while it switches."""

import datetime
import gzip
import re
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURE, ROOT
from phone import OBSERVE, build_and_serve, phone_browser, phone_page  # noqa: F401 (a fixture)

ALGIERS = ZoneInfo("Africa/Algiers")
SCRIPT = ROOT / "themes" / "tadamon" / "static" / "js" / "deadline.js"
ACTIONS = "main .actions a, main section[aria-labelledby=apply] a, main section[aria-labelledby=give] *"


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ALGIERS)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site as built on 2026-11-21, and as built after each moment, all served."""
    servers = {}
    for name, date in (
        ("built", "2026-11-21"),
        ("after call", "2027-01-02"),
        ("after campaign", "2027-02-02"),
        ("after activity", "2026-12-06"),
    ):
        servers[name] = build_and_serve(FIXTURE, tmp_path_factory.mktemp("clock"), TADAMON_BUILD_DATE=date)
    yield servers
    for server in servers.values():
        server.close()


def seen(browser, url, moment):
    """What a visitor sees at ``url`` with the clock at ``moment``: the main text as
    shown, which of a few parts are visible, and the layout shift of the load."""
    context, page = phone_page(browser)
    page.clock.set_fixed_time(moment)
    page.add_init_script(f"({OBSERVE})()")
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    found = page.evaluate(
        """(actions) => {
          const shown = (selector) => [...document.querySelectorAll(selector)]
            .filter((element) => element.checkVisibility()).map((element) => element.innerText.trim());
          return {
            main: document.querySelector("main").innerText.replace(/\\s+/g, " ").trim(),
            badges: shown("main .badge"),
            notices: shown("main p.trust"),
            actions: shown(actions),
            days: shown("main .days-left"),
            headings: shown("main h2"),
            scripts: [...document.scripts].map((script) => script.src),
            shifts: window.shifts.reduce((sum, value) => sum + value, 0),
            now: Date.now(),
          };
        }""",
        ACTIONS,
    )
    context.close()
    assert found["now"] == int(moment.timestamp() * 1000)  # the clock was set before any script ran
    return found


def test_a_call_is_open_the_day_before_its_deadline_and_closed_after_it(phone_browser, sites):  # noqa: F811
    url = "fr/volunteer/translators/"
    before = phone_browser.run(seen, sites["built"].url(url), at("2026-12-30 12:00"))
    assert before["notices"] == [] and "Clôturé" not in before["badges"]
    assert any("Postuler" in action for action in before["actions"])  # the ways to apply

    after = phone_browser.run(seen, sites["built"].url(url), at("2027-01-01 00:30"))
    rebuilt = phone_browser.run(seen, sites["after call"].url(url), at("2027-01-01 00:30"))
    assert after["notices"] == rebuilt["notices"] != []
    assert after["notices"][0].startswith("Clôturé")
    assert after["actions"] == [] == rebuilt["actions"]  # no visible "apply"
    assert after["main"] == rebuilt["main"]  # word for word what a build after the deadline shows
    assert after["shifts"] <= 0.001 and before["shifts"] <= 0.001


def test_the_calls_list_moves_a_call_that_closed_to_the_closed_ones(phone_browser, sites):  # noqa: F811
    url = "fr/volunteer/"
    before = phone_browser.run(seen, sites["built"].url(url), at("2026-12-31 12:00"))
    assert before["headings"] == ["Appels ouverts", "Appels clôturés"]
    after = phone_browser.run(seen, sites["built"].url(url), at("2027-01-01 00:30"))
    rebuilt = phone_browser.run(seen, sites["after call"].url(url), at("2027-01-01 00:30"))
    assert after["headings"] == rebuilt["headings"] == ["Appels clôturés"]
    assert after["badges"] == rebuilt["badges"] == ["Clôturé", "Clôturé"]
    assert after["main"] == rebuilt["main"]
    assert after["shifts"] <= 0.001


def test_the_home_page_leaves_out_what_has_closed(phone_browser, sites):  # noqa: F811
    before = phone_browser.run(seen, sites["built"].url("fr/"), at("2026-12-31 12:00"))
    after = phone_browser.run(seen, sites["built"].url("fr/"), at("2027-01-01 00:30"))
    assert "Traducteurs bénévoles" in before["main"]
    assert "Traducteurs bénévoles" not in after["main"]  # the only open call: its section goes too
    assert "Appels ouverts" in before["headings"] and "Appels ouverts" not in after["headings"]
    assert "Manteaux d'hiver" in after["main"]  # the campaign is still open
    assert after["shifts"] <= 0.001


def test_a_campaign_shows_donate_before_its_deadline_and_its_final_state_after(phone_browser, sites):  # noqa: F811
    url = "fr/campaigns/coats/"
    before = phone_browser.run(seen, sites["built"].url(url), at("2027-01-30 20:00"))
    assert before["notices"] == [] and before["actions"] != []  # how to give
    assert before["days"] == []  # a page this old no longer knows how many days are left: it says nothing

    after = phone_browser.run(seen, sites["built"].url(url), at("2027-02-01 08:00"))
    rebuilt = phone_browser.run(seen, sites["after campaign"].url(url), at("2027-02-01 08:00"))
    assert after["notices"] == rebuilt["notices"] and "Clôturé" in after["notices"][0]
    assert after["actions"] == [] == rebuilt["actions"]  # no visible "donate"
    assert after["main"] == rebuilt["main"]
    assert after["shifts"] <= 0.001

    listed = phone_browser.run(seen, sites["built"].url("fr/campaigns/"), at("2027-02-01 08:00"))
    relisted = phone_browser.run(seen, sites["after campaign"].url("fr/campaigns/"), at("2027-02-01 08:00"))
    assert listed["main"] == relisted["main"] and listed["headings"] == ["Campagnes clôturées"]


def test_days_left_count_down_at_each_midnight(phone_browser, sites):  # noqa: F811
    url = "fr/volunteer/translators/"
    assert phone_browser.run(seen, sites["built"].url(url), at("2026-11-21 10:00"))["days"] == ["40 jours restants"]
    assert phone_browser.run(seen, sites["built"].url(url), at("2026-11-23 00:01"))["days"] == ["38 jours restants"]
    arabic = phone_browser.run(seen, sites["built"].url("volunteer/translators/"), at("2026-11-24 09:00"))
    assert arabic["days"] == ["بقي 37 يومًا"]


def test_an_upcoming_activity_is_shown_as_past_after_its_end(phone_browser, sites):  # noqa: F811
    url = "fr/activities/cleanup/"
    before = phone_browser.run(seen, sites["built"].url(url), at("2026-12-05 08:00"))
    assert before["badges"][0] == "À venir" and any("S'inscrire" in action for action in before["actions"])

    after = phone_browser.run(seen, sites["built"].url(url), at("2026-12-05 13:00"))
    rebuilt = phone_browser.run(seen, sites["after activity"].url(url), at("2026-12-05 13:00"))
    assert after["badges"] == rebuilt["badges"]
    assert after["badges"][0] == "Cette activité a eu lieu"  # then the related call's
    assert after["actions"] == [] == rebuilt["actions"]  # no "register", no "add to my calendar"
    assert after["main"] == rebuilt["main"]
    assert after["shifts"] <= 0.001

    listed = phone_browser.run(seen, sites["built"].url("fr/activities/"), at("2026-12-05 13:00"))
    relisted = phone_browser.run(seen, sites["after activity"].url("fr/activities/"), at("2026-12-05 13:00"))
    assert listed["headings"] == relisted["headings"] == ["Activités passées"]
    assert listed["main"] == relisted["main"]


def test_without_a_moment_a_page_loads_no_clock_script(phone_browser, sites):  # noqa: F811
    page = phone_browser.run(seen, sites["built"].url("fr/news/report-2025/"), at("2026-11-21 10:00"))
    assert not any("deadline.js" in src for src in page["scripts"])
    call = phone_browser.run(seen, sites["built"].url("fr/volunteer/translators/"), at("2026-11-21 10:00"))
    assert [src for src in call["scripts"] if "deadline.js" in src] == [sites["built"].url("theme/js/deadline.js")]


def test_the_script_is_small_and_asks_nothing_of_other_sites():
    data = SCRIPT.read_bytes()
    assert len(gzip.compress(data, 9)) <= 1024
    assert not re.search(rb"https?://|import\(|fetch\(|XMLHttpRequest", data)
