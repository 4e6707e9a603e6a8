"""The output folder across builds: a rebuild gives exactly what a first build
gives, writes only what changed, and a build that fails half-way is undone."""

from conftest import ROOT, build, run_cli

# A plugin that rewrites a file of its own with open() at every build, then
# breaks the build if asked to.
WRITER_PLUGIN = """
import os
from pelican import signals
from pelican.generators import Generator

class Stamp(Generator):
    def generate_output(self, writer):
        os.makedirs(os.path.join(self.output_path, "extra"), exist_ok=True)
        with open(os.path.join(self.output_path, "extra", "stamp.txt"), "w") as stream:
            stream.write(self.settings["STAMP"])
        if self.settings["STAMP"] == "broken":
            raise RuntimeError("the plugin broke")

def _stamp(pelican):
    return Stamp

def register():
    signals.get_generators.connect(_stamp)
"""


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edit(content):
    """Change one item, delete another, add a third."""
    cleanup = content / "activities" / "cleanup.fr.md"
    cleanup.write_text(cleanup.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    for lang in ("ar", "fr"):
        (content / "activities" / f"webinar.{lang}.md").unlink()
    (content / "news" / "new-post.fr.md").write_text("---\ntitle: Nouveau\ndate: 2026-11-01\n---\nTexte.\n")


def retitle(content):
    """Change the title of a project that a volunteer call and lists show."""
    garden = content / "projects" / "garden.fr.md"
    garden.write_text(garden.read_text(encoding="utf-8").replace("Le jardin du quartier", "Le grand jardin"))


def test_rebuild_gives_what_a_first_build_gives(content, tmp_path):
    output = tmp_path / "output"
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build(content, output, **cached)
    retitle(content)  # pages are reused, except those that show the project
    build(content, output, **cached)
    assert "Le grand jardin" in (output / "fr" / "volunteer" / "translators" / "index.html").read_text()
    edit(content)  # items added and removed: every page again
    build(content, output, **cached)
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert files(output) == files(fresh)
    assert not (output / "fr" / "activities" / "webinar").exists()  # no empty folder left behind
    assert not list(tmp_path.glob(".output.*")), "the build journal is removed after a successful build"
    cleanup = content / "activities" / "cleanup.fr.md"
    cleanup.write_text(cleanup.read_text(encoding="utf-8").replace("Nettoyage", "Grand nettoyage"))
    build(content, output, **cached)
    build(content, fresh)
    assert files(output) == files(fresh)


def test_rebuild_with_nothing_changed_rewrites_no_page(content, tmp_path):
    output = tmp_path / "output"
    build(content, output)
    pages = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    build(content, output)
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.html")} == pages


def test_build_that_fails_while_writing_leaves_the_site_as_it_was(content, tmp_path):
    output = tmp_path / "output"
    assert run_cli("build", content, output).returncode == 0
    before = files(output)
    edit(content)
    # Activities are written before news: a news template that breaks makes
    # the build fail after some pages were already replaced or added.
    broken = tmp_path / "broken-theme"
    broken.mkdir()
    (broken / "news.html").write_text("{{ item.no_such_method() }}")
    done = run_cli("build", content, output, settings=f"THEME_TEMPLATES_OVERRIDES = [{str(broken)!r}]\n")
    assert done.returncode != 0
    assert files(output) == before
    assert not list(tmp_path.glob(".output.*"))
    # The next good build picks up every change.
    (broken / "news.html").unlink()
    assert run_cli("build", content, output).returncode == 0
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert files(output) == files(fresh)


def test_files_of_other_plugins_come_back_when_a_build_fails(content, tmp_path):
    plugins = tmp_path / "more_plugins"
    plugins.mkdir()
    (plugins / "stamp.py").write_text(WRITER_PLUGIN)

    def settings(stamp):
        return (
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(plugins)!r}]\n"
            f"PLUGINS = PLUGINS + ['stamp']\nSTAMP = {stamp!r}\n"
        )

    output = tmp_path / "output"
    assert run_cli("build", content, output, settings=settings("first")).returncode == 0
    before = files(output)
    assert before["extra/stamp.txt"] == b"first"
    edit(content)
    assert run_cli("build", content, output, settings=settings("broken")).returncode != 0
    assert files(output) == before
    # A plugin's file that a build no longer writes goes away, as a deleted page does.
    assert run_cli("build", content, output).returncode == 0
    assert not (output / "extra").exists()


def test_items_that_tie_keep_their_order_from_build_to_build(content, tmp_path, monkeypatch):
    """Same start: the order in the list does not depend on the process (hash seeds)."""
    for n in range(6):
        (content / "activities" / f"tie-{n}.fr.md").write_text(
            f"---\ntitle: Atelier {n}\nstart: 2026-12-20 10:00\n---\nTexte {n}.\n", encoding="utf-8"
        )
    outputs = []
    for seed in ("1", "2", "3"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        output = tmp_path / f"output-{seed}"
        assert run_cli("build", content, output).returncode == 0
        outputs.append(files(output))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_theme_edit_shows_in_the_next_build(content, tmp_path):
    """Compiled templates are kept between builds: an edited template is compiled again."""
    import shutil

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "tadamon", theme)
    output, cached = tmp_path / "output", {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "THEME": str(theme)}
    build(content, output, **cached)
    assert list((tmp_path / "cache" / "templates").rglob("*.cache")), "no compiled template kept"
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace(
            '<footer class="site-footer">', '<footer class="site-footer edited">'
        )
    )
    build(content, output, **cached)
    assert 'class="site-footer edited"' in (output / "fr" / "activities" / "cleanup" / "index.html").read_text()
