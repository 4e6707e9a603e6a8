"""Items without a date go into the feeds dated by their file's first commit in
git, else by its modification time, and the warning says which; they used to
be dated 2000-01-01 and sank to the bottom of feed readers."""

import logging
import os
import subprocess

import feedparser
import pytest
from conftest import SITEURL, build
from pelican.log import LimitFilter

TRANSLATORS = "volunteer/translators.fr.md"  # the fixture's volunteer calls have no date
CAMP = "volunteer/summer-camp.fr.md"


@pytest.fixture(autouse=True)
def every_warning(monkeypatch):
    """Pelican drops a warning already logged in this process (its LimitFilter): other
    builds of the session log the same one."""
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())


def git(folder, *args, date="2025-06-01T10:00:00+01:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    command = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-C", str(folder), *args]
    subprocess.run(command, check=True, capture_output=True, env=env)


def published(site, url, feed="fr/feeds/all.atom.xml"):
    parsed = feedparser.parse((site.path / feed).read_bytes())
    return next(e.published for e in parsed.entries if e.link == url)


@pytest.fixture
def repository(content):
    """The fixture content as a git repository: everything added on 2025-06-01 but the
    translators' call, added on 2025-03-14 and renamed since (its date is the original's)."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    git(content, "init", "-q")
    original = content / "volunteer" / "translate.fr.md"
    (content / TRANSLATORS).rename(original)
    git(content, "add", str(original))
    git(content, "commit", "-q", "-m", "first call", date="2025-03-14T09:30:00+01:00")
    original.rename(content / TRANSLATORS)
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "the rest; the call renamed")
    return content


def test_an_undated_item_takes_its_files_first_commit_date(repository, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    site = build(repository, tmp_path / "out")
    assert published(site, f"{SITEURL}/fr/volunteer/translators/") == "2025-03-14T09:30:00+01:00"
    assert published(site, f"{SITEURL}/fr/volunteer/summer-camp/") == "2025-06-01T10:00:00+01:00"
    warning = next(r.getMessage() for r in caplog.records if "have no date" in r.getMessage())
    assert "first commit of their file in git" in warning and "translators.fr.md" in warning
    assert "modification time" not in warning
    again = build(repository, tmp_path / "again")  # the same checkout: the same feed
    feed = "fr/feeds/all.atom.xml"
    assert (again.path / feed).read_bytes() == (site.path / feed).read_bytes()


def test_a_file_not_yet_committed_takes_its_modification_time(repository, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    new = repository / "volunteer" / "drivers.fr.md"
    new.write_bytes((repository / TRANSLATORS).read_bytes())  # a copy, not committed
    stamp = 1764583200  # 2025-12-01T10:00:00Z
    os.utime(new, (stamp, stamp))
    site = build(repository, tmp_path / "out")
    assert published(site, f"{SITEURL}/fr/volunteer/drivers/") == "2025-12-01T11:00:00+01:00"
    messages = [r.getMessage() for r in caplog.records if "have no date" in r.getMessage()]
    assert any("modification time" in m and "drivers.fr.md" in m for m in messages), messages
    assert any("first commit" in m and "translators.fr.md" in m and "drivers" not in m for m in messages), messages


def test_outside_a_repository_the_modification_time(content, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    stamp = 1748772000  # 2025-06-01T10:00:00Z
    os.utime(content / TRANSLATORS, (stamp, stamp))
    site = build(content, tmp_path / "out")
    assert published(site, f"{SITEURL}/fr/volunteer/translators/") == "2025-06-01T11:00:00+01:00"
    assert any("modification time" in r.getMessage() for r in caplog.records)
    assert not any("2000-01-01" in published(site, e) for e in (f"{SITEURL}/fr/volunteer/summer-camp/",))


def test_a_fixed_date_can_still_be_chosen(content, tmp_path):
    site = build(content, tmp_path / "out", TADAMON_FEED_UNDATED="2000-01-01")
    assert published(site, f"{SITEURL}/fr/volunteer/translators/") == "2000-01-01T00:00:00+01:00"
