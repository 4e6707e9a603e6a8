"""Fetch the in-browser editor (Sveltia CMS) and its interface fonts, without Node.

    python tools/vendor_cms.py          into vendor/sveltia-cms/ (gitignored)

The packages and their versions are the ones pinned in package-lock.json; each
registry tarball is checked against the lock's sha512 ``integrity`` before
anything is extracted from it. The build copies the result into
``output/admin/`` (plugins/tadamon/admin).

The script, as published, loads three fonts from jsDelivr and its interface's
translations from unpkg, asks unpkg for its latest version every hour and
githubstatus.com for GitHub's status every five minutes; its configuration
cannot turn any of these off. Visitors' pages load nothing from other sites,
and the editor's page should not either: the copy here points the fonts at
``fonts/`` beside the script (the same font files, from the Fontsource
packages on npm) and the translations at ``locales/`` (from the package
itself), answers the version check in place (the copy is pinned: there is
nothing to update but package-lock.json) and leaves the status check out.
Each replacement must match, or this stops: a new version of the script
needs its replacements checked again.
"""

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "vendor" / "sveltia-cms"
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


def locked(lock, name):
    """(version, tarball URL, integrity) of ``name`` in package-lock.json."""
    entry = lock["packages"].get(f"node_modules/{name}")
    if not entry or "integrity" not in entry:
        raise SystemExit(f"{name} is not in package-lock.json (add it to package.json and run npm install)")
    registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")
    basename = name.split("/")[-1]
    url = entry.get("resolved") or f"{registry}/{name}/-/{basename}-{entry['version']}.tgz"
    return entry["version"], url, entry["integrity"]


def download(name, url, integrity):
    """The tarball's bytes, refused unless their sha512 is the lock's."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise SystemExit(f"{name}: expected a sha512 integrity in package-lock.json, got {algorithm}")
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{name}: the tarball from {url} does not match package-lock.json (sha512-{actual})")
    return data


def member(tarball, path):
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        return archive.extractfile(f"package/{path}").read()


def replace_once(text, old, new):
    if old not in text:
        raise SystemExit(f"{CMS}: {old!r} is not in {SCRIPT}: check the replacements for this version")
    return text.replace(old, new)


def main():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version, url, integrity = locked(lock, CMS)
    stamp = TARGET / "VERSION"
    wanted = json.dumps(
        {
            "packages": {name: locked(lock, name)[2] for name in (CMS, *(font[0] for font in FONTS))},
            "replaced": [VERSION_CHECK, LOCALES, STATUS_CHECK],
            "schema": True,
        }
    )
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted and (TARGET / "sveltia-cms.js").is_file():
        print(f"{CMS} {version}: already in {TARGET.relative_to(ROOT)}/")
        return 0

    tarball = download(CMS, url, integrity)
    script = member(tarball, SCRIPT).decode("utf-8")
    script = replace_once(script, VERSION_CHECK, f'`data:application/json,{{"version":"{version}"}}`')
    script = replace_once(script, LOCALES, LOCALES_HERE)
    script = replace_once(script, STATUS_CHECK, "checkStatus:void 0,")
    TARGET.mkdir(parents=True, exist_ok=True)
    # The configuration's JSON schema, which tests/test_admin.py validates the generated one against.
    (TARGET / "sveltia-cms.schema.json").write_bytes(member(tarball, "schema/sveltia-cms.json"))
    locales = TARGET / "locales"
    locales.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for entry in archive.getmembers():
            folder, _, name = entry.name.rpartition("/")
            if folder == "package/locales" and entry.isfile() and name.endswith(".json"):
                (locales / name).write_bytes(archive.extractfile(entry).read())
    fonts = TARGET / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for package, path, cdn_url in FONTS:
        _version, font_url, font_integrity = locked(lock, package)
        name = path.rsplit("/", 1)[-1]
        (fonts / name).write_bytes(member(download(package, font_url, font_integrity), path))
        script = replace_once(script, cdn_url, f"fonts/{name}")
    if "cdn.jsdelivr.net" in script:
        raise SystemExit(f"{CMS}: {SCRIPT} loads something else from jsDelivr: add it to FONTS")
    (TARGET / "sveltia-cms.js").write_text(script, encoding="utf-8")
    stamp.write_text(wanted, encoding="utf-8")
    print(f"{CMS} {version}: {SCRIPT}, its translations and {len(FONTS)} fonts in {TARGET.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
