"""Stage: stops the build once reading is over if any content mistake was found.

Every stage adds its problems to the site model's ``problems``; this one raises a
single ``ContentError`` with all of them, before anything is written.
"""

from pelican import signals

from tadamon import listed_alone
from tadamon.errors import ContentError
from tadamon.site import site_of


def _stop_on_problems(generators):
    if not generators:
        return
    problems = site_of(generators[0].context).problems
    if problems:
        raise ContentError(problems)


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.all_generators_finalized.connect(_stop_on_problems)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
