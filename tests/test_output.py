"""The output folder across builds: a rebuild gives exactly what a first build
gives and writes only what changed; a content mistake leaves it as it was; a
build that fails half-way leaves whole files, and the next one repairs them."""

import io
import random

from conftest import ROOT, build, run_cli
from PIL import Image

# A plugin that writes a file of its own at every build, through the one
# function producers write with (the site model's output), then breaks the build if asked to.
WRITER_PLUGIN = """
from pelican import signals
from pelican.generators import Generator
from tadamon.site import site_of

class Stamp(Generator):
    def generate_output(self, writer):
        site_of(self.context).output.write("extra/stamp.txt", self.settings["STAMP"].encode())
        if self.settings["STAMP"] == "broken":
            raise RuntimeError("the plugin broke")

def _stamp(pelican):
    return Stamp

def register():
    signals.get_generators.connect(_stamp)
"""


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stamps(folder):
    """Each file's mtime, and its inode: a file replaced is a new inode, even
    when a copy kept the mtime of its source."""
    stamps = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            stamps[path.relative_to(folder).as_posix()] = (stat.st_mtime_ns, stat.st_ino)
    return stamps


def changed(before, after):
    return {path for path in after if before.get(path) != after[path]}


def leftovers(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".tadamon-new")]


def truncated_jpeg():
    """A JPEG whose header is right and whose pixels are cut short: only decoding finds it."""
    picture = Image.new("RGB", (800, 600))
    picture.putdata([(random.randrange(256), 0, 0) for _ in range(800 * 600)])
    data = io.BytesIO()
    picture.save(data, "JPEG")
    return data.getvalue()[:4000]


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
    assert not leftovers(output) and not list(tmp_path.glob(".output.*"))
    cleanup = content / "activities" / "cleanup.fr.md"
    cleanup.write_text(cleanup.read_text(encoding="utf-8").replace("Nettoyage", "Grand nettoyage"))
    build(content, output, **cached)
    build(content, fresh)
    assert files(output) == files(fresh)


def test_rebuild_with_nothing_changed_leaves_every_file_alone(content, tmp_path):
    output = tmp_path / "output"
    build(content, output)
    before = stamps(output)
    for kind in ("index.html", "card.png", ".jpg", ".png", ".ics", ".atom.xml", ".css", ".woff2", "sitemap.xml"):
        assert any(path.endswith(kind) for path in before), kind
    build(content, output)
    assert stamps(output) == before
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}  # pages reused, not even rendered
    build(content, output, **cached)
    build(content, output, **cached)
    assert stamps(output) == before


def test_a_changed_item_rewrites_its_page_and_what_lists_it(content, tmp_path):
    output = tmp_path / "output"
    build(content, output)
    before = stamps(output)
    cleanup = content / "activities" / "cleanup.fr.md"
    cleanup.write_text(cleanup.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    build(content, output)
    rewritten = changed(before, stamps(output))
    assert "fr/activities/cleanup/index.html" in rewritten
    # Its page, the lists, feeds and French search index that hold its text; no other item's page, no other language.
    allowed = ("fr/activities/cleanup/", "fr/feeds/", "fr/index.html", "pagefind/")
    assert all(path.startswith(allowed) for path in rewritten), rewritten
    assert not [path for path in rewritten if path.startswith("pagefind/") and ("ar_" in path or ".ar." in path)]


def test_a_deleted_item_page_is_removed(content, tmp_path):
    output = tmp_path / "output"
    build(content, output)
    assert (output / "fr" / "activities" / "webinar" / "index.html").exists()
    for lang in ("ar", "fr"):
        (content / "activities" / f"webinar.{lang}.md").unlink()
    build(content, output)
    assert not (output / "fr" / "activities" / "webinar").exists()
    assert not (output / "activities" / "webinar").exists()
    assert (output / "fr" / "activities" / "cleanup" / "index.html").exists()


def test_the_sync_removes_what_a_build_did_not_write_and_the_folders_it_empties(tmp_path):
    """Kept: what was written, and a retained top-level folder (a git checkout) whole."""
    from tadamon.output import Output

    root = tmp_path / "output"
    for stale in ("old.html", "gone/a/index.html", "gone/b.ics", "kept/stale.xml", ".git/HEAD", ".git/objects/x"):
        (root / stale).parent.mkdir(parents=True, exist_ok=True)
        (root / stale).write_text("from before", encoding="utf-8")
    output = Output(root, retention=[".git"])
    output.write("index.html", b"home")
    output.write("kept/index.html", b"page")
    assert output.sync() == 4
    left = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert left == [".git", ".git/HEAD", ".git/objects", ".git/objects/x", "index.html", "kept", "kept/index.html"]


def test_a_content_mistake_leaves_the_output_as_it_was(content, tmp_path):
    """Validation stops the build after reading, before any producer writes."""
    output = tmp_path / "output"
    assert run_cli("build", content, output).returncode == 0
    before, times = files(output), stamps(output)
    edit(content)  # changes that would be written, were it not for the mistakes below
    (content / "news" / "broken.fr.md").write_text("---\ntitle: Sans date\n---\nTexte.\n", encoding="utf-8")
    (content / "images" / "torn.jpg").write_bytes(truncated_jpeg())
    done = run_cli("build", content, output)
    assert done.returncode == 2, done.stderr
    assert "broken.fr.md" in done.stderr and "torn.jpg" in done.stderr
    assert files(output) == before
    assert stamps(output) == times


def test_check_decodes_photos_as_a_build_does_and_writes_nothing(content, tmp_path):
    output = tmp_path / "output"
    assert run_cli("build", content, output).returncode == 0
    times = stamps(output)
    (content / "images" / "torn.jpg").write_bytes(truncated_jpeg())
    done = run_cli("check", content, output)
    assert done.returncode == 2 and "torn.jpg" in done.stderr and "cannot be read" in done.stderr
    (content / "images" / "torn.jpg").unlink()
    edit(content)
    assert run_cli("check", content, output).returncode == 0
    assert stamps(output) == times


def test_build_that_fails_while_writing_leaves_whole_files(content, tmp_path):
    output = tmp_path / "output"
    assert run_cli("build", content, output).returncode == 0
    before = files(output)
    edit(content)
    fresh = tmp_path / "fresh"
    build(content, fresh)
    after = files(fresh)
    # Activities are written before news: a news template that breaks makes
    # the build fail after some pages were already replaced or added.
    broken = tmp_path / "broken-theme"
    broken.mkdir()
    (broken / "news.html").write_text("{{ item.no_such_method() }}")
    done = run_cli("build", content, output, settings=f"THEME_TEMPLATES_OVERRIDES = [{str(broken)!r}]\n")
    assert done.returncode != 0
    for path, data in files(output).items():
        assert data in (before.get(path), after.get(path)), f"{path} is neither the old file nor the new one"
    assert not leftovers(output)
    # The next good build repairs everything.
    (broken / "news.html").unlink()
    assert run_cli("build", content, output).returncode == 0
    assert files(output) == after


def test_files_of_other_plugins_are_whole_when_a_build_fails(content, tmp_path):
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
    assert run_cli("build", content, output, settings=settings("first")).returncode == 0
    assert files(output) == before
    assert run_cli("build", content, output, settings=settings("broken")).returncode != 0
    assert (output / "extra" / "stamp.txt").read_bytes() in (b"first", b"broken")
    assert set(files(output)) == set(before), "a failed build removes nothing"
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


def test_a_static_file_that_links_out_of_content_is_refused(content, tmp_path):
    """Pelican's static copy follows symbolic links: ours refuses them."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    (content / "images" / "notes.txt").symlink_to(secret)
    outside = tmp_path / "outside.jpg"
    Image.new("RGB", (40, 30), "red").save(outside)
    (content / "images" / "linked.jpg").symlink_to(outside)
    output = tmp_path / "output"
    done = run_cli("build", content, output)
    assert done.returncode == 2 and "notes.txt" in done.stderr and "linked.jpg" in done.stderr, done.stderr
    assert not output.exists()
    (content / "images" / "notes.txt").unlink()
    (content / "images" / "linked.jpg").unlink()
    (content / "images" / "notes.txt").write_text("shared notes")
    assert run_cli("build", content, output).returncode == 0
    assert (output / "images" / "notes.txt").read_text() == "shared notes"


def test_after_an_editors_save_the_changed_page_is_written_before_the_others_are_planned(
    content, tmp_path, monkeypatch
):
    # invoke livereload shows the saved page sooner: it does not wait for every page's key.
    from tadamon.kinds import reuse
    from tadamon.output import Output

    output, cached = tmp_path / "output", {"CACHE_CONTENT": True}
    build(content, output, **cached)
    saved = content / "activities" / "cleanup.fr.md"
    saved.write_text(saved.read_text(encoding="utf-8").replace("Venez", "Venez nombreux,"), encoding="utf-8")
    planned, seen = [], []
    page_key, write = reuse.page_key, Output.write

    def planning(plan, url, *args):
        planned.append(url)
        return page_key(plan, url, *args)

    def writing(self, url, *args, **kwargs):
        if url.endswith(".html"):
            seen.append((url, len(planned)))
        return write(self, url, *args, **kwargs)

    monkeypatch.setattr(reuse, "page_key", planning)
    monkeypatch.setattr(Output, "write", writing)
    build(content, output, **cached)
    assert seen[0] == ("fr/activities/cleanup/index.html", 1)
    assert len(planned) > 20  # every page was planned after it
    assert "Venez nombreux" in (output / "fr" / "activities" / "cleanup" / "index.html").read_text(encoding="utf-8")
