"""Odd and hostile content: refused with file and line, never a traceback or a
hang, and nothing from outside content/ published.

Most tests build in this process and look at the problems; those that are
about what an editor sees at the command line (no traceback, output left as
it was) run ``python -m tadamon`` as an editor would.
"""

import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, build, run_cli
from PIL import Image
from tadamon import fields as f
from tadamon.errors import ContentError, FieldError

ARABIC = "---\ntitle: تنظيف الحي\nstart: 2026-12-05 09:00\n---\nتعالوا مع العائلة.\n"
SCOPE = f.Scope("fr", ("ar", "fr"), ZoneInfo("Africa/Algiers"), str(ROOT))


def problems(content, tmp_path):
    """Build ``content``; return the problems the build was refused with."""
    with pytest.raises(ContentError) as refused:
        build(content, tmp_path / "output")
    return refused.value.problems


def only(found, file):
    """The single problem of ``file`` among ``found``."""
    mine = [p for p in found if p.file == file]
    assert len(mine) == 1, [str(p) for p in found]
    return mine[0]


def set_field(content, relative, line, value):
    """Replace the line of ``content/relative`` that starts with ``line:`` by ``line: value``."""
    path = content / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(f"{line}:"))
    lines[index] = f"{line}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def cli_refuses(content, tmp_path):
    """``tadamon build`` into an output folder that holds a previous site: exit status 2,
    no traceback, the previous site untouched. Return what it printed."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    done = run_cli("build", content, output)
    printed = done.stdout + done.stderr
    assert done.returncode == 2, printed
    assert "Traceback" not in printed
    assert [p.name for p in output.rglob("*")] == ["index.html"]
    assert (output / "index.html").read_text() == "previous site"
    return printed


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-13-05", "there is no month 13"),
        ("2026-02-30", "month 2 of 2026 has 28 days, not 30"),
        ("2026-12-05 25:00", "there is no time 25:00"),
        ("2026-12-05 14:30 +25:00", "the offset +25:00 is not a time zone offset"),
        ("0000-12-05", "the year 0 is out of range"),
    ],
)
def test_a_date_typo_is_a_problem_with_file_field_and_line(content, tmp_path, value, said):
    line = set_field(content, "activities/cleanup.fr.md", "start", value)
    problem = only(problems(content, tmp_path), "content/activities/cleanup.fr.md")
    assert (problem.field, problem.line) == ("start", line)
    assert said in str(problem)
    assert "2026-12-05 14:30" in str(problem)  # what to write instead


def test_a_date_typo_in_association_yml_is_a_problem(content, tmp_path):
    set_field(content, "association.yml", "  date", "2012-02-30")
    problem = only(problems(content, tmp_path), "content/association.yml")
    assert problem.field == "registration" and "has 29 days, not 30" in str(problem)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-05", (2026, 12, 5, 0, 0, "Africa/Algiers")),
        ("2026-12-05 14:30", (2026, 12, 5, 14, 30, "Africa/Algiers")),
        ("2026-12-05T14:30:00+01:00", (2026, 12, 5, 14, 30, "UTC+01:00")),
        ("2026-12-05 14:30Z", (2026, 12, 5, 14, 30, "UTC")),
    ],
)
def test_the_contract_dates_are_read(value, expected):
    moment = f.datetime_value(value, SCOPE)
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute, str(moment.tzinfo)) == expected


def test_a_bare_deadline_is_the_end_of_its_day():
    assert f.deadline_value("2026-12-31", SCOPE).strftime("%H:%M") == "23:59"
    assert f.deadline_value("2026-12-31 12:00", SCOPE).strftime("%H:%M") == "12:00"


# --- types of values ----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("title", "[Nettoyage, du quartier]", "expected a text, got a list"),
        ("title", '"' + "x" * 1001 + '"', "the text has 1001 characters, more than 1000"),
        ("title", '"Nettoyage\\x07"', "invisible control character (U+0007)"),
        ("title", "yes", "expected a text, got True"),
        ("registration", "{url: https://x.example}", "expected a text, got a mapping"),
        ("location", "[a, b]", "expected {name: ..., address: ..., map: https://...}, got a list"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_problem(content, tmp_path, field, value, said):
    line = set_field(content, "activities/cleanup.fr.md", field, value)
    problem = only(problems(content, tmp_path), "content/activities/cleanup.fr.md")
    assert (problem.field, problem.line) == (field, line)
    assert said in str(problem)


@pytest.mark.parametrize("value", [".inf", ".nan", "-5", "1e300"])
def test_an_amount_that_is_no_finite_positive_number_is_a_problem(value):
    with pytest.raises(FieldError, match="expected an amount"):
        f.money({"amount": float(value.replace(".inf", "inf").replace(".nan", "nan")), "currency": "DZD"})


def test_a_mapping_where_a_list_is_expected_is_a_problem():
    with pytest.raises(FieldError, match="expected a list, got a mapping"):
        f.text_list({"a": 1})


def test_a_web_address_python_cannot_split_is_a_problem_not_a_traceback():
    with pytest.raises(FieldError, match="expected a web address"):
        f.url("https://[::1")


def test_a_file_name_too_long_for_an_address_is_a_problem(content, tmp_path):
    (content / "news" / ("n" * 200 + ".fr.md")).write_text("---\ntitle: T\ndate: 2026-11-02\n---\nT.\n")
    problem = only(problems(content, tmp_path), f"content/news/{'n' * 200}.fr.md")
    assert problem.field == "slug" and "longer than 100 characters" in str(problem)


def test_timezone_that_is_a_folder_is_a_problem(content, tmp_path):
    set_field(content, "association.yml", "timezone", "Europe")
    assert only(problems(content, tmp_path), "content/association.yml").field == "timezone"


# --- YAML ---------------------------------------------------------------------


def test_a_link_to_a_markdown_file_outside_content_is_refused(content, tmp_path, outside):
    (outside / "leak.fr.md").write_text("---\ntitle: Secret\n---\nroot:x:0:0\n")
    (content / "news/leak.fr.md").symlink_to(outside / "leak.fr.md")
    problem = only(problems(content, tmp_path), "content/news/leak.fr.md")
    assert "outside content/" in str(problem)


def test_a_key_given_twice_is_a_problem_on_its_second_line(content, tmp_path):
    path = content / "activities/cleanup.fr.md"
    path.write_text(path.read_text(encoding="utf-8").replace("end:", "start: 2026-12-06 09:00\nend:", 1))
    problem = only(problems(content, tmp_path), "content/activities/cleanup.fr.md")
    assert problem.line == 4 and "the key start is given twice" in str(problem)


@pytest.mark.parametrize(
    ("yaml", "said"),
    [
        ("x: &a [*a]\n", "the alias *a is used inside its own value"),
        ("x: " + "[" * 60 + "]" * 60 + "\n", "nested more than 50 levels deep"),
        ("x: !!int 12abc\n", "'12abc' is not a whole number"),
        ("x:\n\t- tab\n", "YAML syntax error"),
    ],
)
def test_hostile_yaml_in_association_yml_is_a_problem_with_its_line(content, tmp_path, yaml, said):
    path = content / "association.yml"
    path.write_text(path.read_text(encoding="utf-8") + yaml, encoding="utf-8")
    problem = only(problems(content, tmp_path), "content/association.yml")
    assert said in str(problem) and problem.line is not None


def billion_laughs():
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (billion_laughs(), "expand to more than 100000 values"),
        ("- " * 100_000 + "x", "nested more than 50 levels deep"),  # crashed libyaml's composer
        ("x: " + "[" * 100_000, "nested more than 50 levels deep"),
    ],
    ids=["alias-bomb", "deep-sequences", "deep-brackets"],
)
def test_a_yaml_bomb_is_refused_at_once(tmp_path, document, said):
    """In another process, with a time bound: a regression would hang, fill the memory or crash."""
    path = tmp_path / "bomb.yml"
    path.write_text(document)
    code = f"from tadamon import yamlfile\nyamlfile.load(open({str(path)!r}).read(), 'bomb.yml')"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins")),
        capture_output=True,
        text=True,
        timeout=30,  # 9**9 values, if they were ever expanded, would not fit in this machine
    )
    assert "YamlSyntaxError" in done.stderr and said in done.stderr


def test_an_alias_bomb_in_partners_yml_stops_the_build_cleanly(content, tmp_path):
    (content / "partners.yml").write_text(billion_laughs())
    assert "content/partners.yml:" in cli_refuses(content, tmp_path)


# --- text files ---------------------------------------------------------------


def test_an_arabic_file_saved_in_windows_1256_says_how_to_save_it_as_utf8(content, tmp_path):
    (content / "activities/cleanup.ar.md").write_bytes(ARABIC.encode("cp1256"))
    printed = cli_refuses(content, tmp_path)
    assert "content/activities/cleanup.ar.md:2:" in printed
    assert "Windows-1256" in printed and "save it again with the encoding UTF-8" in printed


def test_a_french_file_saved_in_windows_1252_says_so(content, tmp_path):
    text = (content / "activities/cleanup.fr.md").read_text(encoding="utf-8")
    (content / "activities/cleanup.fr.md").write_bytes(text.encode("cp1252"))
    problem = only(problems(content, tmp_path), "content/activities/cleanup.fr.md")
    assert "Windows-1252" in str(problem) and "UTF-8" in str(problem)


def test_a_file_saved_as_utf16_says_so(content, tmp_path):
    (content / "activities/cleanup.ar.md").write_bytes(ARABIC.encode("utf-16"))
    assert "UTF-16" in str(only(problems(content, tmp_path), "content/activities/cleanup.ar.md"))


def test_a_bom_and_windows_line_ends_are_fine(content, tmp_path):
    path = content / "activities/cleanup.fr.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    site = build(content, tmp_path / "output")
    assert "Nettoyage du quartier" in site.soup("fr/activities/cleanup/").title.get_text()
    assert "\r" not in site.text("fr/activities/cleanup/index.html")


def test_a_nul_byte_is_a_problem_with_its_line(content, tmp_path):
    path = content / "activities/cleanup.fr.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Venez", "Ve\0nez"), encoding="utf-8")
    problem = only(problems(content, tmp_path), "content/activities/cleanup.fr.md")
    assert problem.line == 9 and "NUL" in str(problem)


def test_a_control_character_in_a_body_is_a_problem_with_its_line(content, tmp_path):
    """It would make the feeds invalid XML (lxml refuses to write it)."""
    path = content / "news/report-2025.fr.md"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + "Copié d'un PDF :\x0b fin.\n", encoding="utf-8")
    problem = only(problems(content, tmp_path), "content/news/report-2025.fr.md")
    assert problem.line == text.count("\n") + 1 and "invisible control character (U+000B)" in str(problem)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the file is empty"),
        ("---\ntitle: Nettoyage\nstart: 2026-12-05\n", "never closed"),
        ("---\ntitle: Nettoyage\nstart: 2026-12", "never closed"),
        ("title: Nettoyage\n", "expected a YAML front matter at the top"),
        ("---\n- title\n- start\n---\nT.\n", "the front matter must be fields"),
    ],
)
def test_a_broken_front_matter_is_said_as_such(content, tmp_path, text, said):
    (content / "activities/cleanup.fr.md").write_text(text, encoding="utf-8")
    assert said in str(only(problems(content, tmp_path), "content/activities/cleanup.fr.md"))


# --- nothing from outside content/ --------------------------------------------


@pytest.fixture
def outside(tmp_path):
    """A folder beside content/ holding secrets, as a runner's work folder would."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0:secret-password-line\n")
    Image.new("RGB", (40, 30), "red").save(folder / "secret.jpg")
    return folder


def published_files(output):
    return {p.name for p in Path(output).rglob("*")}


def test_a_link_in_images_to_a_folder_outside_content_is_refused_and_nothing_published(content, tmp_path, outside):
    (content / "images/shared").symlink_to(outside, target_is_directory=True)
    printed = cli_refuses(content, tmp_path)
    assert "content/images/shared: is a symbolic link to" in printed and "outside content/" in printed


def test_a_link_to_a_file_outside_content_is_refused(content, tmp_path, outside):
    (content / "images/passwd").symlink_to(outside / "passwd")
    (content / "images/photo2.jpg").symlink_to(outside / "secret.jpg")
    found = {p.file for p in problems(content, tmp_path)}
    assert {"content/images/passwd", "content/images/photo2.jpg"} <= found
    assert not (tmp_path / "output").exists() or not {"passwd", "photo2.jpg"} & published_files(tmp_path / "output")


def test_a_page_linking_a_file_that_leads_outside_is_refused(content, tmp_path, outside):
    (content / "pages/notes.txt").symlink_to(outside / "passwd")
    path = content / "pages/about.fr.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[Nos notes](notes.txt)\n", encoding="utf-8")
    assert "content/pages/notes.txt" in {p.file for p in problems(content, tmp_path)}


def test_a_dangling_link_and_a_linked_association_file_are_refused(content, tmp_path, outside):
    (content / "images/gone.jpg").symlink_to(tmp_path / "nothing.jpg")
    (outside / "association.yml").write_bytes((content / "association.yml").read_bytes())
    (content / "association.yml").unlink()
    (content / "association.yml").symlink_to(outside / "association.yml")
    found = {p.file: str(p) for p in problems(content, tmp_path)}
    assert "does not exist" in found["content/images/gone.jpg"]
    assert "outside content/" in found["content/association.yml"]


def test_a_link_to_the_root_of_the_machine_is_refused_without_walking_it(content, tmp_path):
    (content / "images/root").symlink_to("/", target_is_directory=True)
    (content / "activities/loop").symlink_to(content / "activities", target_is_directory=True)
    found = {p.file for p in problems(content, tmp_path)}
    assert found == {"content/images/root"}  # the loop stays inside content/: walked once


# --- sizes --------------------------------------------------------------------


def test_a_50_mb_photo_and_a_1_gb_file_are_refused(content, tmp_path):
    with open(content / "images/huge.jpg", "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with open(content / "images/film.mp4", "wb") as stream:
        stream.truncate(1024 * 1024 * 1024)
    found = {p.file: str(p) for p in problems(content, tmp_path)}
    assert "the file is 50.0 MB, more than the 25.0 MB" in found["content/images/huge.jpg"]
    assert "the file is 1024.0 MB, more than the 100.0 MB" in found["content/images/film.mp4"]


def test_a_huge_markdown_file_is_refused(content, tmp_path):
    path = content / "pages/about.fr.md"
    path.write_text(path.read_text(encoding="utf-8") + "x" * (3 * 1024 * 1024), encoding="utf-8")
    assert "more than the 2.0 MB" in str(only(problems(content, tmp_path), "content/pages/about.fr.md"))


def test_a_decompression_bomb_is_refused_naming_the_file(content, tmp_path):
    Image.new("1", (10_000, 9_000)).save(content / "images/bomb.png")  # 90 million pixels, a few kB
    problem = only(problems(content, tmp_path), "content/images/bomb.png")
    assert "more than 89 million pixels" in str(problem)
