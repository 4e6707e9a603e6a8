"""The README's fork-to-live steps, held against what they describe: the
workflow's name and steps, the settings, the messages an editor will see."""

import re

from babel.messages.pofile import read_po
from conftest import ROOT
from workflow_runner import read_workflow

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Words as a reader reads them: line breaks are spaces.
PUBLISHING = " ".join(README[README.index("## Publishing on GitHub Pages") : README.index("## For developers")].split())
WORKFLOW = read_workflow(ROOT / ".github" / "workflows" / "pages.yml")
SECTIONS = {  # each language's steps, from its heading to the next one
    "en": PUBLISHING[: PUBLISHING.index("**بالعربية")],
    "ar": PUBLISHING[PUBLISHING.index("**بالعربية") : PUBLISHING.index("**En français")],
    "fr": PUBLISHING[PUBLISHING.index("**En français") :],
}


def catalog(lang):
    with open(ROOT / "plugins" / "tadamon" / "translations" / lang / "LC_MESSAGES" / "editor.po", "rb") as stream:
        return {m.id: m.string or m.id for m in read_po(stream) if m.id}


def test_each_language_names_the_workflow_and_the_step_that_fails_on_a_mistake():
    steps = {step.get("name") for step in WORKFLOW["jobs"]["build"]["steps"]}
    assert "Check the content" in steps
    for lang, text in SECTIONS.items():
        assert WORKFLOW["name"] in text, lang
        assert "**Check the content**" in text, lang
        assert 'Source: "GitHub Actions"' in text or "Source : « GitHub Actions »" in text, lang
        assert "`content/association.yml`" in text and "`main`" in text, lang


def test_the_workflow_does_what_the_steps_say():
    assert WORKFLOW["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in WORKFLOW["jobs"]["build"]["steps"]]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    deploy = [step.get("uses", "").split("@")[0] for step in WORKFLOW["jobs"]["deploy"]["steps"]]
    assert deploy == ["actions/deploy-pages"]


def test_the_warnings_quoted_are_the_messages_an_editor_sees():
    quoted = {
        "en": re.findall(r'"(this is still[^"]+|these are still[^"]+)"', SECTIONS["en"]),
        "ar": re.findall(r"«([^»]+)»", SECTIONS["ar"]),
        "fr": re.findall(r"« (c'est encore[^»]+|ce sont encore[^»]+) »", SECTIONS["fr"]),
    }
    for lang, phrases in quoted.items():
        messages = list(catalog(lang).values())
        assert len(phrases) == 2, (lang, phrases)
        for phrase in phrases:
            assert any(message.startswith(phrase.rstrip(".…")) for message in messages), (lang, phrase)


def test_the_commands_the_steps_name_exist():
    assert ".venv/bin/invoke check" in README
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert re.search(r"^def check\(", tasks, re.MULTILINE)
    for example in ("editor_language: fr", "domain: www.example.org"):
        assert example in PUBLISHING
