"""Warnings that protect trust (validation/freshness.py): an old raised figure, a
missing final figure, an activity without report, a translation older than its
sibling by git history. They are warnings: check and build still succeed, and
say them in the editor's language, as workflow annotations under GitHub Actions.

The build date of these tests is conftest.BUILD_DATE (2026-11-21)."""

import os
import subprocess

import pytest
from conftest import run_cli

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Volunteer",
    "GIT_AUTHOR_EMAIL": "volunteer@example.org",
    "GIT_COMMITTER_NAME": "Volunteer",
    "GIT_COMMITTER_EMAIL": "volunteer@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(folder, *args, date=None):
    env = dict(os.environ, **GIT_IDENTITY)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True, timeout=60)


def commit(folder, message, date):
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def warnings(done):
    return [line for line in done.stderr.splitlines() if line.startswith("Warning:")]


def check(content, tmp_path, **env):
    done = run_cli("check", content, tmp_path / "output", env=env)
    assert done.returncode == 0, done.stdout + done.stderr  # warnings never stop a check
    return done


# --- campaigns -----------------------------------------------------------------


def test_an_open_campaigns_old_raised_figure_is_warned_about(content, tmp_path):
    for lang in ("ar", "fr"):
        edit(content / "campaigns" / f"coats.{lang}.md", "as_of: 2026-11-15", "as_of: 2026-10-01")
    done = check(content, tmp_path)
    found = [line for line in warnings(done) if "donors see a figure" in line]
    assert found == [
        f"Warning: content/campaigns/coats.{lang}.md:4: field 'raised': donors see a figure from 51 days ago "
        "(raised as of 2026-10-01); write what has come in since, e.g. raised: {amount: ..., as_of: 2026-11-21}"
        for lang in ("ar", "fr")
    ]


def test_a_recent_raised_figure_is_not_warned_about(content, tmp_path):
    done = check(content, tmp_path)  # as of 2026-11-15: 6 days before the build
    assert not [line for line in warnings(done) if "raised" in line]


def test_a_closed_campaign_with_a_figure_from_before_its_deadline_is_warned_about(content, tmp_path):
    campaign = content / "campaigns" / "coats.fr.md"
    edit(campaign, "deadline: 2027-01-31", "deadline: 2026-11-18")
    done = check(content, tmp_path)
    found = [line for line in warnings(done) if "final figure" in line]
    assert found == [
        "Warning: content/campaigns/coats.fr.md:4: field 'raised': the campaign ended on 2026-11-18, but its raised "
        "figure dates from 2026-11-15: its final figure is missing; write the final amount, with as_of: 2026-11-18 "
        "or later, e.g. raised: {amount: ..., as_of: 2026-11-18}"
    ]
    edit(campaign, "as_of: 2026-11-15", "as_of: 2026-11-18")  # the figure of its last day: final
    assert not [line for line in warnings(check(content, tmp_path)) if "final figure" in line]


# --- activities -------------------------------------------------------------------


def test_an_activity_ended_weeks_ago_without_report_is_warned_about(content, tmp_path):
    for lang in ("ar", "fr"):
        edit(content / "activities" / f"cleanup.{lang}.md", "start: 2026-12-05 09:00", "start: 2026-11-01 09:00")
        edit(content / "activities" / f"cleanup.{lang}.md", "end: 2026-12-05 12:00", "end: 2026-11-01 12:00")
    done = check(content, tmp_path)
    found = [line for line in warnings(done) if "no report" in line]
    assert found == [
        f"Warning: content/activities/cleanup.{lang}.md:4: field 'report': the activity ended 20 days ago and has no "
        "report: donors and volunteers never learn what happened; add e.g. report: {participants: 45, text: "
        '"What we did, and what came of it"}'
        for lang in ("ar", "fr")
    ]


def test_a_recent_activity_or_one_with_a_report_is_not_warned_about(content, tmp_path):
    for lang in ("ar", "fr"):
        cleanup = content / "activities" / f"cleanup.{lang}.md"
        edit(cleanup, "start: 2026-12-05 09:00", "start: 2026-11-11 09:00")  # ended 10 days before the build
        edit(cleanup, "end: 2026-12-05 12:00", "end: 2026-11-11 12:00")
    assert not [line for line in warnings(check(content, tmp_path)) if "no report" in line]
    for lang in ("ar", "fr"):
        cleanup = content / "activities" / f"cleanup.{lang}.md"
        edit(cleanup, "start: 2026-11-11 09:00", "start: 2026-10-01 09:00")
        edit(cleanup, "end: 2026-11-11 12:00", "end: 2026-10-01 12:00\nreport: {participants: 30}")
    assert not [line for line in warnings(check(content, tmp_path)) if "no report" in line]


# --- translations, by git history -----------------------------------------------------


@pytest.fixture
def repository(content):
    """The fixture site in a git repository: every file committed on 1 October 2026."""
    folder = content.parent
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "The site", "2026-10-01T10:00:00+01:00")
    return content


def test_a_translation_older_than_its_sibling_is_named_and_its_page_says_so(repository, tmp_path):
    content = repository
    edit(content / "volunteer" / "translators.fr.md", "places: 3", "places: 5")  # the French call changes
    commit(content.parent, "Five translators now", "2026-11-02T18:30:00+01:00")
    done = check(content, tmp_path)
    found = [line for line in warnings(done) if "translation" in line]
    assert found == [
        "Warning: content/volunteer/translators.ar.md: this translation is older than "
        "content/volunteer/translators.fr.md, changed on 2026-11-02 (this file last on 2026-10-01); check that "
        "it still says what content/volunteer/translators.fr.md says (dates, places, numbers, how to apply) and "
        "update it"
    ]

    built = run_cli("build", content, tmp_path / "output")
    assert built.returncode == 0, built.stderr
    from conftest import Site

    site = Site(tmp_path / "output")
    note = site.soup("volunteer/translators/").find("p", role="note")
    assert note is not None and "قد لا تكون هذه الصفحة محدّثة" in note.get_text()
    link = note.find("a")
    assert link["href"].endswith("/fr/volunteer/translators/")
    assert (link["hreflang"], link["lang"], link["dir"]) == ("fr", "fr", "ltr")  # French inside Arabic
    assert site.soup("fr/volunteer/translators/").find("p", role="note") is None  # the newer page says nothing
    assert site.soup("fr/volunteer/").find("p", role="note") is None


def test_a_translation_added_later_does_not_make_its_original_old(repository, tmp_path):
    content = repository
    (content / "campaigns" / "school.ar.md").write_text(
        '---\ntitle: "الأدوات المدرسية"\ngoal: {amount: 100000, currency: DZD}\n---\nنص.\n', encoding="utf-8"
    )
    commit(content.parent, "Arabic translation of the school campaign", "2026-11-05T10:00:00+01:00")
    assert not [line for line in warnings(check(content, tmp_path)) if "translation" in line]


def test_translations_changed_in_one_commit_are_not_warned_about(repository, tmp_path):
    content = repository
    for lang in ("ar", "fr"):
        edit(content / "volunteer" / f"translators.{lang}.md", "places: 3", "places: 4")
    commit(content.parent, "Four translators", "2026-11-05T10:00:00+01:00")
    assert not [line for line in warnings(check(content, tmp_path)) if "translation" in line]


def test_without_git_history_nothing_is_said_about_translations(content, tmp_path):
    # Not a repository (the test's folder is outside any), then no git at all.
    edit(content / "volunteer" / "translators.fr.md", "places: 3", "places: 5")
    assert not [line for line in warnings(check(content, tmp_path)) if "translation" in line]
    (tmp_path / "empty-path").mkdir()
    assert not [
        line for line in warnings(check(content, tmp_path, PATH=str(tmp_path / "empty-path"))) if "translation" in line
    ]


# --- in the editor's language, on the file -----------------------------------------------


def test_warnings_are_in_the_editors_language_and_annotated_on_their_file(repository, tmp_path):
    content = repository
    edit(content / "association.yml", "editor_language: en", "editor_language: fr")
    edit(content / "campaigns" / "coats.fr.md", "as_of: 2026-11-15", "as_of: 2026-09-01")
    edit(content / "volunteer" / "translators.ar.md", "places: 3", "places: 5")
    commit(content.parent, "Changes", "2026-11-03T09:00:00+01:00")
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(content.parent), "GITHUB_STEP_SUMMARY": str(summary)}
    done = run_cli("build", content, tmp_path / "output", env=env)
    assert done.returncode == 0, done.stderr  # the site is published
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::warning ")]
    assert (
        "::warning file=content/campaigns/coats.fr.md,line=4,title=Attention %3A champ raised::les donateurs "
        "voient un montant d'il y a 81 jours (raised au 2026-09-01) ; écrivez ce qui a été reçu depuis, par exemple "
        "raised: {amount: ..., as_of: 2026-11-21}"
    ) in annotations, annotations
    # Each older file is named, with the newer one: the French call, the Arabic campaign.
    translation = sorted(line for line in annotations if "traduction" in line)
    assert [line.split(",")[0] for line in translation] == [
        "::warning file=content/campaigns/coats.ar.md",
        "::warning file=content/volunteer/translators.fr.md",
    ]
    assert "plus ancienne que content/volunteer/translators.ar.md, modifié le 2026-11-03" in translation[1]
    assert "donateurs voient un montant" in summary.read_text(encoding="utf-8")
    assert "Attention : content/campaigns/coats.fr.md:4: champ 'raised': les donateurs voient" in done.stderr
