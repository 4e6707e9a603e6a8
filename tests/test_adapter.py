"""What Tadamon leans on in Pelican beyond its public API (``tadamon.adapter``),
and the rule that nothing else does."""

import ast
import logging
import re
from pathlib import Path

from conftest import ROOT, build

# Names of Pelican's own internals (leading underscore) that plugins used to reach for.
PRIVATE = re.compile(
    r"\._(cache|cache_path|cache_open|cache_data_policy|open_w|written_files|overridden_files|include_path"
    r"|get_template|update_content|content|context|get_content|link_replacer|templates|templates_path)\b"
)


def test_no_module_of_the_plugin_uses_a_private_name_of_pelican():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "plugins").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PRIVATE.search(line)
    ]
    assert found == []


def test_the_plugin_connects_to_pelican_in_one_place_and_at_most_eight_times():
    connections = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "plugins").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".connect(" in line
    ]
    assert len(connections) <= 8, connections
    assert {entry.split(":")[0] for entry in connections} == {"plugins/tadamon/__init__.py"}


MACHINERY = ("__init__.py", "generators.py", "readers.py", "writers.py", "log.py")


def _pelican_names():
    """What Pelican's machinery is made of: the methods and functions it defines, and
    the attributes its run, generators, readers and writer set on themselves (not
    its content objects': their fields are data)."""
    import pelican

    methods, attributes = set(), set()
    for path in Path(pelican.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        methods |= set(re.findall(r"^\s*def (\w+)\(", text, re.MULTILINE))
        if path.name in MACHINERY:
            attributes |= set(re.findall(r"\bself\.(\w+)\s*=", text))
    # An item's translations: Pelican's generators set them on its content objects (items are some).
    return methods, attributes - {"translations"}


def _monkey_patches(tree, methods, attributes):
    """Assignments that change Pelican rather than use it: a method or function of
    Pelican replaced, an attribute of a Pelican object set from outside it, anything
    of a module or class imported from Pelican changed, or ``setattr``."""
    from_pelican = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pelican")
        for alias in node.names
    }
    own_classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    found = []
    for node in ast.walk(tree):
        called = node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None
        if called == "setattr" and _root(node.args[0]) not in own_classes:
            found.append(node)
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue
            owner = _root(target.value)
            if owner in from_pelican or (owner != "self" and target.attr in methods | attributes):
                found.append(node)
    return found


def _root(node):
    """The name an attribute chain starts from (``self`` for ``self.site.pages``)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def test_no_module_of_the_plugin_but_the_adapter_patches_pelican():
    """Pelican is used through its public API; where it has no hook, tadamon/adapter.py
    says why. A Dependabot upgrade of Pelican must not break every site at once."""
    methods, attributes = _pelican_names()
    found = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.name == "adapter.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in _monkey_patches(tree, methods, attributes)]
    assert found == []


def test_the_monkey_patch_check_finds_what_it_looks_for():
    methods, attributes = _pelican_names()
    patched = ast.parse(
        "from pelican.log import console\n"
        "console.quiet = True\n"
        "generator.get_files = confined\n"
        "static.settings = dict(static.settings)\n"
        "pelican.delete_outputdir = False\n"
        "setattr(writer, 'write_file', mine)\n"
        "self.settings = settings\n"
        "site.problems = []\n"
        "class Item: pass\n"
        "setattr(Item, 'deadline', None)\n"
        "generators.Generator.get_files = confined\n"
    )
    assert sorted(n.lineno for n in _monkey_patches(patched, methods, attributes)) == [2, 3, 4, 5, 6, 11]


def test_a_warning_given_again_in_the_next_build_of_the_same_process_is_said_again(content, tmp_path, caplog):
    # invoke livereload rebuilds in one process: Pelican's loggers would drop a message said once.
    caplog.set_level(logging.WARNING, logger="tadamon")
    for run in ("one", "two"):
        build(content, tmp_path / run)
    undated = [record for record in caplog.records if "have no date" in record.getMessage()]
    assert len(undated) == 2 and undated[0].getMessage() == undated[1].getMessage()
