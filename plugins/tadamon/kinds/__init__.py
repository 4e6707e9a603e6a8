"""Stage: activities, projects, campaigns, volunteer calls, news and pages.

Each kind is a Pelican content type (``contents.py``) read from its folder by
``KindsGenerator`` through ``YamlMarkdownReader``, which checks its fields.
"""

from pelican import signals

from tadamon import files, listed_alone
from tadamon.kinds.generator import KindsGenerator
from tadamon.kinds.reader import YamlMarkdownReader


def _add_reader(readers):
    for extension in YamlMarkdownReader.file_extensions:
        readers.reader_classes[extension] = YamlMarkdownReader


def _kinds_generator(pelican):
    return KindsGenerator


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.readers_init.connect(_add_reader)
    # Every generator (ours and Pelican's static copy) finds files only inside content/.
    signals.generator_init.connect(files.confine)
    signals.get_generators.connect(_kinds_generator)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
