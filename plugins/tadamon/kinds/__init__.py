"""Stage: activities, projects, campaigns, volunteer calls, news and pages.

Each kind is a Pelican content type (``contents.py``) read from its folder by
``generator.Kinds`` through ``YamlMarkdownReader``, which checks its fields.
"""

from tadamon import listed_alone
from tadamon.kinds.reader import YamlMarkdownReader


def add_reader(readers):
    for extension in YamlMarkdownReader.file_extensions:
        readers.reader_classes[extension] = YamlMarkdownReader


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
