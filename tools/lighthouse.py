"""Lighthouse on every template of the site, as a phone on slow 4G sees it (not in CI).

    python tools/lighthouse.py                 build content/, then audit one page per template and language
    python tools/lighthouse.py --runs 3        the median of 3 runs per page
    python tools/lighthouse.py --only ar/home  only the pages whose "lang/template" contains this text

The site is built as the Pages workflow builds it (``publishconf.py``, a fresh
output folder) for the address it is then served at: 127.0.0.1, under a
sub-path (``/tadamon/``) as GitHub Pages serves a project site, HTML, CSS,
JavaScript, SVG, XML and JSON gzip-compressed as GitHub Pages sends them.
Lighthouse (npm ``lighthouse``) is installed on first use into
``.cache/lighthouse/`` (ignored by git), not into the test tools of
package.json; it drives Debian's Chromium (``$CHROME_PATH``, default
/usr/bin/chromium), mobile form factor and simulated throttling (its defaults).

Prints, per page, the four scores (performance, accessibility, best
practices, SEO), the cumulative layout shift and the largest contentful paint.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "/tadamon"
# Lighthouse 13 needs Node 22.19; 12.8 runs on Debian's Node 20 and scores the same way.
LIGHTHOUSE = "lighthouse@12.8.2"
TOOL_FOLDER = ROOT / ".cache" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".ics", ".webmanifest")
LANG_RE = re.compile(r'<html[^>]*\slang="([^"]+)"')
TEMPLATE_RE = re.compile(r'<body[^>]*\sclass="[^"]*\bpage-([\w-]+)')
NOT_COPIED = {".git", ".venv", "node_modules", "output", ".cache", "tests", "bench-results", ".pytest_cache"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """The output folder under SUBPATH, text gzip-compressed when the browser accepts it."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".woff2": "font/woff2"}

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path != SUBPATH and not path.startswith(SUBPATH + "/"):
            return os.path.join(self.directory, ".no-such-file")
        return super().translate_path(path[len(SUBPATH) :] or "/")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        with open(path, "rb") as stream:
            body = stream.read()
        compress = path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Lighthouse drops connections it no longer needs: not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Body:
    """What send_head returns: copyfile() reads it, then it is closed."""

    def __init__(self, data):
        self.data = data

    def read(self, size=-1):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def install_lighthouse():
    binary = TOOL_FOLDER / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL_FOLDER.mkdir(parents=True, exist_ok=True)
        print(f"Installing {LIGHTHOUSE} into {TOOL_FOLDER.relative_to(ROOT)}/ ...", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOL_FOLDER), "--no-save", "--no-audit", "--no-fund", LIGHTHOUSE],
            check=True,
        )
    return binary


def build(project, siteurl):
    """A production build of a copy of the project (no cache, no previous output)."""
    top = lambda folder, names: {n for n in names if (Path(folder) == ROOT and n in NOT_COPIED) or n == "__pycache__"}  # noqa: E731
    shutil.copytree(ROOT, project, ignore=top)
    env = dict(os.environ, PYTHONPATH=str(project / "plugins"), SITEURL=siteurl)
    command = [sys.executable, "-m", "tadamon", "build", "-s", "publishconf.py", "-o", "output"]
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    return project / "output"


def pages_per_template(output):
    """The first page of each (language, template), in file order."""
    chosen = {}
    for file in sorted(output.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        lang, template = LANG_RE.search(text), TEMPLATE_RE.search(text)
        if lang and template:
            chosen.setdefault(f"{lang.group(1)}/{template.group(1)}", file)
    return chosen


def url_of(output, file, siteurl):
    relative = file.relative_to(output).as_posix()
    return f"{siteurl}/{relative[: -len('index.html')] if relative.endswith('index.html') else relative}"


def audit(binary, url, folder):
    report = Path(folder) / "report.json"
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS} --user-data-dir={Path(folder) / 'profile'}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    scores["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["bytes"] = audits["total-byte-weight"]["numericValue"]
    return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--only", default="", help='only pages whose "lang/template" contains this')
    args = parser.parse_args(argv)
    binary = install_lighthouse()
    server = QuietServer(("127.0.0.1", args.port), None)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    with tempfile.TemporaryDirectory(prefix="tadamon-lighthouse-") as work:
        output = build(Path(work) / "project", siteurl)
        server.RequestHandlerClass = functools.partial(GzipHandler, directory=str(output))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        header = f"{'page':<22} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'LCP s':>6} {'KB':>6}"
        print(header)
        worst = {}
        for name, file in pages_per_template(output).items():
            if args.only not in name:
                continue
            runs = [audit(binary, url_of(output, file, siteurl), tempfile.mkdtemp(dir=work)) for _ in range(args.runs)]
            row = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(
                f"{name:<22} {row['performance']:>4.0f} {row['accessibility']:>4.0f} {row['best-practices']:>4.0f}"
                f" {row['seo']:>4.0f} {row['cls']:>6.3f} {row['lcp']:>6.2f} {row['bytes'] / 1024:>6.0f}",
                flush=True,
            )
            for key in CATEGORIES:
                worst[key] = min(worst.get(key, 100), row[key])
            worst["cls"] = max(worst.get("cls", 0), row["cls"])
        server.shutdown()
    print("worst: " + ", ".join(f"{key} {value:g}" for key, value in worst.items()))


if __name__ == "__main__":
    main()
