"""The tadamon command: build the site, check the content, serve it, start a new one.

    tadamon build [-s pelicanconf.py] [-o output] [-v]   build the site
    tadamon check [-s pelicanconf.py]                    report every content mistake, publish nothing
    tadamon serve [-s pelicanconf.py] [-o output]        serve the built site on http://127.0.0.1:8000/
    tadamon new KIND SLUG                                a new item's files, one per language
    tadamon new finances YEAR                            a year's accounts to fill in (finances/YEAR.yml)
    tadamon init DIR                                     a new site repository, depending on this release
    tadamon verify [-o output] [--base-url URL]          check the built site works at its address
    tadamon digest --since DATE [--lang ar] [--text] [-o digest.html]
                                                         a newsletter of what was published since DATE
    tadamon fetch-editor [--into FOLDER]                 fetch the in-browser editor (/admin/) for the build

(``python -m tadamon ...`` is the same.) A content mistake prints every problem
(file, field, what is expected) in the editor's language and exits with status
2, without a Python traceback; the previous output stays. Under GitHub Actions
each mistake is also a workflow annotation and a row of the job summary
(report.py). A setup mistake exits with status 3; a disk that is full or may
not be written, with status 4 and one message saying what to do (runs.py).
Two builds of one site never run together: the second waits (runs.py).
"""

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from tadamon import __version__, runs
from tadamon.errors import ContentError, FieldError, SetupError, _
from tadamon.report import Report, ReportHandler

STARTER = Path(__file__).resolve().parent / "starter"
# Starter files in which "{version}" is this release (the others are copied as they are).
VERSIONED = ("requirements.txt",)


def load_settings(settings_file="pelicanconf.py", **overrides):
    from pelican.settings import read_settings

    return read_settings(settings_file, override={k: v for k, v in overrides.items() if v is not None})


def build(settings):
    """Run one Pelican build; return the number of seconds it took."""
    from pelican import Pelican

    from tadamon.adapter import quiet_console

    start = time.perf_counter()
    with quiet_console():
        Pelican(settings).run()
    return time.perf_counter() - start


def reporting(settings):
    """The report of this run (report.py), which also shows Tadamon's log: each
    stage says one useful line at INFO (e.g. how many share cards were drawn),
    while Pelican's own console (one INFO line per file written) stays quiet."""
    report = Report(settings["PATH"])
    log = logging.getLogger("tadamon")
    log.addHandler(ReportHandler(report))
    log.setLevel(logging.INFO)
    log.propagate = False
    return report


def built(settings, report):
    """Run one build (or check) as the commands do: (exit status, 0 on success; seconds).
    A content mistake is reported in the editor's language, without a traceback."""
    output = settings["OUTPUT_PATH"]
    try:
        with runs.one_at_a_time(settings["CACHE_PATH"], report.say):
            return 0, build(settings)
    except ContentError as error:
        report.mistakes(error)
        return error.exitcode, 0
    except SetupError as error:
        print(error, file=sys.stderr)
        return error.exitcode, 0
    except OSError as error:
        message = runs.refused(error, output)
        if message is None:
            raise
        report.stopped(message)
        return runs.EXIT_REFUSED, 0
    except KeyboardInterrupt:
        print(f"Build interrupted: the files in {output} are whole; build again to finish.", file=sys.stderr)
        return 130, 0


# --- the commands: each takes the parsed arguments, returns the exit status ---


def run_build(args):
    from pelican.log import init as init_logging

    init_logging(level=logging.INFO if args.verbose else logging.WARNING)
    check = args.command == "check"
    output = os.path.abspath(args.output) if args.output else None
    settings = load_settings(args.settings, OUTPUT_PATH=output, TADAMON_DRY_RUN=check or None)
    report = reporting(settings)
    output = settings["OUTPUT_PATH"]
    status, seconds = built(settings, report)
    if status:
        return status
    if check:
        report.success(_("The content is correct: no mistakes found."))
    else:
        report.success(_("Site built in {output} in {seconds} s.", output=output, seconds=f"{seconds:.2f}"))
    return 0


def run_digest(args):
    """What the site published since a date, as a newsletter (tadamon.digest): the
    whole build runs, as a check does, and only the newsletter is written."""
    from pelican.log import init as init_logging

    init_logging(level=logging.WARNING)
    target = os.path.abspath(args.output or ("digest.txt" if args.text else "digest.html"))
    wanted = {"since": args.since.isoformat(), "lang": args.lang, "text": args.text, "to": target}
    settings = load_settings(args.settings, TADAMON_DRY_RUN=True, TADAMON_DIGEST=wanted)
    report = reporting(settings)
    status, _seconds = built(settings, report)
    if status:
        return status
    size = max(1, round(os.path.getsize(target) / 1024))
    report.success(
        _(
            "The newsletter of what was published since {date} is in {file} ({size} KB): "
            "paste it into your mailing tool.",
            date=args.since.isoformat(),
            file=target,
            size=size,
        )
    )
    return 0


def run_verify(args):
    """The built site works under its address (see verify.py)."""
    from tadamon.verify import verify

    settings = load_settings(args.settings)
    report = reporting(settings)
    output = os.path.abspath(args.output) if args.output else settings["OUTPUT_PATH"]
    error = verify(output, args.base_url or settings["SITEURL"])
    if error is not None:
        report.mistakes(error, _("The site was not published: the built site does not work at its address"))
        return error.exitcode
    report.success(_("The built site is complete: every link answers, every feed and calendar parses."))
    return 0


def run_serve(args):
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    output = os.path.abspath(args.output) if args.output else load_settings(args.settings)["OUTPUT_PATH"]
    if not os.path.isdir(output):
        print(f"{output} does not exist yet: run tadamon build first.", file=sys.stderr)
        return 1
    server = RootedHTTPServer(output, (args.bind, args.port), ComplexHTTPRequestHandler)
    print(f"Serving {output} on http://{args.bind}:{args.port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def run_new(args):
    from tadamon.association.model import load
    from tadamon.scaffold import new_item

    settings = load_settings(args.settings)
    report = reporting(settings)
    content = Path(settings["PATH"])
    association, problems = load(str(content))
    if problems or association is None:
        report.mistakes(ContentError(problems))
        return ContentError.exitcode
    languages = args.lang or list(association.languages)
    try:
        created = new_item(content, args.kind, args.slug, languages)
    except FieldError as error:
        report.mistakes(ContentError([error.problem(content.name)]))
        return ContentError.exitcode
    for path in created:
        print(f"Created {path}")
    return 0


def run_fetch_editor(args):
    """The pinned Sveltia CMS, its fonts and translations, where the build looks for them (admin/vendor.py)."""
    from tadamon.admin.vendor import FetchError, fetch, vendor_folder

    settings = load_settings(args.settings) if os.path.isfile(args.settings) else {"PATH": os.path.abspath("content")}
    report = Report(settings["PATH"])
    folder = Path(args.into).absolute() if args.into else vendor_folder(settings)
    try:
        version, fetched = fetch(folder, registry=args.registry)
    except FetchError as error:
        print(report.text(_("The in-browser editor was not fetched: {reason}", reason=error.args[0])), file=sys.stderr)
        return error.exitcode
    if fetched:
        done = _("The in-browser editor (Sveltia CMS {version}) is in {folder}.", version=version, folder=folder)
    else:
        done = _(
            "The in-browser editor (Sveltia CMS {version}) is already in {folder}.", version=version, folder=folder
        )
    print(report.text(done))
    return 0


def run_init(args):
    target = Path(args.directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"{target} is not empty: tadamon init writes a new site into an empty folder.", file=sys.stderr)
        return 1
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() in VERSIONED:
            text = source.read_text(encoding="utf-8").replace("{version}", __version__)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
    print(f"A new site in {target}, built with tadamon {__version__}. Next:")
    print(f"  cd {target}")
    print("  edit content/association.yml (every value marked REPLACE), then:")
    print("  tadamon fetch-editor && tadamon build && tadamon serve")
    return 0


def day(text):
    """A --since date: 2026-11-01."""
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-01") from None


def parser():
    main_parser = argparse.ArgumentParser(prog="tadamon", description=__doc__.split("\n\n")[0])
    main_parser.add_argument("--version", action="version", version=f"tadamon {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, run, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    def with_settings(sub):
        sub.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
        sub.add_argument("-o", "--output", help="output folder (default: the settings' OUTPUT_PATH)")
        return sub

    for name, help in (
        ("build", "build the site"),
        ("check", "check the content and report every mistake; publish nothing"),
    ):
        with_settings(command(name, run_build, help)).add_argument("-v", "--verbose", action="store_true")

    serve = with_settings(command("serve", run_serve, "serve the built site (default http://127.0.0.1:8000/)"))
    serve.add_argument("-p", "--port", type=int, default=8000)
    serve.add_argument("-b", "--bind", default="127.0.0.1")

    new = command("new", run_new, "write a new item's files, one per language of the site")
    new.add_argument("kind", metavar="KIND", help="activity, project, campaign, volunteer, news, page, or finances")
    new.add_argument("slug", metavar="SLUG", help="the item's URL name, e.g. winter-coats (for finances: the year)")
    new.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    new.add_argument("--lang", action="append", help="only this language (repeat for more; default: all)")

    digest = command("digest", run_digest, "write a newsletter of what the site published since a date")
    digest.add_argument("--since", required=True, type=day, metavar="DATE", help="the first day, e.g. 2026-11-01")
    digest.add_argument("--lang", help="the newsletter's language (default: the site's first)")
    digest.add_argument("--text", action="store_true", help="write the plain-text version instead of the HTML")
    digest.add_argument("-o", "--output", help="the file to write (default: digest.html, or digest.txt with --text)")
    digest.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")

    verify = with_settings(command("verify", run_verify, "check that the built site works at its address"))
    verify.add_argument("--base-url", help="the address the site is served at (default: SITEURL)")

    init = command("init", run_init, "write a new site repository that depends on this release of tadamon")
    init.add_argument("directory", metavar="DIR", help="an empty or new folder")

    editor = command(
        "fetch-editor", run_fetch_editor, "fetch the in-browser editor (Sveltia CMS, as pinned by this release)"
    )
    editor.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    editor.add_argument(
        "--into",
        metavar="FOLDER",
        help="where to put it (default: TADAMON_ADMIN_VENDOR, else vendor/sveltia-cms/ in the site's folder)",
    )
    editor.add_argument(
        "--registry",
        metavar="URL",
        help="an npm registry or a folder laid out like one (default: $TADAMON_NPM_REGISTRY, $NPM_CONFIG_REGISTRY,"
        " else the public npm registry)",
    )
    return main_parser


def main(argv=None):
    args = parser().parse_args(argv)
    log = logging.getLogger("tadamon")
    level, propagate = log.level, log.propagate
    try:
        return args.run(args)
    finally:  # the logger as it was: nothing of this run stays in the process
        for handler in [h for h in log.handlers if isinstance(h, ReportHandler)]:
            log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate


if __name__ == "__main__":
    sys.exit(main())
