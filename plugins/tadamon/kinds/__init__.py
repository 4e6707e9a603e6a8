"""Stage: activities, projects, campaigns, volunteer calls, news and pages.

Each kind is a dataclass (``contents.py``) read from its folder by
``generator.Kinds`` through ``YamlMarkdownReader``, which checks its fields.
"""

from tadamon import listed_alone

# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
