"""Plugin: activities, projects, campaigns, volunteer calls, news and pages.

Each kind is a Pelican content type (``contents.py``) read from its folder by
``KindsGenerator`` through ``YamlMarkdownReader``, which checks its fields.
"""

from pelican import signals

from tadamon import files
from tadamon.kinds.generator import KindsGenerator
from tadamon.kinds.reader import YamlMarkdownReader


def _add_reader(readers):
    for extension in YamlMarkdownReader.file_extensions:
        readers.reader_classes[extension] = YamlMarkdownReader


def _kinds_generator(pelican):
    return KindsGenerator


def register():
    signals.readers_init.connect(_add_reader)
    # Every generator (ours and Pelican's static copy) finds files only inside content/.
    signals.generator_init.connect(files.confine)
    signals.get_generators.connect(_kinds_generator)
