"""Large sites are read on every core: the same site, the same mistakes, the
same signals as in one process."""

import pytest
from conftest import build
from pelican import signals
from tadamon.errors import ContentError
from tadamon.kinds.parallel import cores

pytestmark = pytest.mark.skipif(cores() < 2, reason="one core: everything happens in this process")
EVERYWHERE = {"TADAMON_PARALLEL_FROM": 1}  # the fixture site is small: split it anyway
CACHED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_worker_processes_give_the_same_site(content, tmp_path):
    serial = build(content, tmp_path / "serial")
    parallel = build(content, tmp_path / "parallel", **EVERYWHERE)
    assert files(parallel.path) == files(serial.path)


def test_mistakes_found_in_worker_processes_are_all_reported(content, tmp_path):
    (content / "news" / "report-2025.fr.md").write_text("---\ntitle: R\ndate: someday\n---\n")
    (content / "activities" / "cleanup.fr.md").write_text("---\ntitle: [oops\n---\n")
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "output", **EVERYWHERE)
    shown = {problem.file for problem in raised.value.problems}
    assert shown == {"content/news/report-2025.fr.md", "content/activities/cleanup.fr.md"}


def test_plugins_hear_of_every_page_and_rebuilds_stay_right(content, tmp_path):
    written = []

    def heard(path, context):
        assert context["page_url"] is not None and context["lang"]
        written.append(path)

    signals.content_written.connect(heard)
    try:
        output = tmp_path / "output"
        build(content, output, **EVERYWHERE, **CACHED)
        pages = sorted(str(p) for p in output.rglob("*.html"))
        assert sorted(written) == pages
        garden = content / "projects" / "garden.fr.md"
        garden.write_text(garden.read_text(encoding="utf-8").replace("Le jardin du quartier", "Le grand jardin"))
        written.clear()
        build(content, output, **EVERYWHERE, **CACHED)  # reads one file again, reuses most pages
        assert sorted(written) == pages
    finally:
        signals.content_written.disconnect(heard)
    fresh = build(content, tmp_path / "fresh")
    assert files(output) == files(fresh.path)


def test_the_reader_cache_is_saved_without_a_second_copy_of_the_bodies(tmp_path):
    """Pickling a non-ASCII str keeps a UTF-8 copy inside it for its whole life:
    the cache stores bodies as bytes, so saving it leaves them as they were."""
    import pickle
    import sys

    from tadamon.cache import Cache
    from tadamon.kinds import bodycache

    body = "<p>جمعية الأمل للتضامن تنظم نشاطًا</p>\n" * 50
    source = tmp_path / "a.ar.md"
    source.write_text("---\ntitle: نشاط\n---\n", encoding="utf-8")
    settings = {"PATH": str(tmp_path), "MARKDOWN": {}}
    cache = Cache(tmp_path / "cache")
    bodies = bodycache.Bodies(settings, cache)
    bodies.put(str(source), (body, {"title": "نشاط"}))
    size = sys.getsizeof(body)
    bodies.save()
    assert sys.getsizeof(body) == size
    with open(bodies.file(bodycache.shard_of(str(source))), "rb") as stream:
        stored = pickle.load(stream)
    assert isinstance(stored["entries"][str(source)][1], bytes)
    assert bodycache.Bodies(settings, Cache(tmp_path / "cache")).get(str(source)) == (body, {"title": "نشاط"})


def test_one_changed_file_rewrites_one_part_of_the_reader_cache(content, tmp_path):
    """The bodies are kept in sixteen files: a change rewrites the one holding
    the changed file, and the build is the clean build's."""
    from tadamon.kinds import bodycache

    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build(content, tmp_path / "output", **cached)
    parts = sorted((tmp_path / "cache" / bodycache.FOLDER).glob("*.pickle"))
    assert len(parts) > 4
    before = {path: path.stat().st_ino for path in parts}
    source = content / "activities" / "cleanup.fr.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    output = build(content, tmp_path / "output", **cached).path
    rewritten = [path.name for path in parts if path.stat().st_ino != before[path]]
    assert rewritten == [f"{bodycache.shard_of(str(source))}.pickle"]
    assert files(output) == files(build(content, tmp_path / "fresh").path)


def test_the_reader_cache_is_dropped_when_files_would_be_read_otherwise(content, tmp_path):
    """Pelican keeps an entry while its file is unchanged; a change of Markdown
    settings (or of Tadamon's code, or association.yml) must read it again."""
    source = content / "activities" / "cleanup.fr.md"
    text = source.read_text(encoding="utf-8").replace("Venez en famille.", "Venez en famille.\nApportez des gants.")
    source.write_text(text, encoding="utf-8")
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    output = tmp_path / "output"
    build(content, output, **cached)
    page = output / "fr" / "activities" / "cleanup" / "index.html"
    assert "Venez en famille.\nApportez des gants." in page.read_text()
    markdown = {"extensions": ["markdown.extensions.nl2br"], "output_format": "html5"}
    build(content, output, MARKDOWN=markdown, **cached)
    assert "Venez en famille.<br>\nApportez des gants." in page.read_text()
