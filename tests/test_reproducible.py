"""Same content, same bytes; a build that stops half-way leaves whole files.

Reproducible output means a rebuild on another machine (CI, a volunteer's
laptop) changes only what the content changed, and that GitHub Pages and
browsers caches stay valid.
"""

import os
import subprocess
import sys
import textwrap

import pytest
from conftest import BUILD_DATE, ROOT
from demo import build_copy, copy_project


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_demo_builds_to_the_same_bytes_twice(demo, tmp_path):
    """A second build from scratch, in another folder, with another hash seed and
    another local time zone, writes exactly the same files as the first."""
    again = build_copy(copy_project(tmp_path / "elsewhere"), demo.siteurl, PYTHONHASHSEED="4242", TZ="Pacific/Auckland")
    first, second = files_of(demo.output), files_of(again)
    assert len(first) > 50
    differences = sorted(set(first) ^ set(second)) + [
        name for name in first if name in second and first[name] != second[name]
    ]
    assert differences == []


BOOM_PLUGIN = """
import os

from pelican import signals
from pelican.generators import Generator


class Boom(Generator):
    # Runs after the other generators: pages are already written when it stops the build.
    def generate_output(self, writer):
        written = sorted(os.listdir(self.output_path))
        with open(os.environ["BOOM_SEEN"], "w") as seen:
            seen.write("\\n".join(written))
        raise {error}("the build stops here")


def _boom(pelican):
    return Boom


def register():
    signals.get_generators.connect(_boom)
"""


@pytest.mark.parametrize("error", ["RuntimeError", "KeyboardInterrupt"])
def test_a_build_that_stops_half_way_leaves_whole_files(content, tmp_path, error):
    """A crash or Ctrl-C in the middle of writing leaves every file of the site
    whole (the old one or the new one, never half of one), removes nothing, and
    leaves nothing beside it; the next build repairs the rest. (A content
    mistake stops the build before anything is written: tests/test_output.py.)"""
    from conftest import build, run_cli

    output = tmp_path / "output"
    assert run_cli("build", content, output).returncode == 0
    before = files_of(output)
    (content / "news" / "report-2025.fr.md").unlink()  # what the failed build would have changed
    after = files_of(build(content, tmp_path / "fresh").path)

    plugins = tmp_path / "boom_plugins"
    plugins.mkdir()
    (plugins / "boom.py").write_text(BOOM_PLUGIN.format(error=error))
    conf = tmp_path / "boomconf.py"
    conf.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from pelicanconf import *
            PATH = {str(content)!r}
            THEME = {str(ROOT / "themes" / "tadamon")!r}
            PLUGIN_PATHS = [{str(ROOT / "plugins")!r}, {str(plugins)!r}]
            PLUGINS = PLUGINS + ["boom"]
            SITEURL = "https://example.org/assoc"
            TADAMON_BUILD_DATE = {BUILD_DATE!r}
            CACHE_PATH = {str(tmp_path / "cache")!r}
            """
        )
    )
    seen = tmp_path / "seen.txt"
    done = subprocess.run(
        [sys.executable, "-m", "tadamon", "build", "-s", str(conf), "-o", str(output)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), BOOM_SEEN=str(seen)),
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode != 0
    if error == "KeyboardInterrupt":
        assert "interrupted" in done.stderr and "Traceback" not in done.stderr
    assert "index.html" in seen.read_text().split(), "the build should have stopped after writing pages"
    for path, data in files_of(output).items():
        assert data in (before.get(path), after.get(path)), f"{path} is neither the old file nor the new one"
    assert set(files_of(output)) == set(before), "a build that stopped half-way removed or left files"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []
    assert run_cli("build", content, output).returncode == 0
    assert files_of(output) == after
