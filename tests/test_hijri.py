"""Hijri dates (``hijri: true`` in association.yml): the Umm al-Qura date beside
every Gregorian date people read, in the page's words; machine dates stay Gregorian."""

import datetime
import json
import re

import pytest
from conftest import build, run_cli
from tadamon.i18n.hijri import hijri_date


# Known conversions, from the Umm al-Qura calendar as published (Saudi Arabia):
# Ramadan 1446 began on Saturday 1 March 2025, Ramadan 1447 on Wednesday
# 18 February 2026; 1 Muharram 1447 was Thursday 26 June 2025.
@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2025, 3, 1), (1446, 9, 1)),
        (datetime.date(2025, 3, 27), (1446, 9, 27)),  # Laylat al-Qadr is sought on the 27th
        (datetime.date(2026, 2, 18), (1447, 9, 1)),
        (datetime.date(2025, 6, 26), (1447, 1, 1)),
        (datetime.date(2025, 6, 25), (1446, 12, 29)),  # the last day of 1446 (a month of 29 days)
    ],
)
def test_known_umm_al_qura_conversions(day, expected):
    assert hijri_date(day) == expected


def test_hijri_adjust_follows_local_moon_sighting():
    first_of_ramadan = datetime.date(2025, 3, 1)
    assert hijri_date(first_of_ramadan, -1) == (1446, 8, 29)  # sighted a day later here: still Sha'ban
    assert hijri_date(first_of_ramadan, 1) == (1446, 9, 2)
    assert hijri_date(first_of_ramadan, -2) == (1446, 8, 28)


def test_dates_outside_the_calendars_tables_have_no_hijri_date():
    assert hijri_date(datetime.date(1900, 1, 1)) is None
    assert hijri_date(datetime.date(2100, 1, 1)) is None


def with_hijri(content, adjust=None, news_date="2025-03-01"):
    """The fixture site with hijri on, and a news post dated ``news_date``."""
    association = content / "association.yml"
    extra = "hijri: true\n" + (f"hijri_adjust: {adjust}\n" if adjust is not None else "")
    association.write_text(association.read_text(encoding="utf-8") + extra, encoding="utf-8")
    for lang, title in (("ar", "بداية رمضان"), ("fr", "Début du ramadan")):
        news = content / "news" / f"ramadan.{lang}.md"
        news.write_text(f'---\ntitle: "{title}"\ndate: {news_date}\n---\nText.\n', encoding="utf-8")
    return content


def hijri_texts(site, relative):
    return [span.get_text() for span in site.soup(relative).select(".hijri")]


def test_hijri_dates_are_shown_beside_every_date_in_the_pages_language(content, tmp_path):
    site = build(with_hijri(content), tmp_path / "output")
    arabic, french = site.soup("news/ramadan/"), site.soup("fr/news/ramadan/")
    assert "(1 رمضان 1446 هـ)" in hijri_texts(site, "news/ramadan/")
    assert "(1 ramadan 1446 H)" in hijri_texts(site, "fr/news/ramadan/")  # transliterated: no Arabic script
    assert not re.search(r"[\u0600-\u06ff]", " ".join(hijri_texts(site, "fr/news/ramadan/")))
    # Beside the Gregorian date, which stays what it was, in <time datetime>.
    for page in (arabic, french):
        time = page.find("time")
        assert time["datetime"].startswith("2025-03-01")
        assert "hijri" in time.find_next_sibling()["class"]
    # Deadlines, activities and news on lists and the home page have theirs too.
    assert re.search(r"\(\d+ [^()]+ 14\d\d H\)", site.soup("fr/volunteer/").main.get_text())
    assert re.search(r"\(\d+ [^()]+ 14\d\d H\)", site.soup("fr/campaigns/coats/").main.get_text())
    assert re.search(r"\(\d+ [^()]+ 14\d\d هـ\)", site.soup("activities/cleanup/").main.get_text())


def test_hijri_adjust_moves_the_day_shown(content, tmp_path):
    site = build(with_hijri(content, adjust=-1), tmp_path / "output")
    assert "(29 chaabane 1446 H)" in hijri_texts(site, "fr/news/ramadan/")
    assert "(29 شعبان 1446 هـ)" in hijri_texts(site, "news/ramadan/")


def test_machine_dates_stay_gregorian(content, tmp_path):
    site = build(with_hijri(content), tmp_path / "output")
    for feed in ("fr/feeds/news.atom.xml", "fr/feeds/all.rss.xml"):
        text = site.text(feed)
        assert "Début du ramadan" in text and "ramadan 1446" not in text and "1446" not in text
    calendar = site.text("fr/calendar/activities.ics")
    assert "1446" not in calendar and "1448" not in calendar and "hijri" not in calendar
    for script in site.soup("fr/news/ramadan/").find_all("script", type="application/ld+json"):
        assert "1446" not in script.string and "ramadan 1446" not in json.dumps(json.loads(script.string))
    assert all(not re.search(r"14\d\d", time["datetime"]) for time in site.soup("fr/").find_all("time"))


def test_off_by_default(site):
    assert not site.soup("fr/volunteer/").select(".hijri")
    assert not site.soup("activities/cleanup/").select(".hijri")


@pytest.mark.parametrize(
    "line, field",
    [("hijri: yes please", "hijri"), ("hijri_adjust: 3", "hijri_adjust"), ("hijri_adjust: one", "hijri_adjust")],
)
def test_a_wrong_hijri_setting_is_a_content_mistake(content, tmp_path, line, field):
    association = content / "association.yml"
    association.write_text(association.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "content/association.yml:" in done.stderr and f"field '{field}'" in done.stderr


def test_the_starter_and_the_in_browser_editor_offer_it(content, tmp_path):
    import yaml
    from conftest import ROOT, settings_for
    from tadamon.admin.config import cms_config
    from tadamon.association.model import load

    starter = yaml.safe_load((ROOT / "plugins/tadamon/starter/content/association.yml").read_text(encoding="utf-8"))
    assert starter["hijri"] is False and starter["hijri_adjust"] == 0  # offered, off

    association, problems = load(str(content))
    assert problems == [] and association.hijri is False  # off by default
    config = cms_config(association, settings_for(content, tmp_path / "output"), "association/site").data
    settings = next(c for c in config["collections"] if c["name"] == "settings")
    form = next(f for f in settings["files"] if f["name"] == "association")
    fields = {field["name"]: field for field in form["fields"]}
    assert fields["hijri"]["widget"] == "boolean" and fields["hijri"]["default"] is False
    assert (fields["hijri_adjust"]["widget"], fields["hijri_adjust"]["min"], fields["hijri_adjust"]["max"]) == (
        "number",
        -2,
        2,
    )
    assert fields["hijri"]["label"] == "Hijri dates"  # the fixture's editor language is English
