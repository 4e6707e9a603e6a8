"""Stage: stops the build once reading is over if any content mistake was found,
else warns about what has grown old (``freshness.py``).

Every stage adds its problems to the site model's ``problems``; this one raises a
single ``ContentError`` with all of them, before anything is written. Warnings
do not stop the build: they are found before the pages (``site.newer``, which
pages show, comes with them) and shown, annotated and summarised (report.py)
once the pages are written, so that ``invoke livereload`` shows a saved page
without first printing every warning of the site.
"""

from tadamon import listed_alone, report
from tadamon.errors import ContentError
from tadamon.validation import freshness


def stop_on_problems(site):
    """Raise every content mistake at once; else the warnings, to ``warn`` later."""
    if site.problems:
        raise ContentError(site.problems)
    return freshness.warnings(site) if site.read else []


def warn(warnings):
    for warning in warnings:
        report.warn(warning)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
