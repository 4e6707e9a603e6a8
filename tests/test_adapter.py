"""What Tadamon leans on in Pelican beyond its public API (``tadamon.adapter``),
and the rule that nothing else does."""

import re

from conftest import ROOT

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


def test_a_body_gets_its_links_as_urls_without_pelicans_memo(tmp_path):
    """Pelican's Content.get_content resolves {filename} links and memoizes every
    body in one dict for the life of the process: the adapter resolves without it."""
    from pelican.contents import Content, Page
    from pelican.settings import DEFAULT_CONFIG
    from tadamon.adapter import body_with_links

    settings = dict(DEFAULT_CONFIG, PATH=str(tmp_path), SITEURL="https://example.org")
    other = Page("", {"title": "B", "slug": "b"}, settings=settings, source_path=str(tmp_path / "b.md"))
    context = {"generated_content": {"b.md": other}, "static_content": {}, "localsiteurl": "https://example.org"}
    page = Page(
        '<a href="{filename}b.md">B</a>',
        {"title": "A", "slug": "a"},
        settings=settings,
        source_path=str(tmp_path / "a.md"),
        context=context,
    )
    memo = getattr(Content.get_content, "cache", {})
    before = len(memo)
    assert body_with_links(page, "https://example.org") == '<a href="https://example.org/pages/b.html">B</a>'
    assert len(memo) == before
