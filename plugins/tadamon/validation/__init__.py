"""Stage: stops the build once reading is over if any content mistake was found.

Every stage adds its problems to the site model's ``problems``; this one raises a
single ``ContentError`` with all of them, before anything is written.
"""

from tadamon import listed_alone
from tadamon.errors import ContentError
from tadamon.site import site_of


def stop_on_problems(generators):
    if not generators:
        return
    problems = site_of(generators[0].context).problems
    if problems:
        raise ContentError(problems)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
