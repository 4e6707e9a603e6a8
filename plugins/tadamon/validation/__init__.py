"""Stage: stops the build once reading is over if any content mistake was found,
else warns about what has grown old (``freshness.py``).

Every stage adds its problems to the site model's ``problems``; this one raises a
single ``ContentError`` with all of them, before anything is written. Warnings
do not stop the build: they are shown, annotated and summarised (report.py).
"""

from tadamon import listed_alone, report
from tadamon.errors import ContentError
from tadamon.validation import freshness


def stop_on_problems(site):
    if site.problems:
        raise ContentError(site.problems)
    if site.read:
        for warning in freshness.warnings(site):
            report.warn(warning)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
