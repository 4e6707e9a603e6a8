"""The in-browser editor (Sveltia CMS) for this repository, and its pins.

    python tools/vendor_cms.py          fetch it into vendor/sveltia-cms/ (gitignored; tools/setup.sh runs this)
    python tools/vendor_cms.py --pins   only write plugins/tadamon/admin/pins.json from package-lock.json

The fetching is the package's own (plugins/tadamon/admin/vendor.py, also
``tadamon fetch-editor`` in a site made by ``tadamon init``); this only keeps
the pins it fetches by, which ship with the package, equal to package-lock.json.
After a change of @sveltia/cms or of its fonts in package.json and
``npm install``, run this and commit pins.json with package-lock.json
(tests/test_admin_vendor.py fails while they disagree).
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from tadamon.admin import vendor  # noqa: E402


def write_pins():
    """pins.json from package-lock.json; True when it changed."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    text = vendor.pins_text(vendor.pins_from_lock(lock))
    if vendor.PINS.is_file() and vendor.PINS.read_text(encoding="utf-8") == text:
        return False
    vendor.PINS.write_text(text, encoding="utf-8")
    return True


def main(argv):
    if write_pins():
        print(f"{vendor.PINS.relative_to(ROOT)}: written from package-lock.json (commit it)")
    if "--pins" in argv:
        return 0
    target = ROOT / vendor.FOLDER
    try:
        version, fetched = vendor.fetch(target)
    except vendor.FetchError as error:
        print(f"{vendor.CMS}: {error.args[0]}", file=sys.stderr)
        return error.exitcode
    where = target.relative_to(ROOT)
    if fetched:
        print(f"{vendor.CMS} {version}: {vendor.SCRIPT}, its translations and {len(vendor.FONTS)} fonts in {where}/")
    else:
        print(f"{vendor.CMS} {version}: already in {where}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
