"""Warnings that protect trust: what a site says that has grown old since it was written.

A site is right on the day it is built, then ages. Once reading is over without
a mistake, the validation stage warns (the site still publishes) about:

- an open campaign whose ``raised`` figure is older than ``TADAMON_RAISED_MAX_AGE_DAYS``;
- a closed campaign whose ``raised`` figure dates from before its deadline (the
  final figure is missing);
- an activity that ended more than ``TADAMON_REPORT_AFTER_DAYS`` ago without a ``report``;
- a translation older than its sibling: by git history, one language's file of
  an item was changed after another language's file was last committed. The
  older page also shows a note linking the newer language (``Site.newer``).
  A translation added after the file it translates is not a change: only a
  later modification counts. Without git (or outside a repository), nothing.

Each warning is a ``Problem`` on the item's file and field, shown in the editor's
language and, under GitHub Actions, as an annotation on that file.
"""

import datetime
import os
import subprocess
from typing import NamedTuple

from tadamon import yamlfile
from tadamon.errors import Problem, _, shown_path
from tadamon.kinds.reader import FRONT_MATTER_RE

# Warnings whose line is looked up, reading their file again: a site with years of
# activities without report has hundreds (GitHub shows 10 annotations a step).
LINE_LOOKUPS = 50


class Found(NamedTuple):
    item: object
    message: object
    field: str
    fix: object
    near: tuple  # the fields whose line the warning is shown on, the first one written


def warnings(site):
    """Problems to show as warnings, and ``site.newer`` filled in for the pages."""
    settings, now = site.settings, site.build_time
    zone = site.association.timezone
    content_path = settings["PATH"]
    found = []
    for item in site.all_items:
        if item.kind == "campaign":
            found += _campaign(item, now, zone, settings["TADAMON_RAISED_MAX_AGE_DAYS"])
        elif item.kind == "activity":
            found += _activity(item, now, zone, settings["TADAMON_REPORT_AFTER_DAYS"])
    found.sort(key=lambda one: one.item.source_path)
    problems = []
    for index, one in enumerate(found):
        line = next(filter(None, map(_lines(one.item).get, one.near)), None) if index < LINE_LOOKUPS else None
        problems.append(Problem(shown_path(content_path, one.item.source_path), one.message, one.field, line, one.fix))
    return problems + _translations(site, zone, content_path)


def _day(moment, zone):
    return moment.astimezone(zone).date()


def _campaign(item, now, zone, max_age):
    raised = item.raised
    if raised is None or raised.as_of is None:
        return []
    as_of, today = _day(raised.as_of, zone), _day(now, zone)
    if item.closed:
        deadline = _day(item.deadline, zone)
        if as_of >= deadline:
            return []
        message = _(
            "the campaign ended on {deadline}, but its raised figure dates from {date}: its final figure is missing",
            deadline=deadline.isoformat(),
            date=as_of.isoformat(),
        )
        fix = _(
            "write the final amount, with as_of: {deadline} or later, e.g. raised: {{amount: ..., as_of: {deadline}}}",
            deadline=deadline.isoformat(),
        )
        return [Found(item, message, "raised", fix, ("raised",))]
    age = (today - as_of).days
    if age <= max_age:
        return []
    message = _("donors see a figure from {days} days ago (raised as of {date})", days=age, date=as_of.isoformat())
    fix = _("write what has come in since, e.g. raised: {{amount: ..., as_of: {today}}}", today=today.isoformat())
    return [Found(item, message, "raised", fix, ("raised",))]


def _activity(item, now, zone, after):
    if item.report:
        return []
    days = (_day(now, zone) - _day(item.ends, zone)).days
    if item.ends >= now or days <= after:
        return []
    message = _(
        "the activity ended {days} days ago and has no report: donors and volunteers never learn what happened",
        days=days,
    )
    fix = _('add e.g. report: {{participants: 45, text: "What we did, and what came of it"}}')
    # On the line of its end (or start): the report it lacks has no line yet.
    return [Found(item, message, "report", fix, ("end", "start"))]


def _translations(site, zone, content_path):
    """Files of one item changed at different times: the older ones, named, with the newer."""
    groups = [item for item in site.all_items if item.translations]
    if not groups:
        return []
    history = changes(content_path)
    if not history:
        return []  # no git, no repository, or no history: say nothing
    found = []
    for item in groups:
        own = history.get(_key(item.source_path))
        if own is None:
            continue
        newer = []
        for other in item.translations:
            theirs = history.get(_key(other.source_path))
            if theirs is not None and theirs.modified is not None and theirs.modified > own.committed:
                newer.append((theirs.modified, other))
        if not newer:
            continue
        newer.sort(key=lambda pair: (pair[0], pair[1].lang), reverse=True)
        site.newer[item.source_path] = [(other.lang, other.url) for _when, other in newer]
        when, latest = newer[0]
        message = _(
            "this translation is older than {newer}, changed on {newer_date} (this file last on {date})",
            newer=shown_path(content_path, latest.source_path),
            newer_date=_day(when, zone).isoformat(),
            date=_day(own.committed, zone).isoformat(),
        )
        fix = _(
            "check that it still says what {newer} says (dates, places, numbers, how to apply) and update it",
            newer=shown_path(content_path, latest.source_path),
        )
        found.append(Problem(shown_path(content_path, item.source_path), message, fix=fix))
    return found


class Change:
    """When git last committed a file, and last changed what it holds (not its addition)."""

    __slots__ = ("committed", "modified")

    def __init__(self, committed):
        self.committed = committed
        self.modified = None


def changes(folder):
    """{path: Change} of the files under ``folder``, from one ``git log`` (newest
    commit first); {} when git is missing or ``folder`` is in no repository."""
    command = ["git", "-c", "core.quotePath=false", "-C", folder, "log", "--relative", "-M"]
    command += ["--name-status", "--format=%x00%ct", "--", "."]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    found, when = {}, None
    for line in done.stdout.splitlines():
        if line.startswith("\0"):
            when = datetime.datetime.fromtimestamp(int(line[1:]), datetime.UTC)
            continue
        status, *paths = line.split("\t")
        if not paths or when is None:
            continue
        key = _key(os.path.join(folder, paths[-1]))
        change = found.get(key)
        if change is None:
            change = found[key] = Change(when)
        # A modification, or a rename that also changed the file (similarity under 100%).
        if change.modified is None and (status == "M" or (status.startswith("R") and status != "R100")):
            change.modified = when
    return found


def _key(path):
    return os.path.normcase(os.path.realpath(path))


def _lines(item):
    """{field: line} of the item's front matter (read again: only warned files are)."""
    try:
        with open(item.source_path, encoding="utf-8-sig") as stream:
            match = FRONT_MATTER_RE.match(stream.read().replace("\r\n", "\n"))
        if match is None:
            return {}
        _data, lines = yamlfile.load(match.group(1), "", first_line=2)
    except (OSError, UnicodeError, yamlfile.YamlSyntaxError):
        return {}
    return lines
