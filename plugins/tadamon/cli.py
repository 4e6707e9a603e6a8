"""The editor's commands: build the site, or only check the content.

    python -m tadamon build [-s pelicanconf.py] [-o output]
    python -m tadamon check

A content mistake prints every problem (file, field, what is expected) and
exits with status 2, without a Python traceback; the previous output stays.
"""

import argparse
import logging
import os
import shutil
import sys
import time

from pelican import Pelican
from pelican.log import console
from pelican.log import init as init_logging
from pelican.settings import read_settings

from tadamon.errors import ContentError, SetupError


def load_settings(settings_file="pelicanconf.py", **overrides):
    return read_settings(settings_file, override={k: v for k, v in overrides.items() if v is not None})


def build(settings):
    """Run one Pelican build; return the number of seconds it took."""
    start = time.perf_counter()
    console.quiet = True  # Pelican's own summary counts articles and pages, which we do not use
    pelican = Pelican(settings)
    try:
        pelican.run()
    except BaseException:
        # A build that failed while writing leaves the previous site as it was.
        transaction = getattr(pelican, "tadamon_transaction", None)
        if transaction is not None:
            transaction.rollback()
        raise
    finally:
        console.quiet = False
        if getattr(pelican, "tadamon_scratch", None):  # a check that failed: its scratch folder
            shutil.rmtree(pelican.tadamon_scratch, ignore_errors=True)
    return time.perf_counter() - start


def _show_tadamon_log():
    """Tadamon's plugins each say one useful line at INFO (e.g. how many share
    cards were drawn); show those, and their warnings, as plain lines, while
    Pelican's own console (one INFO line per file written) stays quiet."""
    log = logging.getLogger("tadamon")
    if not any(getattr(h, "tadamon", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.tadamon = True
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tadamon", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", help="output folder (default: the settings' OUTPUT_PATH)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    init_logging(level=logging.INFO if args.verbose else logging.WARNING)
    _show_tadamon_log()
    output = os.path.abspath(args.output) if args.output else None
    settings = load_settings(args.settings, OUTPUT_PATH=output, TADAMON_DRY_RUN=args.command == "check" or None)
    output = settings["OUTPUT_PATH"]  # the build swaps its staging folder into this one
    try:
        seconds = build(settings)
    except (ContentError, SetupError) as error:
        print(error, file=sys.stderr)
        return error.exitcode
    except KeyboardInterrupt:
        print(f"Build interrupted: the files in {output} are whole; build again to finish.", file=sys.stderr)
        return 130
    if args.command == "check":
        print("The content is correct: no mistakes found.")
    else:
        print(f"Site built in {output} in {seconds:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
