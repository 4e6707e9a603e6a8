"""Tadamon as a package: what `pip install .` installs, `tadamon init`'s new
site, and builds that share one process without sharing state."""

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tarfile
import textwrap
import time
import tomllib
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from conftest import FIXTURE, ROOT, Site
from tadamon import __version__
from tadamon.admin import SCRIPT
from tadamon.cli import main as tadamon
from test_admin_vendor import serving, standin_registry
from workflow_runner import Runner, read_workflow

SITEURL = "https://example.org/assoc"


def files(folder):
    """{relative path: bytes} of every file under ``folder``."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def png_size(path):
    width, height = struct.unpack(">II", Path(path).read_bytes()[16:24])
    return width, height


def test_every_sub_package_is_in_the_installed_package():
    """A sub-package missing from pyproject.toml's list would be missing from
    every site built with the released package."""
    declared = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    engine = ROOT / "plugins"
    found = {
        path.parent.relative_to(engine).as_posix().replace("/", ".")
        for path in (engine / "tadamon").rglob("__init__.py")
        if "starter" not in path.parts
    }
    assert found <= declared, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - declared)}"
    assert "tadamon.theme" in declared


def test_the_package_depends_on_the_pinned_build_requirements():
    """requirements.txt (this repository's builds) and the package (every
    site's builds) pin the same versions: a site builds what this repository tests."""
    pinned = {
        line.split("#")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    }
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {d.lower() for d in pyproject["project"]["dependencies"]} == pinned
    # The version is written once, in tadamon/__init__.py; the package takes it from there.
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "tadamon.__version__"}


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine")
    assert tadamon(["init", str(tmp_path / "site")]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["notes.txt"]


def test_init_writes_a_site_repository_that_depends_on_this_release(tmp_path):
    site = tmp_path / "site"
    assert tadamon(["init", str(site)]) == 0
    assert f"tadamon=={__version__}" in (site / "requirements.txt").read_text().split()
    # No copy of the engine or the theme: a few lines of settings that import them.
    assert not (site / "plugins").exists() and not (site / "themes").exists()
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        assert len((site / name).read_text().splitlines()) <= 30, name
    assert "from tadamon.conf import *" in (site / "pelicanconf.py").read_text()
    workflow = (site / ".github" / "workflows" / "pages.yml").read_text()
    for step in (
        "pip install -r requirements.txt",
        "tadamon fetch-editor",
        "tadamon check",
        "tadamon build -s publishconf.py -o output",
        "tadamon verify",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "id: pages",
        "cache: pip",
        "pages: write",
        "id-token: write",
    ):
        assert step in workflow, step
    steps = read_workflow(site / ".github" / "workflows" / "pages.yml")["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    fetch, check = runs.index("tadamon fetch-editor"), runs.index("tadamon check -s publishconf.py")
    assert runs.index("pip install -r requirements.txt") < fetch < check  # fetched before the check uses it
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert {".cache/", "vendor/"} <= set(cache["with"]["path"].split()), "the editor is kept between runs"
    dependabot = yaml.safe_load((site / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"]: update for update in dependabot["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(update["schedule"]["interval"] == "weekly" for update in ecosystems.values())
    ignored = (site / ".gitignore").read_text().split()
    assert "/output/" in ignored and "/vendor/" in ignored
    association = (site / "content" / "association.yml").read_text(encoding="utf-8")
    assert "REPLACE" in association and "languages: [ar, fr]" in association
    for lang in ("ar", "fr"):
        assert (site / "content" / "pages" / f"about.{lang}.md").is_file()
        assert (site / "content" / "activities" / f"first-meeting.{lang}.md").is_file()


def test_pip_install_then_init_then_build_gives_a_complete_site(tmp_path, monkeypatch):
    """15-30 s here with pip's cache warm: a virtualenv, pip install, init, then the new
    site's own Pages workflow (fetch the editor, check, build, verify, upload), as a runner runs it."""
    # Build from a copy of the repository, as a user's pip would from a release.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("plugins", "themes"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_ = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}")

    def run(*command, cwd=tmp_path, **extra):
        done = subprocess.run(
            [str(c) for c in command], cwd=cwd, env={**env, **extra}, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    run(bin_ / "python", "-m", "pip", "install", "--quiet", source)
    installed = run(bin_ / "python", "-c", "import tadamon; print(tadamon.theme_path())").stdout.strip()
    assert Path(installed).is_relative_to(venv), installed  # the theme comes from the package
    assert run(bin_ / "tadamon", "--version").stdout.strip() == f"tadamon {__version__}"

    # The editor's pins are in the package, as this repository has them.
    pins = Path(run(bin_ / "python", "-c", "from tadamon.admin import vendor; print(vendor.PINS)").stdout.strip())
    assert pins.is_relative_to(venv) and pins.read_bytes() == (ROOT / "plugins/tadamon/admin/pins.json").read_bytes()

    run(bin_ / "tadamon", "init", "site")
    site_dir = tmp_path / "site"
    run(bin_ / "invoke", "check", cwd=site_dir)  # the site's tasks.py, through the installed command

    # The site's workflow fetches the editor from a stand-in registry on 127.0.0.1,
    # whose pins stand in for the release's in this throwaway virtualenv.
    pins.write_text(json.dumps(standin_registry(tmp_path / "registry")), encoding="utf-8")
    workflow = read_workflow(site_dir / ".github" / "workflows" / "pages.yml")
    with serving(tmp_path / "registry") as (registry, requests):
        monkeypatch.setenv("TADAMON_NPM_REGISTRY", registry)
        result = Runner(site_dir, SITEURL, python=bin_ / "python").run_job(workflow["jobs"]["build"])
    assert result.ok, result.output[-4000:]
    ran = [step.name for step in result.steps if not step.skipped]  # a push: no lookup of a deployed twin
    assert [name for name in ran if not name.startswith(("Fingerprint", "Decide"))][-4:] == [
        "Check the content",
        "Build",
        "Check the built site",
        "Upload the site",
    ]
    assert requests, "the workflow fetched the editor"
    with tarfile.open(result.artifact) as tar:
        published = set(tar.getnames())
    assert {"index.html", "admin/index.html", "admin/config.yml", f"admin/{SCRIPT}", ".nojekyll"} <= published
    site = Site(site_dir / "output")
    assert site.soup("admin/").find("script")["src"] == "/assoc/admin/sveltia-cms.js"
    assert "repo: association/site" in site.text("admin/config.yml")  # the repository being built

    for lang, prefix, direction in (("ar", "", "rtl"), ("fr", "fr/", "ltr")):
        home = site.soup(prefix)
        assert (home.html["lang"], home.html["dir"]) == (lang, direction)
        assert "REPLACE" in home.get_text()  # the starter's own content
        card = home.find("meta", property="og:image")["content"]
        assert card.startswith(f"{SITEURL}/")
        assert png_size(site.path / card.removeprefix(f"{SITEURL}/")) == (1200, 630)
        for feed in ("all.atom.xml", "all.rss.xml", "activities.atom.xml"):
            assert site.exists(f"{prefix}feeds/{feed}"), feed
        assert "BEGIN:VEVENT" in site.text(f"{prefix}calendar/activities.ics")
        page = site.soup(f"{prefix}activities/first-meeting/")
        assert (page.html["lang"], page.html["dir"]) == (lang, direction)
        assert site.exists(f"{prefix}about/index.html")
    locations = [loc.text for loc in ElementTree.parse(site.path / "sitemap.xml").iter() if loc.tag.endswith("loc")]
    assert f"{SITEURL}/fr/activities/first-meeting/" in locations
    assert "Sitemap:" in site.text("robots.txt")
    # The theme's CSS and fonts, served from the site itself, as shipped in the package.
    theme = ROOT / "themes" / "tadamon" / "static"
    assert site.path.joinpath("theme/css/site.css").read_bytes() == (theme / "css" / "site.css").read_bytes()
    fonts = sorted(p.name for p in (theme / "fonts").iterdir())
    assert fonts and sorted(p.name for p in (site.path / "theme" / "fonts").iterdir()) == fonts
    stylesheet = site.soup("").find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(f"{SITEURL}/theme/")


BUILD_IN_ORDER = """
import sys
sys.path[:0] = [{tests!r}, {plugins!r}]
from conftest import build
for content, output in {builds!r}:
    build(content, output, SITEURL={siteurl!r})
"""


def test_two_sites_built_in_one_process_are_the_sites_built_alone(tmp_path):
    """Nothing of one build (languages, default language, caches, templates)
    survives into the next build in the same process."""
    other = tmp_path / "other"
    assert tadamon(["init", str(other)]) == 0
    # The other site's default language differs from the fixture site's.
    association = other / "content" / "association.yml"
    association.write_text(
        association.read_text(encoding="utf-8").replace("languages: [ar, fr]", "languages: [fr, ar]"), encoding="utf-8"
    )
    sites = {"fixture": FIXTURE, "other": other / "content"}

    def build_in_one_process(names, folder):
        builds = [(str(sites[name]), str(tmp_path / folder / name / "output")) for name in names]
        script = BUILD_IN_ORDER.format(
            tests=str(ROOT / "tests"), plugins=str(ROOT / "plugins"), builds=builds, siteurl=SITEURL
        )
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=600, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        return {name: files(output) for name, (_, output) in zip(names, builds, strict=True)}

    together = build_in_one_process(["fixture", "other"], "together")
    alone = {name: build_in_one_process([name], f"alone-{name}")[name] for name in sites}
    assert together["other"]["index.html"] != together["fixture"]["index.html"]
    for name in sites:
        assert together[name].keys() == alone[name].keys(), name
        changed = [path for path in alone[name] if together[name][path] != alone[name][path]]
        assert not changed, f"{name}: built after another site, these files differ: {changed[:10]}"


def site_settings(tmp_path, content):
    conf = tmp_path / "siteconf.py"
    conf.write_text(f"from pelicanconf import *\nPATH = {str(content)!r}\nOUTPUT_PATH = {str(tmp_path / 'output')!r}\n")
    return str(conf)


def test_new_writes_one_file_per_language_of_the_site(content, tmp_path, capsys):
    assert tadamon(["new", "activity", "picnic", "-s", site_settings(tmp_path, content)]) == 0
    assert {p.name for p in (content / "activities").glob("picnic.*.md")} == {"picnic.ar.md", "picnic.fr.md"}
    assert "picnic.fr.md" in capsys.readouterr().out
    assert tadamon(["new", "news", "hello", "--lang", "fr", "-s", site_settings(tmp_path, content)]) == 0
    assert [p.name for p in (content / "news").glob("hello.*.md")] == ["hello.fr.md"]
    # An existing file is never overwritten: the mistake is shown, the file stays.
    before = (content / "news" / "hello.fr.md").read_bytes()
    assert tadamon(["new", "news", "hello", "--lang", "fr", "-s", site_settings(tmp_path, content)]) == 2
    assert (content / "news" / "hello.fr.md").read_bytes() == before


def test_serve_serves_the_built_site_on_127_0_0_1(tmp_path):
    output = tmp_path / "output"
    (output / "fr").mkdir(parents=True)
    (output / "fr" / "index.html").write_text("<!doctype html><title>Accueil</title>", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    server = subprocess.Popen(
        [sys.executable, "-m", "tadamon", "serve", "-o", str(output), "-p", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/", timeout=5) as answer:
                    body = answer.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("tadamon serve did not answer")
        assert "<title>Accueil</title>" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- releases ---------------------------------------------------------------

RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def release_check(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "release_check.py"), *args], capture_output=True, text=True, cwd=cwd
    )


def test_the_release_workflow_checks_builds_tries_then_publishes_with_trusted_publishing():
    workflow = read_workflow(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    order = [
        'python tools/release_check.py "$GITHUB_REF_NAME"\n',
        "python -m build",
        'release_check.py "$GITHUB_REF_NAME" dist/*',
        "python -m venv",
        "install --disable-pip-version-check dist/*.whl",
        "tadamon init site",
        "tadamon fetch-editor",
        "tadamon check",
        "tadamon build -s publishconf.py -o output",
        "tadamon verify",
        "admin/sveltia-cms.js",
    ]
    positions = [runs.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=True))
    assert "permissions" not in build  # only the publishing job may ask for an identity token
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    uses = [step.get("uses") for step in publish["steps"]]
    assert uses[-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert not any("password" in step.get("with", {}) for step in publish["steps"])  # trusted publishing, no token
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    download = next(step for step in publish["steps"] if step.get("uses", "").startswith("actions/download-artifact@"))
    assert upload["with"]["name"] == download["with"]["name"] and download["with"]["path"] == "dist/"


def test_the_release_s_tag_check_stops_a_tag_that_is_not_the_version(tmp_path):
    step = next(
        s for s in read_workflow(RELEASE)["jobs"]["build"]["steps"] if s["name"] == "Check the tag is the version"
    )

    def run_step(tag):
        env = dict(os.environ, GITHUB_REF_NAME=tag)
        return subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=ROOT, env=env, capture_output=True)

    assert run_step(f"v{__version__}").returncode == 0
    assert run_step("v0.0.1").returncode == 1
    assert run_step(__version__).returncode == 1  # the v is part of the tag

    done = release_check("v0.0.1")
    assert done.returncode == 1 and f"is not v{__version__}" in done.stderr
    # The built files must carry the version too.
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in (f"tadamon-{__version__}.tar.gz", f"tadamon-{__version__}-py3-none-any.whl"):
        (dist / name).write_bytes(b"")
    assert release_check(f"v{__version__}", *map(str, dist.iterdir())).returncode == 0
    (dist / f"tadamon-{__version__}.tar.gz").rename(dist / "tadamon-0.0.1.tar.gz")
    done = release_check(f"v{__version__}", *map(str, dist.iterdir()))
    assert done.returncode == 1 and "tadamon-0.0.1.tar.gz" in done.stderr


def test_the_tag_check_reads_the_version_where_a_release_bumps_it(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("release_check", ROOT / "tools" / "release_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    init = tmp_path / "__init__.py"
    init.write_text('"""x"""\n\n__version__ = "1.2.3"  # bumped\n', encoding="utf-8")
    assert module.problems("v1.2.3", init=init) == []
    assert module.problems(f"v{__version__}", init=init) != []
    # A pyproject.toml that writes a version of its own must agree with it.
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "tadamon"\nversion = "1.2.2"\n', encoding="utf-8")
    assert any(
        "pyproject.toml says version 1.2.2" in p for p in module.problems("v1.2.3", init=init, pyproject=pyproject)
    )
