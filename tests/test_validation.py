"""Bad input: every rule of the content contract, as an editor meets it.

Each mistake stops the build with a non-zero status and a message naming the
file, the field (the line for YAML syntax) and what is expected, without a
traceback; the previously published output stays as it was.
"""

import pytest
from conftest import run_cli


@pytest.fixture
def published(content, tmp_path):
    """A site built once from good content; the tests then break the content."""
    output = tmp_path / "output"
    done = run_cli("build", content, output)
    assert done.returncode == 0, done.stderr
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    return output, before


def write(content, relative, text):
    path = content / relative
    path.write_text(text, encoding="utf-8")
    return path


def refused(content, published):
    """Build again; check the build failed cleanly and the output is untouched. Return stderr."""
    output, before = published
    done = run_cli("build", content, output)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed the published site"
    # The mistakes only: warnings (the fixture keeps example.org addresses) come before them.
    return "\n".join(line for line in done.stderr.splitlines() if not line.startswith("Warning: "))


def test_yaml_that_does_not_parse_names_file_and_line(content, published):
    write(content, "activities/cleanup.fr.md", "---\ntitle: Nettoyage\nstart: [2026-12-05\n---\nT.\n")
    message = refused(content, published)
    assert "content/activities/cleanup.fr.md:" in message
    assert "YAML syntax error" in message
    line = int(message.split("content/activities/cleanup.fr.md:")[1].split(":")[0])
    assert line in (3, 4)


def test_yaml_error_in_association_file(content, published):
    write(content, "association.yml", (content / "association.yml").read_text() + "contact: {email: x\n")
    message = refused(content, published)
    assert "content/association.yml:" in message and "YAML syntax error" in message


def test_missing_required_field(content, published):
    write(content, "campaigns/coats.fr.md", "---\ntitle: Manteaux\n---\nT.\n")
    message = refused(content, published)
    assert "content/campaigns/coats.fr.md: field 'goal': is required" in message
    assert "currency" in message  # says what is expected


def test_every_kind_checks_its_required_fields(content, published):
    write(content, "activities/cleanup.fr.md", "---\ntitle: A\n---\n")
    write(content, "projects/garden.fr.md", "---\ntitle: P\n---\n")
    write(content, "volunteer/translators.fr.md", "---\ntitle: V\n---\n")
    write(content, "news/report-2025.fr.md", "---\ntitle: N\n---\n")
    write(content, "pages/about.fr.md", "---\norder: 1\n---\n")
    message = refused(content, published)
    for expected in (
        "activities/cleanup.fr.md: field 'start'",
        "projects/garden.fr.md: field 'stage'",
        "volunteer/translators.fr.md: field 'deadline'",
        "volunteer/translators.fr.md: field 'mode'",
        "volunteer/translators.fr.md: field 'apply'",
        "news/report-2025.fr.md: field 'date'",
        "pages/about.fr.md: field 'title'",
    ):
        assert expected in message


def test_a_date_that_is_not_a_date(content, published):
    write(content, "news/report-2025.fr.md", "---\ntitle: R\ndate: next tuesday\n---\nT.\n")
    message = refused(content, published)
    assert "content/news/report-2025.fr.md:3: field 'date'" in message
    assert "2026-12-05" in message and "'next tuesday'" in message


def test_image_that_does_not_exist(content, published):
    write(
        content,
        "news/report-2025.fr.md",
        "---\ntitle: R\ndate: 2026-01-01\nimage: images/nope.jpg\nimage_alt: x\n---\n",
    )
    message = refused(content, published)
    assert "field 'image'" in message and "images/nope.jpg" in message


def test_image_without_alt_text(content, published):
    write(content, "news/report-2025.fr.md", "---\ntitle: R\ndate: 2026-01-01\nimage: images/photo.jpg\n---\n")
    message = refused(content, published)
    assert "content/news/report-2025.fr.md:4: field 'image_alt': is required with every image" in message


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x"])
def test_url_with_a_forbidden_scheme(content, published, link):
    write(
        content,
        "activities/cleanup.fr.md",
        f'---\ntitle: A\nstart: 2026-12-05\nregistration: "{link}"\n---\n',
    )
    message = refused(content, published)
    assert "content/activities/cleanup.fr.md:4: field 'registration'" in message
    assert "https:" in message


def test_url_with_a_forbidden_scheme_in_association_donation_channel(content, published):
    text = (content / "association.yml").read_text().replace("https://give.example.org/ennour", "javascript:void(0)")
    write(content, "association.yml", text)
    message = refused(content, published)
    assert "content/association.yml" in message and "field 'donate'" in message and "channel 1" in message


def test_lang_not_in_languages(content, published):
    write(content, "news/report-2025.fr.md", "---\ntitle: R\ndate: 2026-01-01\nlang: en\n---\n")
    write(content, "news/extra.de.md", "---\ntitle: R\ndate: 2026-01-01\n---\n")
    message = refused(content, published)
    assert "content/news/report-2025.fr.md:4: field 'lang': 'en' is not one of the site's languages (ar, fr)" in message
    assert "content/news/extra.de.md: the file name says 'de'" in message


def test_two_files_with_the_same_slug_and_language(content, published):
    write(content, "news/copy.fr.md", "---\ntitle: C\nslug: report-2025\ndate: 2026-01-01\n---\n")
    message = refused(content, published)
    assert "field 'slug'" in message and "'report-2025'" in message
    assert "content/news/copy.fr.md" in message or "content/news/report-2025.fr.md" in message


@pytest.mark.parametrize(
    ("relative", "front", "field"),
    [
        ("campaigns/coats.fr.md", "goal: {amount: 1, currency: DZD}\nproject: nowhere", "project"),
        (
            "volunteer/translators.fr.md",
            "deadline: 2026-12-31\nmode: remote\napply: {email: a@b.org}\nactivity: nowhere",
            "activity",
        ),
        ("projects/garden.fr.md", "stage: ongoing\npartners: [nowhere]", "partners"),
    ],
)
def test_reference_to_nothing(content, published, relative, front, field):
    write(content, relative, f"---\ntitle: T\n{front}\n---\n")
    message = refused(content, published)
    assert f"content/{relative}: field '{field}'" in message and "'nowhere'" in message


def test_all_mistakes_are_reported_together(content, published):
    write(content, "news/report-2025.fr.md", "---\ntitle: R\ndate: someday\n---\n")
    write(content, "campaigns/coats.fr.md", "---\ntitle: M\n---\n")
    write(content, "activities/cleanup.fr.md", "---\ntitle: [oops\n---\n")
    message = refused(content, published)
    assert "3 content mistakes" in message
    assert "report-2025.fr.md" in message and "coats.fr.md" in message and "cleanup.fr.md" in message
    # one or two lines per mistake
    assert len([line for line in message.splitlines() if line.strip()]) <= 1 + 2 * 3


def test_check_reports_without_writing(content, tmp_path):
    output = tmp_path / "never"
    good = run_cli("check", content, output)
    assert good.returncode == 0 and "no mistakes" in good.stdout
    assert not output.exists()
    write(content, "news/report-2025.fr.md", "---\ntitle: R\n---\n")
    bad = run_cli("check", content, output)
    assert bad.returncode == 2 and "field 'date'" in bad.stderr
    assert not output.exists()
    assert not list(tmp_path.glob(".never*")), "a check leaves no scratch folder"


def test_a_successful_build_replaces_the_output(content, published):
    output, before = published
    (content / "news" / "report-2025.fr.md").unlink()
    done = run_cli("build", content, output)
    assert done.returncode == 0, done.stderr
    assert not (output / "fr" / "news" / "report-2025" / "index.html").exists()
    assert not list(output.parent.glob(".output.building*"))


def test_a_page_cannot_take_a_folder_the_site_uses(content, published):
    write(content, "pages/feeds.fr.md", "---\ntitle: Flux\n---\nT.\n")
    message = refused(content, published)
    assert "content/pages/feeds.fr.md: field 'slug': 'feeds' is a name the site uses itself" in message
