"""Stage: the files a static host reads beside the site.

``.nojekyll`` tells GitHub Pages to serve the files as they are (a branch
published with ``invoke gh-pages`` would otherwise go through Jekyll, which
drops files and folders whose names start with ``_`` or ``.``). ``CNAME``
holds the custom domain of ``association.yml`` (``domain:``), if any.
"""

from pelican import signals
from pelican.generators import Generator

from tadamon import listed_alone
from tadamon.site import site_of


class HostingGenerator(Generator):
    def generate_output(self, writer):
        association = site_of(self.context).association
        if association is None:
            return
        writer.output.write(".nojekyll", b"")
        if association.domain:
            writer.output.write("CNAME", association.domain.encode() + b"\n")


def _hosting_generator(pelican):
    return HostingGenerator


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.get_generators.connect(_hosting_generator)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
