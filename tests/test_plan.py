"""The plan: files made from declared inputs, kept in the cache by their key,
so that a rebuild (and a production build with its cache restored, in a
fresh clone) makes only what changed, and a page that shows more than it
declares is caught."""

import logging
import os
import shutil
import sys

import pytest
from conftest import build, run_cli
from pelican.log import LimitFilter
from tadamon import cache as tadamon_cache
from tadamon.errors import SetupError
from tadamon.output import EQUAL, Output
from test_output import files, stamps

CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def made(caplog):
    """The URLs the last build made (the plan's debug line)."""
    lines = [r.getMessage() for r in caplog.records if r.name == "tadamon.plan" and r.getMessage().startswith("Made:")]
    return lines[-1].split()[1:]


def fresh_mtimes(folder):
    """What a fresh clone does to every file: a new mtime."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (path.stat().st_atime + 3600, path.stat().st_mtime + 3600))


@pytest.fixture
def debug_log(caplog, monkeypatch):
    caplog.set_level(logging.DEBUG, logger="tadamon.plan")
    # Pelican's loggers drop a message said before in the process: each build says its own.
    monkeypatch.setattr(LimitFilter, "filter", lambda self, record: True)
    return caplog


def test_a_fresh_clone_with_its_cache_restored_makes_nothing_again(content, tmp_path, debug_log):
    """The Pages workflow: the cache restored, every mtime new, a new output folder.
    (Undated items get a fixed date here: the workflow dates them by git, which
    a new mtime does not change; by mtime, their feeds would rightly be made again.)"""
    first, dated = tmp_path / "first", {**CACHED, "TADAMON_FEED_UNDATED": "2026-01-01"}
    build(content, first, **dated)
    assert len(made(debug_log)) > 50  # every page, feed and calendar
    fresh_mtimes(content)
    restored = tmp_path / "restored"
    build(content, restored, **dated)
    assert made(debug_log) == []
    assert files(restored) == files(first)


def test_one_changed_item_makes_its_page_what_shows_it_and_its_language_feeds(content, tmp_path, debug_log):
    output = tmp_path / "output"
    build(content, output, **CACHED)
    cleanup = content / "activities" / "cleanup.fr.md"
    cleanup.write_text(cleanup.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    build(content, output, **CACHED)
    again = set(made(debug_log))
    assert "fr/activities/cleanup/index.html" in again
    assert "fr/activities/cleanup/cleanup.ics" in again and "fr/calendar/activities.ics" in again
    assert any(u.startswith("fr/feeds/") for u in again)
    # Nothing of another item; of the other language only the translation's page (its switcher
    # leads to the French page, whose digest changed), and the search's table of every
    # language's index (Pagefind's entry file, which names the French index's new version).
    assert not [u for u in again if "webinar" in u or "garden" in u or "coats" in u]
    shared = {"activities/cleanup/index.html", "pagefind/pagefind-entry.json"}
    assert {u for u in again if not u.startswith("fr/")} <= shared
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert files(output) == files(fresh)


def test_nothing_changed_nothing_made_and_every_file_left_alone(content, tmp_path, debug_log):
    output = tmp_path / "output"
    build(content, output, **CACHED)
    before = stamps(output)
    build(content, output, **CACHED)
    assert made(debug_log) == []
    assert stamps(output) == before


def test_photos_are_not_read_again_when_they_did_not_change(content, tmp_path, monkeypatch):
    output = tmp_path / "output"
    build(content, output, **CACHED)
    photo = content / "images" / "photo.jpg"
    hashed = []
    real = tadamon_cache.hashlib.file_digest
    monkeypatch.setattr(tadamon_cache.hashlib, "file_digest", lambda f, d: hashed.append(f.name) or real(f, d))
    build(content, output, **CACHED)
    assert str(photo) not in hashed
    published = next(p for p in output.rglob("photo*.jpg"))
    assert published.stat().st_nlink > 1  # a hard link to the photo's cache, not a copy
    photo.write_bytes(photo.read_bytes() + b"\0")  # the same picture, other bytes: read and hashed again
    build(content, output, **CACHED)
    assert str(photo) in hashed


def test_a_page_that_shows_an_item_it_does_not_declare_stops_the_test_build(content, tmp_path):
    """The check behind the declarations: a template that reads an item its page does
    not declare (here the 404 page, which declares none) would be reused stale."""
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "404.html").write_text('{{ items[lang]["news"][0].title }}', encoding="utf-8")
    with pytest.raises(SetupError, match="404.html .*does not declare: news/"):
        build(content, tmp_path / "output", THEME_TEMPLATES_OVERRIDES=[str(overrides)])


def test_a_removed_cache_costs_time_once_and_never_correctness(content, tmp_path, monkeypatch):
    """The cache's new entries hold the bytes the output holds already: the build
    leaves the output's files as they are (same bytes, mtimes, inodes) and links
    each entry to its output file, so that the next build compares no bytes.
    (A change of code whose pages came out the same does the same.)"""
    output = tmp_path / "output"
    build(content, output, **CACHED)
    before, stamped = files(output), stamps(output)
    shutil.rmtree(tmp_path / "cache")
    build(content, output, **CACHED)
    assert files(output) == before and stamps(output) == stamped
    pages = list(output.rglob("*.html"))
    assert pages and all(path.stat().st_nlink > 1 for path in pages)  # one file with its entry
    found = []  # (path, data, source, link), what Output._holds found
    holds = Output._holds

    def noted(*args):
        found.append((*args, holds(*args)))
        return found[-1][-1]

    monkeypatch.setattr(Output, "_holds", staticmethod(noted))
    build(content, output, **CACHED)
    compared = [path for path, _data, _source, link, held in found if link and held == EQUAL]
    assert found and compared == []
    assert stamps(output) == stamped


def test_a_file_written_without_a_plan_stops_the_test_build(content, tmp_path, monkeypatch):
    """Every file of the output has a key: a producer that writes around the plan is caught."""
    from tadamon import hosting

    def unplanned(build):
        build.site.output.write("stray.txt", b"no key")

    monkeypatch.setattr(hosting, "write", unplanned)
    with pytest.raises(SetupError, match="without a plan .*stray.txt"):
        build(content, tmp_path / "output")


def test_every_file_of_a_build_is_published_through_the_plan(content, tmp_path, monkeypatch):
    """One publish path: pages, feeds, calendars, cards, photos, search and static
    files all reach the output through ``Plan.publish``, the only writer of ``Output``."""
    writers = set()
    write = Output.write

    def noted(self, url, *args, **kwargs):
        caller = sys._getframe(1).f_code
        writers.add((os.path.basename(caller.co_filename), caller.co_name))
        return write(self, url, *args, **kwargs)

    monkeypatch.setattr(Output, "write", noted)
    site = build(content, tmp_path / "output", **CACHED)
    assert writers == {("plan.py", "publish")}
    assert len(files(site.path)) > 100 and (site.path / "pagefind" / "pagefind-entry.json").is_file()


def test_a_check_and_a_build_share_their_cache(content, tmp_path):
    """`tadamon check` makes the files a build makes (and publishes none): the
    build after it takes them from the cache."""
    output = tmp_path / "output"
    checked = run_cli("check", content, output)
    assert checked.returncode == 0, checked.stderr
    assert " 0 from the cache" in checked.stderr and not output.exists()
    built = run_cli("build", content, output)
    assert built.returncode == 0, built.stderr
    # Made: only the search's table of indexes (a check runs no Pagefind: ``tadamon.search``).
    assert ", 1 made, " in built.stderr
    assert (output / "fr" / "activities" / "cleanup" / "index.html").stat().st_nlink > 1  # the check's page
