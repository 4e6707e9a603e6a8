"""Stage: the files a static host reads beside the site.

``.nojekyll`` tells GitHub Pages to serve the files as they are (a branch
published with ``invoke gh-pages`` would otherwise go through Jekyll, which
drops files and folders whose names start with ``_`` or ``.``). ``CNAME``
holds the custom domain of ``association.yml`` (``domain:``), if any.
"""

from tadamon import listed_alone


def write(build):
    """.nojekyll, and CNAME for a custom domain."""
    site = build.site
    association, plan = site.association, site.plan
    if association is None:
        return
    plan.publish(".nojekyll", plan.add(".nojekyll"), lambda: b"")
    if association.domain:
        domain = association.domain.encode() + b"\n"
        plan.publish("CNAME", plan.add("CNAME"), lambda: domain)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
