"""Tasks for editors and developers (invoke), after Pelican's quickstart.

invoke build        build the site into output/
invoke check        check the content and report every mistake, write nothing
invoke rebuild      clean, then build
invoke serve        serve output/ on http://localhost:8000
invoke livereload   rebuild on every save and reload the browser
invoke publish      production build (publishconf.py, SITEURL from the environment or --siteurl)
invoke gh-pages     production build, committed to the gh-pages branch and pushed (ghp-import)
invoke clean        remove output/ and the caches
invoke new KIND SLUG  start an item: one file per site language, every field listed (invoke new activity winter-coats)
invoke digest --since DATE  a newsletter of what was published since DATE (--lang ar, --text, --output digest.html)
invoke bench        time a synthetic site against plain Pelican (-n 1000, --growth, --profile, --livereload)
invoke fuzz         build a small site with thousands of odd and hostile files (--examples 2000)
"""

import os
import shlex
import shutil
import sys

from invoke import Exit, task

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "plugins"))

from tadamon import cli  # noqa: E402

SETTINGS = {
    "settings": os.path.join(ROOT, "pelicanconf.py"),
    "publish": os.path.join(ROOT, "publishconf.py"),
    "output": os.path.join(ROOT, "output"),
    "port": 8000,
}


def _tadamon(c, *args):
    status = cli.main(list(args))
    if status:
        raise Exit(code=status)


@task
def build(c):
    """Build the site into output/."""
    _tadamon(c, "build", "-s", SETTINGS["settings"], "-o", SETTINGS["output"])


@task
def check(c):
    """Check the content and report every mistake; publish nothing."""
    _tadamon(c, "check", "-s", SETTINGS["settings"])


@task
def clean(c):
    """Remove output/ and the build caches."""
    for path in (SETTINGS["output"], os.path.join(ROOT, ".cache")):
        shutil.rmtree(path, ignore_errors=True)


@task(clean, build)
def rebuild(c):
    """Build from scratch, without caches."""


@task
def serve(c, port=None):
    """Serve output/ at http://localhost:8000 (what SITEURL says by default)."""
    _tadamon(c, "serve", "-o", SETTINGS["output"], "-p", str(port or SETTINGS["port"]))


def rebuilder(settings_file, output):
    """The build ``invoke livereload`` runs first and at every save: in this
    process (Python and the plugins stay imported between builds), its report
    printed; a content mistake is reported and the server goes on."""

    def rebuild_quietly():
        cli.main(["build", "-s", settings_file, "-o", output])

    return rebuild_quietly


# How often invoke livereload looks at the files' mtimes where inotify is missing
# (livereload's own poll is 0.8 s).
WATCH_EVERY_S = 0.2


def livereload_server(rebuild, content, settings_file):
    """``invoke livereload``'s server (the ``livereload`` package): ``rebuild``
    runs when a file of ``content``, the theme, the plugins or the settings
    changes. On Linux, inotify wakes it at the save (``tadamon.watch``); elsewhere
    it looks at every file's mtime every ``WATCH_EVERY_S``, so a save waits half
    of that on average. ``invoke bench --livereload`` measures this very server."""
    from livereload import Server
    from livereload.watcher import Watcher
    from tadamon.watch import Changes
    from tornado import ioloop

    class QuickWatcher(Watcher):
        """livereload's own watcher, polling every 0.2 s instead of its fixed 0.8 s."""

        def start(self, callback):
            ioloop.PeriodicCallback(callback, WATCH_EVERY_S * 1000).start()
            return True  # livereload starts no poll of its own

    class InstantWatcher(Watcher):
        """livereload's watcher, told of each change by inotify: ``examine`` runs
        when the kernel says a watched file changed, and runs the tasks of its paths."""

        def __init__(self, changes):
            super().__init__()
            self.changes = changes

        def watch(self, path, func=None, delay=0, ignore=None):
            self.changes.watch(path)
            super().watch(os.path.abspath(path), func, delay, ignore)

        def start(self, callback):
            ioloop.IOLoop.current().add_handler(self.changes.fd, lambda fd, events: callback(), ioloop.IOLoop.READ)
            return True

        def examine(self):
            changed = self.changes.read()
            hit = [
                watched["func"]
                for path, watched in self._tasks.items()
                if watched["func"] and any(file == path or file.startswith(path + os.sep) for file in changed)
            ]
            for func in dict.fromkeys(hit):  # each once: the folders share the rebuild
                func()
            return (changed[0] if changed else None), None

    changes = Changes.open()
    server = Server(watcher=InstantWatcher(changes) if changes else QuickWatcher())
    for folder in (content, os.path.join(ROOT, "themes"), os.path.join(ROOT, "plugins")):
        server.watch(folder if changes else os.path.join(folder, "**", "*"), rebuild)
    server.watch(settings_file, rebuild)
    return server


@task
def livereload(c, port=None):
    """Rebuild when content, theme or plugins change, and reload the browser."""
    rebuild = rebuilder(SETTINGS["settings"], SETTINGS["output"])
    rebuild()
    server = livereload_server(rebuild, os.path.join(ROOT, "content"), SETTINGS["settings"])
    server.serve(host="127.0.0.1", port=int(port or SETTINGS["port"]), root=SETTINGS["output"])


@task(help={"siteurl": "the site's address, e.g. https://name.github.io/repo (default: $SITEURL)"})
def publish(c, siteurl=""):
    """Production build with publishconf.py (SITEURL from the environment or --siteurl)."""
    if siteurl:
        os.environ["SITEURL"] = siteurl  # publishconf.py reads it
    _tadamon(c, "build", "-s", SETTINGS["publish"], "-o", SETTINGS["output"])


@task(
    help={
        "siteurl": "the site's address, e.g. https://name.github.io/repo (default: $SITEURL)",
        "push": "push the branch to origin (--no-push: only commit it locally)",
        "branch": "the branch GitHub Pages serves (default: gh-pages)",
    }
)
def gh_pages(c, siteurl="", push=True, branch="gh-pages"):
    """Publish without GitHub Actions: production build, committed to the gh-pages branch with ghp-import."""
    publish(c, siteurl)
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "-b", branch, "-m", "Publish the site"]
    if push:
        command.append("--push")
    with c.cd(ROOT):
        c.run(shlex.join([*command, SETTINGS["output"]]))


@task(
    help={
        "kind": "activity, project, campaign, volunteer, news or page",
        "slug": "the file name and address, e.g. winter-coats",
    }
)
def new(c, kind, slug):
    """Start a new item: one file per site language in content/, every field listed, the required ones marked."""
    _tadamon(c, "new", kind, slug, "-s", SETTINGS["settings"])


@task(
    help={
        "since": "the first day, e.g. 2026-11-01",
        "lang": "the newsletter's language (default: the site's first)",
        "text": "write the plain-text version instead of the HTML",
        "output": "the file to write (default: digest.html, or digest.txt with --text)",
    }
)
def digest(c, since, lang="", text=False, output=""):
    """Write a newsletter of what was published since a date, ready to paste into a mailing tool."""
    args = ["digest", "--since", since, "-s", SETTINGS["settings"]]
    args += ["--lang", lang] if lang else []
    args += ["--text"] if text else []
    args += ["-o", output] if output else []
    _tadamon(c, *args)


@task
def messages(c, new=""):
    """Extract the theme's strings and update each language's catalog (--new=en adds one)."""
    c.run(f"{sys.executable} {ROOT}/tools/messages.py {new}")


@task(
    help={
        "n": "number of activities, each in Arabic and French (default 1000)",
        "reps": "repetitions of every build; the median is reported (default 3; 0 with --profile: profile only)",
        "growth": "run N=1000 and N=4000 and report how the cost grows",
        "profile": "also cProfile one cold and one warm build and print the top entries",
        "livereload": "only measure invoke livereload: from saving a file to its rebuilt page (median of 3 saves)",
    }
)
def bench(c, n=1000, reps=3, growth=False, profile=False, livereload=False):
    """Benchmark the full build against plain Pelican on the same Markdown."""
    args = ["--n", str(n), "--reps", str(reps)]
    args += ["--growth"] if growth else []
    args += ["--profile"] if profile else []
    args += ["--livereload"] if livereload else []
    c.run(f"{sys.executable} {ROOT}/tools/bench.py {' '.join(args)}", pty=False)


@task(help={"examples": "how many files Hypothesis writes, each built once (default 2000)"})
def fuzz(c, examples=2000):
    """Write odd and hostile files into a small site and build each: refused cleanly or built right."""
    c.run(f"{sys.executable} {ROOT}/tests/test_fuzz.py --examples {int(examples)}", pty=False)
