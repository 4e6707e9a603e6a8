"""Check that a release tag is the package's version, before anything is published.

    python tools/release_check.py v0.9.1                 the tag against tadamon.__version__ and pyproject.toml
    python tools/release_check.py v0.9.1 dist/*          ... and the built sdist's and wheel's names

The release workflow (.github/workflows/release.yml) runs it on the pushed
tag: a tag that is not ``v`` + ``tadamon.__version__`` stops the release, so
that what PyPI gets under a version is what the tag names. The version is
read from the source (plugins/tadamon/__init__.py) without importing it.
Exits 1, saying what differs.
"""

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "plugins" / "tadamon" / "__init__.py"
PYPROJECT = ROOT / "pyproject.toml"
ATTRIBUTE = "tadamon.__version__"


def source_version(path=INIT):
    """``__version__`` as written in the package's ``__init__.py``."""
    for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit(f"{path}: no __version__")


def problems(tag, dist_files=(), init=INIT, pyproject=PYPROJECT):
    """What does not agree with ``tag``, one sentence each (none: the release may go on)."""
    version = source_version(init)
    found = []
    if tag != f"v{version}":
        found.append(f"the tag {tag} is not v{version}, the version in {Path(init).name} (tadamon.__version__)")
    project = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))
    declared = project.get("project", {}).get("version")
    if declared is not None and declared != version:
        found.append(f"pyproject.toml says version {declared}, tadamon.__version__ says {version}")
    if declared is None:
        dynamic = project.get("tool", {}).get("setuptools", {}).get("dynamic", {}).get("version", {})
        if "version" not in project.get("project", {}).get("dynamic", []) or dynamic.get("attr") != ATTRIBUTE:
            found.append(f"pyproject.toml must take its version from {ATTRIBUTE} (dynamic, attr)")
    wanted = {f"tadamon-{version}.tar.gz", f"tadamon-{version}-py3-none-any.whl"}
    names = {Path(name).name for name in dist_files}
    if dist_files and names != wanted:
        found.append(f"the built files are {sorted(names)}, not {sorted(wanted)}")
    return found


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    found = problems(argv[0], argv[1:])
    for problem in found:
        print(f"release_check: {problem}", file=sys.stderr)
    if not found:
        print(f"release_check: {argv[0]} is tadamon {source_version()}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
