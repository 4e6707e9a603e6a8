"""The Pages workflow is every association's deploy path, whatever its content.

A copy of the repository gets another association's content (French first,
three languages, no campaigns and no projects) and the workflow's build job
runs as a runner runs it (tests/workflow_runner.py): it must succeed and upload
a site whose every address starts with the Pages base URL. With a content
mistake it fails, with one annotation per mistake and a summary table.
"""

import re
import shutil
import tarfile
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from demo import copy_project
from workflow_runner import Runner, read_workflow

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BASE_URL = "https://tiziri-assoc.github.io/site-web"
ARTIFACTS = ROOT / "tests" / "artifacts"


def write(folder, files):
    for name, text in files.items():
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def tiziri(content):
    """Another association: French first, then Arabic and English; no campaigns, no projects."""
    shutil.rmtree(content, ignore_errors=True)
    write(
        content,
        {
            "association.yml": """
                name: {fr: "Tiziri Solidarité", ar: "جمعية تيزيري للتضامن", en: "Tiziri Solidarity"}
                languages: [fr, ar, en]
                timezone: Africa/Tunis
                contact:
                  email: bonjour@tiziri.tn
                social:
                  facebook: https://www.facebook.com/tiziri.tn
            """,
            "pages/a-propos.fr.md": """
                ---
                title: "Qui sommes-nous"
                order: 1
                ---
                Une association de quartier à Sfax.
            """,
            "pages/a-propos.ar.md": """
                ---
                title: "من نحن"
                order: 1
                ---
                جمعية حي في صفاقس.
            """,
            "pages/a-propos.en.md": """
                ---
                title: "About us"
                order: 1
                ---
                A neighbourhood association in Sfax.
            """,
            "activities/collecte.fr.md": """
                ---
                title: "Collecte de livres"
                start: 2026-12-12 10:00
                location: {name: "Maison des jeunes de Sfax"}
                image: images/collecte.jpg
                image_alt: "Des cartons de livres"
                ---
                Apportez vos livres.
            """,
            "activities/collecte.ar.md": """
                ---
                title: "جمع الكتب"
                start: 2026-12-12 10:00
                location: {name: "دار الشباب بصفاقس"}
                image: images/collecte.jpg
                image_alt: "صناديق كتب"
                ---
                أحضروا كتبكم.
            """,
            "volunteer/traduction.fr.md": """
                ---
                title: "Traduire notre lettre"
                deadline: 2027-01-31
                mode: remote
                apply: {email: benevoles@tiziri.tn}
                ---
                Deux heures par mois.
            """,
            "news/ouverture.fr.md": """
                ---
                title: "Notre bibliothèque ouvre"
                date: 2026-11-02
                ---
                La bibliothèque ouvre ses portes.
            """,
        },
    )
    (content / "images").mkdir()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "site" / "images" / "photo.jpg", content / "images" / "collecte.jpg")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A fresh checkout of the repository, as a fork holds it."""
    return copy_project(tmp_path_factory.mktemp("fork") / "checkout")


def run_build_job(project, base_url=BASE_URL):
    for leftover in ("output", "runner-temp"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    shutil.rmtree(project.parent / "runner-temp", ignore_errors=True)
    job = read_workflow(project / ".github" / "workflows" / "pages.yml")["jobs"]["build"]
    return Runner(project, base_url, repository="tiziri-assoc/site-web").run_job(job)


def test_the_build_job_publishes_another_associations_site(project):
    tiziri(project / "content")
    result = run_build_job(project)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "pages-job-times.txt").write_text(result.times() + "\n", encoding="utf-8")
    assert result.ok, result.output[-4000:]
    assert "::error" not in result.output

    with tarfile.open(result.artifact) as tar:
        names = set(tar.getnames())
        assert {"index.html", "ar/index.html", "en/index.html", ".nojekyll", "sitemap.xml"} <= names
        home = BeautifulSoup(tar.extractfile("index.html").read(), "html.parser")
        arabic = BeautifulSoup(tar.extractfile("ar/index.html").read(), "html.parser")

    assert (home.html["lang"], home.html["dir"]) == ("fr", "ltr")  # the first language is at the root
    assert (arabic.html["lang"], arabic.html["dir"]) == ("ar", "rtl")
    assert "Tiziri Solidarité" in home.title.text
    addresses = [link["href"] for link in home.find_all("link", href=True) if link["href"].startswith("http")]
    addresses += [meta["content"] for meta in home.find_all("meta", property=re.compile("^og:(url|image)$"))]
    assert addresses and all(address.startswith(BASE_URL + "/") for address in addresses), addresses
    assert {link["hreflang"] for link in home.find_all("link", hreflang=True)} >= {"fr", "ar", "en", "x-default"}

    # The job checks, then builds with the check's cache: the feeds keep their photos.
    with tarfile.open(result.artifact) as tar:
        photo = tar.getmember("images/collecte.jpg").size
        rss = BeautifulSoup(tar.extractfile("feeds/activities.rss.xml").read(), "xml")
        atom = BeautifulSoup(tar.extractfile("ar/feeds/all.atom.xml").read(), "xml")
    enclosure = rss.find("item").find("enclosure")
    assert enclosure is not None, "the published feed lost its enclosure"
    assert (enclosure["url"], int(enclosure["length"])) == (f"{BASE_URL}/images/collecte.jpg", photo)
    assert atom.find("link", rel="enclosure")["length"] == str(photo)


def test_the_build_job_runs_no_developer_test_and_installs_no_browser():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert not re.search(r"pytest|--tests|chromium|playwright|npm|java", text, re.IGNORECASE)
    steps = read_workflow(WORKFLOW)["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [next(i for i, run in enumerate(runs) if word in run) for word in ("check", " build ", "verify")]
    assert order == sorted(order)


def test_a_content_mistake_fails_the_job_with_annotations_and_a_summary(project):
    tiziri(project / "content")
    news = project / "content" / "news" / "ouverture.fr.md"
    news.write_text(news.read_text(encoding="utf-8").replace("date: 2026-11-02", "date: demain"), "utf-8")
    (project / "content" / "activities" / "collecte.ar.md").write_text("---\ntitle: جمع\n---\nنص.\n", "utf-8")
    result = run_build_job(project)

    assert not result.ok
    assert result.steps[-1].name == "Check the content"  # nothing was built or uploaded
    assert result.artifact is None
    annotations = [line for line in result.output.splitlines() if line.startswith("::error ")]
    (ARTIFACTS / "pages-job-annotations.txt").write_text("\n".join(annotations) + "\n", encoding="utf-8")
    assert any(
        line.startswith("::error file=content/news/ouverture.fr.md,line=3,title=") and "demain" in line
        for line in annotations
    ), annotations
    assert any(line.startswith("::error file=content/activities/collecte.ar.md,") for line in annotations)
    assert len(annotations) == 2
    # The editor's language is French here (the first of languages): the summary says so.
    assert "| `content/news/ouverture.fr.md` | 3 | `date` |" in result.summary
    assert "Traceback" not in result.output
