"""Plugin: the in-browser editor at /admin/ (Sveltia CMS), with no server.

Writes ``admin/index.html``, ``admin/config.yml`` (made from the content
contract, see ``config.py``) and the editor's script, fonts and interface
translations, copied from the pinned packages that ``tadamon fetch-editor``
(``vendor.py``) put into ``vendor/sveltia-cms/`` in the site's folder.
Every URL is under SITEURL's path (a GitHub Pages project site lives under
``/<repo>/``). Without the script, or without a repository to save to, the
build says so and leaves /admin/ out; the rest of the site is built.
"""

import html
import logging
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tadamon import listed_alone
from tadamon.admin.config import cms_config, repository_of
from tadamon.admin.vendor import FOLDER, site_folder, vendor_folder
from tadamon.errors import _

log = logging.getLogger("tadamon")
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 13 ms for the demo's, against 58
SCRIPT = "sveltia-cms.js"
# When Tadamon runs from a checkout of its repository (a fork), that checkout's
# own command fetches the editor into its vendor/ (tools/setup.sh runs it).
CHECKOUT = Path(__file__).resolve().parents[3]
CHECKOUT_COMMAND = "python tools/vendor_cms.py"


def fetch_command(settings, cwd=None):
    """The command that puts the editor's files where this build looks for them."""
    folder = vendor_folder(settings)
    if (CHECKOUT / "tools" / "vendor_cms.py").is_file() and folder == CHECKOUT / FOLDER:
        return CHECKOUT_COMMAND
    if folder == site_folder(settings) / FOLDER and Path(cwd or Path.cwd()).absolute() == site_folder(settings):
        return "tadamon fetch-editor"
    return f"tadamon fetch-editor --into {folder}"


def admin_page(association, siteurl):
    """The editor's page: the script and a link to its configuration, nothing else."""
    base = urlsplit(siteurl).path.rstrip("/")
    lang = association.messages_lang
    title = html.escape(association.name.get_text(lang))
    return f"""<!doctype html>
<html lang="{lang}" dir="{association.direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link rel="cms-config-url" type="application/yaml" href="{base}/admin/config.yml">
</head>
<body>
<script src="{base}/admin/{SCRIPT}"></script>
</body>
</html>
"""


def write(build):
    """The in-browser editor: its page, its configuration from the contract, its vendored files."""
    association = build.site.association
    if association is None:
        return
    repository = repository_of(association)
    if not repository:  # usual on one's own computer: GitHub Actions says which it is
        log.info(
            "%s",
            _(
                "The in-browser editor (/admin/) was left out: it needs the GitHub repository it saves to; "
                "add e.g. `repository: my-association/website` to association.yml."
            ),
        )
        return
    vendor = vendor_folder(build.settings)
    script = vendor / SCRIPT
    if not script.is_file():
        log.warning(
            "%s",
            _(
                "The in-browser editor (/admin/) was left out: its script is missing ({script}); "
                "fetch it with: {command}",
                script=str(script),
                command=fetch_command(build.settings),
            ),
        )
        return

    def config():
        data = cms_config(association, build.settings, repository).data
        return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=120).encode("utf-8")

    # Through the plan: the configuration (association.yml, the contract, the settings:
    # all site-wide inputs) is made only when one of them changed. The vendored
    # files are hard links (5 MB at every build would cost more than all the rest
    # of /admin/), else copies.
    site = build.site
    plan = site.plan
    plan.publish("admin/config.yml", plan.add("admin/config.yml", repository), config)
    plan.copy(f"admin/{SCRIPT}", script)
    for folder, pattern in (("fonts", "*.woff2"), ("locales", "*.json")):
        for file in sorted((vendor / folder).glob(pattern)):
            plan.copy(f"admin/{folder}/{file.name}", file)
    page = admin_page(association, build.settings["SITEURL"]).encode("utf-8")
    plan.publish("admin/index.html", plan.add("admin/index.html"), lambda: page)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
