"""The in-browser editor's files: Sveltia CMS, its interface's fonts and translations.

    tadamon fetch-editor [--into FOLDER] [--registry URL]

Fetched from the npm registry without Node, as pinned in ``pins.json`` beside
this file (package, version, tarball URL, sha512 integrity): each tarball is
checked against its pin before anything is taken out of it. The pins ship
with the package, so a site made by ``tadamon init`` fetches exactly the
editor this release was tested with. In the Tadamon repository they are
written from package-lock.json by ``python tools/vendor_cms.py --pins``
(tests/test_admin_vendor.py fails when the two disagree).

Where: ``vendor/sveltia-cms/`` in the site's folder (the folder that holds
the settings' ``PATH``, ``content/``), which is the repository's root both in
this repository (a fork) and in a site made by ``tadamon init``; the setting
``TADAMON_ADMIN_VENDOR`` chooses another folder. The build copies the files
into ``output/admin/`` (``tadamon.admin``).

From which registry: ``--registry``, else ``$TADAMON_NPM_REGISTRY``, else
npm's own ``$NPM_CONFIG_REGISTRY``, else the public npm registry. A mirror
serves the same tarballs under the same paths; a folder (a path or a
``file:`` URL) laid out the same way serves them too.

The script, as published, loads three fonts from jsDelivr and its interface's
translations from unpkg, asks unpkg for its latest version every hour and
githubstatus.com for GitHub's status every five minutes; its configuration
cannot turn any of these off. Visitors' pages load nothing from other sites,
and the editor's page should not either: the copy made here points the fonts
at ``fonts/`` beside the script (the same font files, from the Fontsource
packages on npm) and the translations at ``locales/`` (from the package
itself), answers the version check in place (the copy is pinned: there is
nothing to update but the pins) and leaves the status check out. Each
replacement must match, or this stops: a new version of the script needs its
replacements checked again.
"""

import base64
import hashlib
import io
import json
import os
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from tadamon.cache import write_whole
from tadamon.errors import SetupError, _

PINS = Path(__file__).with_name("pins.json")
FOLDER = Path("vendor", "sveltia-cms")  # in the site's folder
DEFAULT_REGISTRY = "https://registry.npmjs.org"
REGISTRY_VARIABLES = ("TADAMON_NPM_REGISTRY", "NPM_CONFIG_REGISTRY", "npm_config_registry")
CMS = "@sveltia/cms"
SCRIPT = "dist/sveltia-cms.js"
JSDELIVR_FONTS = "https://cdn.jsdelivr.net/fontsource/fonts/"
# (package, file in its tarball, the URL the script loads it from)
FONTS = (
    (
        "@fontsource-variable/material-symbols-outlined",
        "files/material-symbols-outlined-latin-wght-normal.woff2",
        JSDELIVR_FONTS + "material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2",
    ),
    (
        "@fontsource/noto-mono",
        "files/noto-mono-latin-400-normal.woff2",
        JSDELIVR_FONTS + "noto-mono@5.3.0/latin-400-normal.woff2",
    ),
    (
        "@fontsource-variable/source-sans-3",
        "files/source-sans-3-latin-wght-normal.woff2",
        JSDELIVR_FONTS + "source-sans-3:vf@5.3.0/latin-wght-normal.woff2",
    ),
)
PACKAGES = (CMS, *(font[0] for font in FONTS))
# The version check fetches `${unpkg}/package.json`; a data: URL answers it
# with the pinned version, without a request.
VERSION_CHECK = "`${iP}/package.json`"
# The interface's translations (Arabic, French...) come from unpkg too: they
# are in the package, and are served from locales/ beside the script.
LOCALES = "USe=`${iP}@${rP}/locales`"
LOCALES_HERE = "USe=new URL(`locales`,document.currentScript?.src||location.href).href"
# Once its configuration is read, the GitHub back end asks githubstatus.com
# every five minutes whether GitHub has an incident (a banner if so); off.
STATUS_CHECK = "checkStatus:kye,"


class FetchError(SetupError):
    """The editor could not be fetched (network, a tarball that is not the
    pinned one, a script that no longer fits the replacements)."""


# --- the pins -----------------------------------------------------------


def pins_from_lock(lock):
    """The pins of every package fetched here, from a parsed package-lock.json."""
    packages = {}
    for name in PACKAGES:
        entry = lock.get("packages", {}).get(f"node_modules/{name}")
        if not entry or "integrity" not in entry:
            raise SystemExit(f"{name} is not in package-lock.json (add it to package.json and run npm install)")
        version = entry["version"]
        tarball = entry.get("resolved") or f"{DEFAULT_REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
        packages[name] = {"version": version, "tarball": tarball, "integrity": entry["integrity"]}
    return {
        "about": "The in-browser editor's npm packages, from package-lock.json (python tools/vendor_cms.py --pins)",
        "packages": packages,
    }


def pins_text(pins):
    """``pins.json`` as written: the same pins give the same bytes."""
    return json.dumps(pins, indent=2, ensure_ascii=False) + "\n"


def read_pins(path=None):
    """The pins shipped with the package (or those of ``path``)."""
    return json.loads(Path(path or PINS).read_text(encoding="utf-8"))


# --- where from, where to -------------------------------------------------


def registry_url(registry=None, environ=None):
    """The registry to fetch from, as a URL without a trailing slash."""
    environ = os.environ if environ is None else environ
    chosen = registry or next((environ[name] for name in REGISTRY_VARIABLES if environ.get(name)), DEFAULT_REGISTRY)
    if "://" not in chosen:  # a folder laid out like the registry
        return Path(chosen).resolve().as_uri()
    return chosen.rstrip("/")


def tarball_url(pin, registry):
    """The pinned tarball's URL, at ``registry`` when it is on the public registry."""
    tarball = pin["tarball"]
    if tarball.startswith(DEFAULT_REGISTRY + "/"):
        return registry + tarball[len(DEFAULT_REGISTRY) :]
    return tarball


def site_folder(settings):
    """The folder of the site: the one that holds its content folder (PATH)."""
    return Path(settings.get("PATH") or "content").absolute().parent


def vendor_folder(settings):
    """Where the build takes the editor's files from, and ``tadamon fetch-editor`` puts them:
    ``TADAMON_ADMIN_VENDOR`` (relative to the site's folder), else ``vendor/sveltia-cms/`` there."""
    return site_folder(settings) / (settings.get("TADAMON_ADMIN_VENDOR") or FOLDER)


# --- fetching -------------------------------------------------------------


def download(name, url, integrity):
    """The tarball's bytes, refused unless their sha512 is the pinned one."""
    algorithm, _sep, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise FetchError(
            _("{package}: the pin is not a sha512 integrity ({integrity})", package=name, integrity=integrity)
        )
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except (OSError, urllib.error.URLError) as error:
        raise FetchError(
            _("could not download {url}: {reason}", url=url, reason=getattr(error, "reason", error))
        ) from None
    if base64.b64encode(hashlib.sha512(data).digest()).decode() != expected:
        raise FetchError(
            _(
                "{package}: the file downloaded from {url} is not the pinned one (its sha512 differs); "
                "nothing was installed",
                package=name,
                url=url,
            )
        )
    return data


def member(tarball, path):
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        return archive.extractfile(f"package/{path}").read()


def replace_once(text, old, new, version):
    if old not in text:
        raise FetchError(
            _(
                "{package} {version}: its script no longer contains {text}: "
                "the replacements of tadamon/admin/vendor.py must be checked for this version",
                package=CMS,
                version=version,
                text=old,
            )
        )
    return text.replace(old, new)


def stamp_of(pins):
    """What the folder's VERSION file says once the pinned packages are in it."""
    return json.dumps(
        {
            "packages": {name: pins["packages"][name]["integrity"] for name in PACKAGES},
            "replaced": [VERSION_CHECK, LOCALES, STATUS_CHECK],
            "schema": True,
        }
    )


def is_fetched(folder, pins=None):
    folder = Path(folder)
    stamp = folder / "VERSION"
    pins = pins or read_pins()
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8") == stamp_of(pins)
        and (folder / "sveltia-cms.js").is_file()
    )


def fetch(folder, registry=None, pins=None):
    """Put the pinned editor into ``folder``, unless it is there already.

    Returns (version, fetched): ``fetched`` is False when nothing had to be
    downloaded. Raises ``FetchError``; the folder's VERSION is written last, so
    a fetch that stopped half-way is done again the next time."""
    folder = Path(folder)
    pins = pins or read_pins()
    version = pins["packages"][CMS]["version"]
    if is_fetched(folder, pins):
        return version, False
    registry = registry_url(registry)

    def tarball(name):
        pin = pins["packages"][name]
        return download(name, tarball_url(pin, registry), pin["integrity"])

    cms = tarball(CMS)
    fonts = [(name, path, cdn_url, tarball(name)) for name, path, cdn_url in FONTS]
    script = member(cms, SCRIPT).decode("utf-8")
    script = replace_once(script, VERSION_CHECK, f'`data:application/json,{{"version":"{version}"}}`', version)
    script = replace_once(script, LOCALES, LOCALES_HERE, version)
    script = replace_once(script, STATUS_CHECK, "checkStatus:void 0,", version)
    for _name, path, cdn_url, _data in fonts:
        script = replace_once(script, cdn_url, f"fonts/{path.rsplit('/', 1)[-1]}", version)
    if "cdn.jsdelivr.net" in script:
        raise FetchError(
            _(
                "{package} {version}: its script loads something else from jsDelivr: add it to FONTS in "
                "tadamon/admin/vendor.py",
                package=CMS,
                version=version,
            )
        )

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "VERSION").unlink(missing_ok=True)
    # The configuration's JSON schema, which tests/test_admin.py validates the generated one against.
    # Each file replaced whole (write_whole): a build publishes them as hard links, which
    # writing into the old file would change under the published site.
    write_whole(folder / "sveltia-cms.schema.json", member(cms, "schema/sveltia-cms.json"))
    locales = folder / "locales"
    locales.mkdir(exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(cms), mode="r:gz") as archive:
        for entry in archive.getmembers():
            parent, _sep, name = entry.name.rpartition("/")
            if parent == "package/locales" and entry.isfile() and name.endswith(".json"):
                write_whole(locales / name, archive.extractfile(entry).read())
    (folder / "fonts").mkdir(exist_ok=True)
    for _name, path, _cdn_url, data in fonts:
        write_whole(folder / "fonts" / path.rsplit("/", 1)[-1], member(data, path))
    write_whole(folder / "sveltia-cms.js", script.encode("utf-8"))
    (folder / "VERSION").write_text(stamp_of(pins), encoding="utf-8")
    return version, True
