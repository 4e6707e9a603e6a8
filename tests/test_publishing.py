"""Publishing with no server: the GitHub Pages workflow, the invoke tasks, and
the files a static host reads (.nojekyll, CNAME)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from conftest import ROOT, SITE_CONTENT, build, run_cli
from demo import copy_project
from tadamon.report import catalog, editor_language

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
TASKS = ("build", "rebuild", "serve", "livereload", "publish", "gh-pages", "clean", "check")


# --- the GitHub Pages workflow ----------------------------------------------


def _workflow():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _step(steps, action):
    """Index and step of the first step that uses ``action`` (owner/name, any version)."""
    for index, step in enumerate(steps):
        if step.get("uses", "").split("@")[0] == action:
            return index, step
    raise AssertionError(f"no step uses {action}")


def _run_step(steps, pattern):
    for index, step in enumerate(steps):
        if re.search(pattern, step.get("run", "")):
            return index, step
    raise AssertionError(f"no step runs {pattern!r}")


def test_workflow_checks_builds_verifies_and_deploys_on_push_to_main():
    workflow = _workflow()
    assert "main" in workflow["on"]["push"]["branches"]
    assert "workflow_dispatch" in workflow["on"]
    steps = workflow["jobs"]["build"]["steps"]

    checkout, _ = _step(steps, "actions/checkout")
    python, setup_python = _step(steps, "actions/setup-python")
    assert str(setup_python["with"]["python-version"]) == "3.11"
    assert setup_python["with"]["cache"] == "pip"
    configure, pages = _step(steps, "actions/configure-pages")
    setup, setup_step = _run_step(steps, r"bash tools/setup\.sh")
    assert "--tests" not in setup_step["run"]  # no browser, Java or Node on the deploy path
    check, check_step = _run_step(steps, r"-m tadamon check")
    build_index, build_step = _run_step(steps, r"tadamon build -s publishconf\.py")
    verify, verify_step = _run_step(steps, r"-m tadamon verify")
    upload, artifact = _step(steps, "actions/upload-pages-artifact")
    assert checkout < python < setup < check < build_index < verify < upload
    assert configure < build_index

    # The site's address is the one Pages says, sub-path or custom domain included.
    expected = "${{steps." + pages["id"] + ".outputs.base_url}}"
    assert build_step["env"]["SITEURL"].replace(" ", "") == expected
    # The check with the build's settings: what it makes, the build takes from the cache.
    assert "-s publishconf.py" in check_step["run"] and check_step["env"]["SITEURL"].replace(" ", "") == expected
    assert verify_step["env"]["SITEURL"].replace(" ", "") == expected
    assert re.search(r"(-o|--output) output\b", build_step["run"])
    assert artifact["with"]["path"].rstrip("/") == "output"
    assert str(artifact["with"].get("include-hidden-files")).lower() == "true"  # .nojekyll

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    _step(deploy["steps"], "actions/deploy-pages")
    assert workflow.get("permissions", {}).get("contents") == "read"  # nothing else may write


def test_workflow_keeps_the_build_caches():
    steps = _workflow()["jobs"]["build"]["steps"]
    cache_index, cache = _step(steps, "actions/cache")
    build_index, _ = _run_step(steps, r"publishconf\.py")
    assert cache_index < build_index
    assert {path.rstrip("/") for path in cache["with"]["path"].split()} == {".cache", "vendor"}
    key = cache["with"]["key"].replace(" ", "")
    assert "hashFiles('content/**','themes/**')" in key
    prefix = key.split("${{")[0]
    assert prefix and cache["with"]["restore-keys"].strip() == prefix


def test_the_workflow_build_command_works(tmp_path):
    """The workflow's own build step, run in a fresh checkout, publishes under the Pages address."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests run outside a virtual environment; the workflow's command expects .venv/")
    project = copy_project(tmp_path / "checkout")
    (project / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    workflow = _workflow()
    _, step = _run_step(workflow["jobs"]["build"]["steps"], r"tadamon build -s publishconf\.py")
    siteurl = "https://volunteer.github.io/el-amel"
    env = dict(os.environ, SITEURL=siteurl, **workflow["jobs"]["build"].get("env", {}))
    done = subprocess.run(["bash", "-c", step["run"]], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    home = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{siteurl}/">' in home
    assert f'href="{siteurl}/theme/css/site.css"' in home
    assert (project / "output" / ".nojekyll").is_file()


# --- .nojekyll and CNAME ----------------------------------------------------


def test_nojekyll_and_no_cname_without_a_domain(site):
    assert site.exists(".nojekyll")
    assert not site.exists("CNAME")


def test_domain_in_association_file_writes_cname(content, tmp_path):
    text = (content / "association.yml").read_text(encoding="utf-8")
    (content / "association.yml").write_text(text + "domain: www.Ennour.example.org\n", encoding="utf-8")
    built = build(content, tmp_path / "output")
    assert built.text("CNAME") == "www.ennour.example.org\n"


def test_an_arabic_domain_is_written_in_its_ascii_form(content, tmp_path):
    text = (content / "association.yml").read_text(encoding="utf-8")
    (content / "association.yml").write_text(text + "domain: جمعية-النور.الجزائر\n", encoding="utf-8")
    built = build(content, tmp_path / "output")
    assert built.text("CNAME") == "جمعية-النور.الجزائر".encode("idna").decode() + "\n"
    assert built.text("CNAME").startswith("xn--")


@pytest.mark.parametrize("domain", ["https://www.example.org", "www.example.org/site", "example", "a b.org"])
def test_a_domain_that_is_not_a_host_name_is_refused(content, tmp_path, domain):
    text = (content / "association.yml").read_text(encoding="utf-8")
    (content / "association.yml").write_text(text + f'domain: "{domain}"\n', encoding="utf-8")
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2
    assert "content/association.yml" in done.stderr and "field 'domain'" in done.stderr
    assert "www.example.org" in done.stderr  # says what is expected


# --- invoke tasks -----------------------------------------------------------


def invoke(project, *args, env=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def project(tmp_path):
    """A fresh checkout of the project (no output, no cache) to run tasks in."""
    return copy_project(tmp_path / "project")


def test_invoke_lists_every_task():
    done = invoke(ROOT, "--list")
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.splitlines()[1:] if line.strip()}
    assert set(TASKS) <= listed


def test_invoke_check_reports_mistakes_and_writes_nothing(project):
    """In the editor's language, whatever association content/ holds."""
    gettext = catalog(editor_language(project / "content")) or (lambda message: message)
    good = invoke(project, "check")
    assert good.returncode == 0, good.stderr
    assert gettext("The content is correct: no mistakes found.") in good.stdout
    news = project / "content" / "news" / "tadamon-test-undated.md"
    news.parent.mkdir(exist_ok=True)
    news.write_text("---\ntitle: Sans date\n---\nTexte.\n", encoding="utf-8")
    bad = invoke(project, "check")
    assert bad.returncode == 2
    assert f"content/news/{news.name}: {gettext('field')} 'date'" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert not (project / "output").exists()


def test_invoke_build_clean_and_rebuild(project):
    done = invoke(project / "content", "build")  # invoke finds tasks.py from a subfolder too
    assert done.returncode == 0, done.stderr
    assert (project / "output" / "index.html").is_file() and (project / "output" / ".nojekyll").is_file()
    assert not (project / "content" / "output").exists()
    assert (project / ".cache").is_dir()

    assert invoke(project, "clean").returncode == 0
    assert not (project / "output").exists() and not (project / ".cache").exists()

    assert invoke(project, "rebuild").returncode == 0
    assert (project / "output" / "index.html").is_file()


def test_invoke_publish_needs_the_site_address(project):
    without = invoke(project, "publish", env={"SITEURL": ""})
    assert without.returncode != 0
    assert "SITEURL" in without.stdout + without.stderr
    done = invoke(project, "publish", "--siteurl", "https://example.org/el-amel/")
    assert done.returncode == 0, done.stderr
    home = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/el-amel/">' in home


def test_invoke_gh_pages_commits_the_site_to_the_gh_pages_branch(project):
    git_env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=dict(os.environ, **git_env))
    done = invoke(project, "gh-pages", "--no-push", "--siteurl", "https://example.github.io/el-amel", env=git_env)
    assert done.returncode == 0, done.stdout + done.stderr
    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()
    assert {"index.html", "404.html", ".nojekyll", "theme/css/site.css"} <= set(files)
    home = subprocess.run(["git", "show", "gh-pages:index.html"], cwd=project, capture_output=True, text=True).stdout
    assert "https://example.github.io/el-amel/" in home


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch_when_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


@pytest.mark.parametrize("task", ["serve", "livereload"])
def test_invoke_serve_and_livereload_serve_the_site(project, task):
    if task == "serve":
        assert invoke(project, "build").returncode == 0
    lang = SITE_CONTENT.languages[-1]  # the last language: under its prefix when there are several
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", task, "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, page = _fetch_when_up(f"http://127.0.0.1:{port}/{SITE_CONTENT.prefix(lang)}", process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert status == 200
    assert f'<html lang="{lang}" dir="{SITE_CONTENT.direction(lang)}">' in page
