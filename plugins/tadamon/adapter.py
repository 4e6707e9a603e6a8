"""What Tadamon needs of Pelican beyond its public API, in one place.

Every use of Pelican that leans on how it is built rather than on what it
documents is here, with a test (``tests/test_adapter.py``) that fails when a
Pelican upgrade changes it: a site made by ``tadamon init`` gets Pelican's
upgrades, and this is where one would break it. No other module of Tadamon
uses a private name of Pelican (``tests/test_adapter.py`` checks that too).
"""

import contextlib
import logging


def keep_output_folder(pelican):
    """Pelican deletes the whole output folder before a build when
    ``DELETE_OUTPUT_DIRECTORY`` is set (publishconf.py files often set it), and
    reads that setting before any plugin runs; Tadamon removes what is stale
    itself, after a build that succeeded (``Output.sync``), so that a failed build
    leaves the previous site. Pelican offers no hook for this: its attribute is set."""
    pelican.delete_outputdir = False


def use_theme(pelican, theme):
    """The theme of a site whose settings name none. Pelican reads ``THEME``
    before any plugin runs, and gives its generators the attribute it set from it."""
    pelican.settings["THEME"] = pelican.theme = theme


@contextlib.contextmanager
def quiet_console():
    """Pelican prints its own summary (articles and pages counted, which Tadamon
    does not use) on its console, whatever the log level; Tadamon reports its
    own. Pelican offers no setting for it: its console is quieted for the run."""
    from pelican.log import console

    console.quiet = True
    try:
        yield
    finally:
        console.quiet = False


def say_again_each_build():
    """Pelican's loggers (``pelican.log.LimitLogger``) drop a message already logged
    once in the process, which in ``invoke livereload`` (every rebuild in one
    process) hid each rebuild's report: a warning the last build gave, or the
    same counts of cards. Tadamon's loggers say theirs at every build: Pelican's
    filter (``disable_filter``) is taken off each of them."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if (name == "tadamon" or name.startswith("tadamon.")) and hasattr(logger, "disable_filter"):
            logger.disable_filter()
