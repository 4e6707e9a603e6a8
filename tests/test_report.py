"""Mistakes shown where editors look, in their language: the terminal, GitHub's
annotations and job summary; warnings while association.yml is still the demo's;
``tadamon verify`` on the built site."""

import re
import string

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SITEURL, build, run_cli
from tadamon.association import demo
from tadamon.errors import Problem, _

CATALOGS = ROOT / "plugins" / "tadamon" / "translations"


def set_languages(content, languages, editor_language=None):
    """Rewrite the fixture's languages (and editor_language) lines."""
    path = content / "association.yml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("editor_language:")]
    lines = [f"languages: [{', '.join(languages)}]" if line.startswith("languages:") else line for line in lines]
    if editor_language:
        lines.append(f"editor_language: {editor_language}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def break_news_date(content):
    news = content / "news" / "report-2025.fr.md"
    news.write_text(re.sub(r"(?m)^date: .*$", "date: bientôt", news.read_text(encoding="utf-8")), encoding="utf-8")
    return "content/news/report-2025.fr.md"


def test_an_arabic_first_site_gets_its_mistakes_in_arabic(content, tmp_path):
    set_languages(content, ["ar", "fr"])
    (content / "activities" / "cleanup.fr.md").write_text("---\ntitle: Sans date\n---\nTexte.\n", encoding="utf-8")
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2
    assert "خطأ واحد في المحتوى؛ لم يُنشر شيء" in done.stderr
    # File and field names stay as written; the example is in the contract's own format.
    assert (
        "content/activities/cleanup.fr.md: الحقل 'start': حقل إلزامي؛ اكتبوا مثلًا start: 2026-12-05 09:00"
        in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_editor_language_chooses_the_language_of_the_messages(content, tmp_path):
    set_languages(content, ["ar", "fr"], editor_language="fr")
    break_news_date(content)
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2
    assert "1 erreur dans le contenu ; rien n'a été publié" in done.stderr
    assert "champ 'date'" in done.stderr


def test_a_language_without_catalog_gets_english(content, tmp_path):
    set_languages(content, ["ar", "fr"], editor_language="de")
    break_news_date(content)
    done = run_cli("check", content, tmp_path / "output")
    assert "1 content mistake; nothing was published" in done.stderr


def test_under_github_actions_each_mistake_is_an_annotation_and_a_summary_row(content, tmp_path):
    shown = break_news_date(content)
    (content / "activities" / "cleanup.fr.md").write_text("---\ntitle: Sans date\n---\nTexte.\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    done = run_cli(
        "check",
        content,
        tmp_path / "output",
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(content.parent)},
    )
    assert done.returncode == 2
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2
    assert f"::error file={shown},line=3,title=Content mistake%3A field date::expected a date like" in done.stdout
    assert any(a.startswith("::error file=content/activities/cleanup.fr.md,") and "start" in a for a in annotations)
    table = summary.read_text(encoding="utf-8")
    assert "| File | Line | Field | What is wrong | What to write instead |" in table
    assert f"| `{shown}` | 3 | `date` | expected a date like" in table
    row = "| `content/activities/cleanup.fr.md` |  | `start` | is required | write e.g. start: 2026-12-05 09:00 |"
    assert row in table
    # The same list as locally, on standard error.
    assert f"{shown}:3: field 'date'" in done.stderr


def test_without_github_actions_no_annotation_is_printed(content, tmp_path):
    break_news_date(content)
    done = run_cli("check", content, tmp_path / "output", env={"GITHUB_ACTIONS": ""})
    assert done.returncode == 2 and "::error" not in done.stdout + done.stderr


def test_annotation_text_is_escaped(tmp_path):
    from tadamon.report import Report

    summary = tmp_path / "summary.md"
    environ = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(tmp_path)}
    report = Report(str(tmp_path / "content"), environ=environ)
    problem = Problem("content/a,b.md", "100% wrong\nsecond | line", "x", 4)
    line = report.annotation("error", problem)
    assert line.startswith("::error file=content/a%2Cb.md,line=4,")
    assert line.endswith("::100% wrong\nsecond | line".replace("%", "%25").replace("\n", "%0A"))


def test_every_message_has_an_arabic_and_a_french_translation_with_the_same_values():
    with open(CATALOGS / "editor.pot", "rb") as stream:
        template = {m.id for m in read_po(stream) if m.id}
    assert len(template) > 50
    for lang in ("ar", "fr", "en"):
        with open(CATALOGS / lang / "LC_MESSAGES" / "editor.po", "rb") as stream:
            catalog = {m.id: m.string for m in read_po(stream) if m.id}
        assert set(catalog) == template, f"{lang}: run python tools/messages.py"
        if lang == "en":
            continue
        for msgid, translation in catalog.items():
            assert translation, f"{lang}: no translation for {msgid!r}"
            names = {field for _t, field, _f, _c in string.Formatter().parse(msgid) if field}
            assert names == {field for _t, field, _f, _c in string.Formatter().parse(translation) if field}, msgid


def test_a_required_field_says_what_to_write():
    from tadamon.kinds import schema

    for kind in (schema.ACTIVITY, schema.CAMPAIGN, schema.VOLUNTEER, schema.NEWS, schema.PROJECT):
        for name, field in kind.items():
            if field.required:
                assert field.expected is not None and f"{name}:" in str(field.expected), name


# --- the demo's details, published by mistake -------------------------------


def test_the_demos_name_and_accounts_are_warned_about_not_refused(content, tmp_path):
    path = content / "association.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"جمعية النور للتضامن"', '"جمعية الأمل للتضامن"')
    path.write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(content.parent)}
    done = run_cli("check", content, tmp_path / "output", env=env)
    assert done.returncode == 0, done.stderr
    assert "this is still the demo association's name" in done.stderr
    assert "demo's account numbers" in done.stderr  # the fixture kept the demo's CCP number
    assert "::warning file=content/association.yml,line=1,title=Warning%3A field name::" in done.stdout
    assert "### Warnings" in summary.read_text(encoding="utf-8")


def test_an_associations_own_details_raise_no_warning(content, tmp_path):
    path = content / "association.yml"
    text = path.read_text(encoding="utf-8").replace("example.org", "ennour.dz").replace(".example", "")
    text = text.replace('number: "0012345678"', 'number: "0098765432"')
    path.write_text(text, encoding="utf-8")
    assert demo.warnings(str(content)) == []
    assert not demo.is_demo(str(content))


# --- tadamon verify ----------------------------------------------------------


@pytest.fixture
def built(content, tmp_path):
    build(content, tmp_path / "output")
    return tmp_path / "output"


def verify(output, base=SITEURL):
    return run_cli("verify", output.parent / "content", output, "--base-url", base)


def test_verify_accepts_a_complete_site(built):
    done = verify(built)
    assert done.returncode == 0, done.stderr
    assert "every link answers" in done.stdout


def test_verify_finds_a_missing_asset_and_a_page_without_direction(built):
    (built / "theme" / "css" / "site.css").unlink()
    page = built / "fr" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(' dir="ltr"', "", 1), encoding="utf-8")
    done = verify(built)
    assert done.returncode == 2
    assert f"{SITEURL}/theme/css/site.css answers nothing" in done.stderr
    assert "output/fr/index.html: the page has no lang and dir on <html>" in done.stderr


def test_verify_finds_addresses_outside_the_base_url(built):
    done = verify(built, "https://example.org/other")
    assert done.returncode == 2
    assert "is not under https://example.org/other/" in done.stderr


def test_verify_finds_a_broken_feed_and_calendar(built):
    feed = next(built.rglob("*.atom.xml"))
    feed.write_text(feed.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    calendar = next(built.rglob("*.ics"))
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nthis is not a calendar")
    done = verify(built)
    assert done.returncode == 2
    assert "not well-formed XML" in done.stderr and "not a valid iCalendar file" in done.stderr


def test_messages_are_texts_translated_when_shown():
    message = _("no {kind} has the slug {slug}", kind="project", slug="'x'")
    assert str(message) == "no project has the slug 'x'"
    assert message.render(lambda m: "aucun {kind} : {slug}") == "aucun project : 'x'"
    assert message.render(lambda m: "broken {nothing}") == "no project has the slug 'x'"  # a bad translation
