"""The Pages workflow runs every day too: at which hour, what a scheduled run
deploys (a changed site only), and the keep-alive call that keeps the schedule
enabled, made here to a stand-in for GitHub's API (tests/workflow_runner.py
runs the jobs as a runner does)."""

import datetime
import http.server
import json
import re
import shutil
import threading
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from demo import copy_project
from test_workflow import tiziri
from workflow_runner import Runner, read_workflow

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
STARTER_WORKFLOW = ROOT / "plugins" / "tadamon" / "starter" / ".github" / "workflows" / "pages.yml"
BASE_URL = "https://tiziri-assoc.github.io/site-web"
REPOSITORY = "tiziri-assoc/site-web"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A fresh checkout of the repository, as a fork holds it, with another association's content."""
    checkout = copy_project(tmp_path_factory.mktemp("fork") / "checkout")
    tiziri(checkout / "content")
    return checkout


def runner(project, event_name, caches=None, needs=None, api_url="https://api.github.com"):
    return Runner(
        project, BASE_URL, repository=REPOSITORY, event_name=event_name, caches=caches, needs=needs, api_url=api_url
    )


def fresh(project):
    for leftover in (project / "output", project.parent / "runner-temp", project / ".deployed"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()


@pytest.mark.parametrize("path", [WORKFLOW, STARTER_WORKFLOW], ids=["repository", "starter"])
def test_the_workflow_runs_every_day_shortly_after_midnight_in_algiers(path):
    workflow = read_workflow(path)
    crons = [entry["cron"] for entry in workflow["on"]["schedule"]]
    assert len(crons) == 1
    minute, hour, *rest = crons[0].split()
    assert rest == ["*", "*", "*"]  # every day
    utc = datetime.datetime(2026, 12, 7, int(hour), int(minute), tzinfo=datetime.UTC)
    local = utc.astimezone(ZoneInfo("Africa/Algiers"))
    assert local.hour == 0 and 5 <= local.minute <= 45, local  # after midnight, off the busy top of the hour
    text = path.read_text(encoding="utf-8")
    assert re.search(r"23:17 UTC is 00:17 in Algiers", text), "the comment says which hour, and why"


@pytest.mark.parametrize("path", [WORKFLOW, STARTER_WORKFLOW], ids=["repository", "starter"])
def test_the_keep_alive_job_has_only_the_permission_it_needs_and_runs_only_on_schedule(path):
    workflow = read_workflow(path)
    job = workflow["jobs"]["keep-alive"]
    assert job["permissions"] == {"actions": "write"}
    assert workflow["permissions"] == {"contents": "read"}  # every other job: read only
    assert "docs.github.com/en/rest/actions/workflows#enable-a-workflow" in path.read_text(encoding="utf-8")
    assert runner(ROOT, "schedule").job_runs(job)
    assert not runner(ROOT, "push").job_runs(job)
    assert not runner(ROOT, "workflow_dispatch").job_runs(job)


class StandInAPI(http.server.BaseHTTPRequestHandler):
    """GitHub's REST API as far as the keep-alive uses it: 204 to an enable request."""

    status = 204
    requests = []

    def do_PUT(self):
        self.requests.append((self.command, self.path, dict(self.headers)))
        self.send_response(self.status)
        self.end_headers()
        if self.status != 204:
            self.wfile.write(json.dumps({"message": "Resource not accessible by integration"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    """A stand-in API on 127.0.0.1; yields (its URL, the handler class, whose status a test may change)."""
    handler = type("Handler", (StandInAPI,), {"requests": [], "status": 204})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_the_keep_alive_step_asks_github_to_enable_this_workflow(project, api):
    url, handler = api
    job = read_workflow(project / ".github" / "workflows" / "pages.yml")["jobs"]["keep-alive"]
    fresh(project)
    result = runner(project, "schedule", api_url=url).run_job(job)
    assert result.ok, result.output
    assert len(handler.requests) == 1
    method, path, headers = handler.requests[0]
    assert (method, path) == ("PUT", f"/repos/{REPOSITORY}/actions/workflows/pages.yml/enable")
    assert headers["Authorization"] == "Bearer ghs_standin-token"  # the run's own token
    assert headers["Accept"] == "application/vnd.github+json"
    assert headers["X-GitHub-Api-Version"] == "2022-11-28"


def test_a_refused_keep_alive_fails_its_job_visibly(project, api):
    url, handler = api
    handler.status = 403
    job = read_workflow(project / ".github" / "workflows" / "pages.yml")["jobs"]["keep-alive"]
    fresh(project)
    result = runner(project, "schedule", api_url=url).run_job(job)
    assert not result.ok
    assert "Resource not accessible" in result.output


def run_workflow(project, event_name, caches):
    """The build job, then the jobs its outputs let run (deploy, remember), as GitHub chains them."""
    fresh(project)
    jobs = read_workflow(project / ".github" / "workflows" / "pages.yml")["jobs"]
    build = runner(project, event_name, caches).run_job(jobs["build"])
    assert build.ok, build.output[-4000:]
    ran = {"build": build}
    for name in ("deploy", "remember"):
        job = jobs[name]
        needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
        if not all(need in ran and ran[need].ok for need in needs):
            continue
        chained = runner(project, event_name, caches, needs={need: ran[need].outputs for need in needs})
        if not chained.job_runs(job):
            continue
        ran[name] = chained.run_job(job)
        ran[name].deployed = chained.deployed
        assert ran[name].ok, ran[name].output
    return ran


def test_a_scheduled_run_builds_and_deploys_only_a_site_that_changed(project):
    caches = {}
    first = run_workflow(project, "schedule", caches)  # the first daily run: nothing deployed by it yet
    assert first["build"].artifact is not None
    assert first["deploy"].deployed is not None
    assert list(caches) == [f"tadamon-deployed-{first['build'].outputs['digest']}"]
    assert re.fullmatch(r"[0-9a-f]{64}", first["build"].outputs["digest"])

    again = run_workflow(project, "schedule", caches)  # the next night, nothing changed
    assert again["build"].outputs == {"deploy": "false", "digest": first["build"].outputs["digest"]}
    skipped = [step.name for step in again["build"].steps if step.skipped]
    assert skipped == ["Upload the site"]
    assert again["build"].artifact is None
    assert "deploy" not in again and "remember" not in again
    assert "nothing to deploy" in again["build"].summary

    pushed = run_workflow(project, "push", caches)  # a push always deploys
    assert pushed["deploy"].deployed is not None
    assert not any(step.skipped for step in pushed["build"].steps if step.name == "Upload the site")

    news = project / "content" / "news" / "ouverture.fr.md"
    news.write_text(news.read_text(encoding="utf-8").replace("ouvre ses portes", "ouvre le samedi"), "utf-8")
    changed = run_workflow(project, "schedule", caches)  # a change that nobody deployed yet
    assert changed["build"].outputs["digest"] != first["build"].outputs["digest"]
    assert changed["deploy"].deployed is not None
    times = "\n".join(f"{name}:\n{result.times()}" for name, result in changed.items())
    (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
    (ROOT / "tests" / "artifacts" / "pages-schedule-times.txt").write_text(times + "\n", encoding="utf-8")


def test_the_scheduled_build_runs_no_developer_test():
    for path in (WORKFLOW, STARTER_WORKFLOW):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pytest|--tests|chromium|playwright|npm|java", text, re.IGNORECASE), path


def test_the_readme_says_in_three_languages_how_to_see_the_daily_run_work():
    from test_readme import SECTIONS

    cron = read_workflow(WORKFLOW)["on"]["schedule"][0]["cron"]
    said = re.search(r'echo "([^"]*nothing to deploy[^"]*)"', WORKFLOW.read_text(encoding="utf-8"))
    assert said, "the run's summary says when nothing was deployed"
    jobs = read_workflow(WORKFLOW)["jobs"]
    for lang, text in SECTIONS.items():
        assert f'`cron: "{cron}"`' in text, lang  # which hour, as the workflow says it
        assert "`schedule`" in text and "Publish on GitHub Pages" in text, lang  # where to look
        assert "nothing to deploy" in text and "**deploy**" in text and "**keep-alive**" in text, lang
        assert "Enable workflow" in text, lang  # what to do if it stopped
    assert {"deploy", "keep-alive"} <= set(jobs)
