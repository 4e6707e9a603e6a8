"""The demo site (content/) built as GitHub Pages builds it, and served under a sub-path.

The build runs ``python -m tadamon build -s publishconf.py`` in a fresh copy of
the project (no cache, no previous output), exactly like the Pages workflow;
the site is then served by a small HTTP server on 127.0.0.1 under ``/tadamon/``,
as GitHub Pages serves a project site under ``/<repo>/``.
"""

import datetime
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "/tadamon"
# The tests' build date (conftest.BUILD_DATE), midnight in the demo's time zone:
# the production build takes "now" from SOURCE_DATE_EPOCH when it is set.
SOURCE_DATE_EPOCH = str(int(datetime.datetime(2026, 11, 21, tzinfo=ZoneInfo("Africa/Algiers")).timestamp()))
# What a fresh checkout does not have, or what the build does not read (top level only).
NOT_COPIED = {".git", ".venv", "node_modules", "output", ".cache", "tests", "bench-results", ".pytest_cache"}


def in_ci():
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def missing(reason):
    """A tool the tests need is not installed: skip on a developer's machine, fail in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: these checks must run; `bash tools/setup.sh --tests` installs it)")
    pytest.skip(f"{reason}; `bash tools/setup.sh --tests` installs it")


def _not_copied(folder, names):
    top = NOT_COPIED if Path(folder) == ROOT else set()
    return {name for name in names if name in top or name == "__pycache__" or ".building" in name}


def copy_project(target):
    shutil.copytree(ROOT, target, ignore=_not_copied)
    return Path(target)


def build_copy(project, siteurl, **env):
    """Production build of a project copy into ``project/output``; return that folder."""
    environment = dict(
        os.environ,
        PYTHONPATH=str(project / "plugins"),
        SITEURL=siteurl,
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-m", "tadamon", "build", "-s", "publishconf.py", "-o", "output"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"the demo did not build:\n{done.stdout}\n{done.stderr}"
    return project / "output"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder under SUBPATH only; anything else is a 404, as on GitHub Pages."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".woff2": "font/woff2"}

    def translate_path(self, path):
        if path != SUBPATH and not path.startswith(SUBPATH + "/"):
            return os.path.join(self.directory, ".no-such-file")
        return super().translate_path(path[len(SUBPATH) :] or "/")

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's 404.html, with status 404, as on GitHub Pages."""
        page = os.path.join(self.directory, "404.html")
        if code != 404 or not os.path.isfile(page):
            return super().send_error(code, message, explain)
        with open(page, "rb") as stream:
            body = stream.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet
        pass


class DemoSite:
    """The built demo: where its files are, and at which address it is served."""

    def __init__(self, output, siteurl):
        self.output = Path(output)
        self.siteurl = siteurl  # no trailing slash

    def html_files(self):
        return sorted(self.output.rglob("*.html"))

    def url_of(self, file):
        """The address a visitor uses for an output file (folders end with /)."""
        relative = Path(file).relative_to(self.output).as_posix()
        if relative == "index.html":
            relative = ""
        elif relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return f"{self.siteurl}/{relative}"


def serve(build_for):
    """Serve a site on a free port of 127.0.0.1 under SUBPATH: ``build_for(siteurl)``
    builds it for that address and returns its output folder. Return (output, siteurl, server)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    output = build_for(siteurl)
    server.RequestHandlerClass = functools.partial(SubPathHandler, directory=str(output))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return output, siteurl, server


def serve_demo(tmp_base):
    """Build the demo for a free port on 127.0.0.1 and serve it there; return (DemoSite, server)."""
    output, siteurl, server = serve(lambda siteurl: build_copy(copy_project(Path(tmp_base) / "project"), siteurl))
    return DemoSite(output, siteurl), server
