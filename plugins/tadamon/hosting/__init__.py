"""Plugin: the files a static host reads beside the site.

``.nojekyll`` tells GitHub Pages to serve the files as they are (a branch
published with ``invoke gh-pages`` would otherwise go through Jekyll, which
drops files and folders whose names start with ``_`` or ``.``). ``CNAME``
holds the custom domain of ``association.yml`` (``domain:``), if any.
"""

import os

from pelican import signals
from pelican.generators import Generator


class HostingGenerator(Generator):
    def generate_output(self, writer):
        association = self.context.get("association")
        if association is None:
            return
        _write(os.path.join(self.output_path, ".nojekyll"), "")
        if association.domain:
            _write(os.path.join(self.output_path, "CNAME"), association.domain + "\n")


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def _hosting_generator(pelican):
    return HostingGenerator


def register():
    signals.get_generators.connect(_hosting_generator)
