"""Plugin: stops the build once reading is over if any content mistake was found.

Every plugin adds its problems to ``problems_of(context)``; this one raises a
single ``ContentError`` with all of them, before anything is written.
"""

from pelican import signals

from tadamon.errors import ContentError, problems_of


def _stop_on_problems(generators):
    if not generators:
        return
    problems = problems_of(generators[0].context)
    if problems:
        raise ContentError(problems)


def register():
    signals.all_generators_finalized.connect(_stop_on_problems)
