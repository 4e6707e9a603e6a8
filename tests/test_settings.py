"""Tadamon's settings: typed, merged with their defaults, a bad one named with what it expects."""

import re

import pytest
from conftest import ROOT, SITEURL, build, run_cli, settings_for
from pelican import Pelican
from pelican.settings import DEFAULT_THEME
from tadamon.errors import SetupError


def test_a_partial_url_override_keeps_every_other_url(content, tmp_path):
    site = build(content, tmp_path / "out", TADAMON_URLS={"news": "actualites/{slug}/"})
    assert site.exists("actualites/report-2025/index.html")
    assert site.exists("fr/actualites/report-2025/index.html")
    assert not site.exists("news/report-2025/index.html")
    # Every URL the site did not set is the default one.
    assert site.exists("activities/cleanup/index.html")
    assert site.exists("feeds/all.atom.xml")
    assert site.exists("sitemap.xml")
    links = [a["href"] for a in site.soup("").find_all("a", href=True)]
    assert f"{SITEURL}/actualites/report-2025/" in links


def test_a_partial_home_limit_override_keeps_the_other_limits(content, tmp_path):
    site = build(content, tmp_path / "out", TADAMON_HOME_LIMITS={"news": 0})
    home = site.text("index.html")
    assert "/news/report-2025/" not in home
    assert "/activities/" in home


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("TADAMON_URLS", {"nwes": "actualites/{slug}/"}, "unknown: nwes"),
        ("TADAMON_URLS", {"news": "actualites/"}, "{slug}"),
        ("TADAMON_URLS", {"news": 3}, 'for key "news"'),
        ("TADAMON_URLS", ["news"], "a dict"),
        ("TADAMON_PER_PAGE", "12", "a whole number at least 1"),
        ("TADAMON_PER_PAGE", 0, "a whole number at least 1"),
        ("TADAMON_REUSE_PAGES", "no", "True or False"),
        ("TADAMON_BUILD_DATE", "21/11/2026", "a date like"),
        ("TADAMON_IMAGE_QUALITY", 101, "at most 100"),
        ("TADAMON_IMAGE_WIDTHS", 480, "a list of values"),
        ("TADAMON_CARDS_COLOURS", ("red", "#1f2937", "#b45309"), 'a colour like "#0f766e"'),
    ],
)
def test_a_bad_setting_is_named_with_what_it_expects(content, tmp_path, name, value, said):
    with pytest.raises(SetupError) as raised:
        Pelican(settings_for(content, tmp_path / "out", **{name: value}))
    message = str(raised.value)
    assert f"setting {name}: expected" in message
    assert said in message
    assert "Write e.g." in message
    assert not (tmp_path / "out").exists()


def test_the_command_shows_a_bad_setting_in_one_line_without_traceback(content, tmp_path):
    done = run_cli("build", content, tmp_path / "output", settings='TADAMON_URLS = {"news": "actualites/"}\n')
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "setting TADAMON_URLS: expected" in done.stderr
    assert "news" in done.stderr and "{slug}" in done.stderr
    assert not (tmp_path / "output").exists()


def test_the_old_list_of_plugins_is_refused_with_what_to_write(content, tmp_path):
    old = 'PLUGINS = ["tadamon.association", "tadamon.i18n", "tadamon.kinds", "tadamon.validation"]\n'
    done = run_cli("build", content, tmp_path / "output", settings=old)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert 'PLUGINS = ["tadamon"]' in done.stderr
    assert "tadamon.kinds" in done.stderr
    assert not (tmp_path / "output").exists()


def test_a_site_that_names_no_theme_gets_tadamons(content, tmp_path):
    settings = settings_for(content, tmp_path / "out")
    settings["THEME"] = DEFAULT_THEME
    Pelican(settings).run()
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html
    assert (tmp_path / "out" / "theme").is_dir()
    assert "notmyidea" not in html


def test_a_stage_that_cannot_be_wired_stops_the_build(content, tmp_path, monkeypatch):
    """Pelican itself would log the error and build a near-empty site with exit status 0."""
    import tadamon

    monkeypatch.setattr(tadamon, "STAGES", (*tadamon.STAGES[:-2], "tadamon.nowhere", *tadamon.STAGES[-2:]))
    with pytest.raises(SetupError, match="tadamon.nowhere"):
        Pelican(settings_for(content, tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_an_unknown_url_name_is_shown_the_nearest_known_one(content, tmp_path):
    with pytest.raises(SetupError) as raised:
        Pelican(settings_for(content, tmp_path / "out", TADAMON_URLS={"nwes": "actualites/{slug}/"}))
    assert "Write e.g. TADAMON_URLS = {'news': 'news/{slug}/'}" in str(raised.value)


def test_a_misspelt_setting_is_warned_about_with_the_nearest_one(content, tmp_path, caplog):
    build(content, tmp_path / "out", TADAMON_PERPAGE=3)
    warnings = [r.getMessage() for r in caplog.records if r.name == "tadamon.settings"]
    assert warnings == ["Unknown setting TADAMON_PERPAGE: Tadamon does not read it (did you mean TADAMON_PER_PAGE?)"]


def test_stages_read_the_language_and_time_zone_from_the_sites_typed_configuration():
    """association.yml's first language and time zone are set in one place, the
    site's Config; Pelican's DEFAULT_LANG and TIMEZONE are written from it for
    Pelican and the templates, and no stage reads them back."""
    named = re.compile(r"""["'](DEFAULT_LANG|TIMEZONE)["']""")
    written = re.compile(r"""\[["'](DEFAULT_LANG|TIMEZONE)["']\]\s*=[^=]""")
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sorted((ROOT / "plugins" / "tadamon").rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if named.search(line) and not written.search(line)
    ]
    # The settings step: where Config is made, before association.yml could be read.
    assert found == [
        'plugins/tadamon/association/__init__.py: config = Config(siteurl=settings["SITEURL"], '
        'default_lang=settings["DEFAULT_LANG"])'
    ]
