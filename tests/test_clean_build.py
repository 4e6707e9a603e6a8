"""What is published is what a clean build makes, whatever ran before.

A check then a build (the Pages workflow's order), a build then a change then
a rebuild, builds in one process (``invoke livereload``), a cache damaged in
every way a cache gets damaged, a published file edited in place, a full or
read-only disk, two builds at once: the output is byte for byte the clean
build's, or the build stops with one message and leaves every file whole.
"""

import collections
import contextlib
import fcntl
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, run_cli

sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402 - the project's invoke tasks: invoke livereload's rebuild

NOT_ROOT = hasattr(os, "geteuid") and os.geteuid() != 0


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in Path(folder).rglob("*") if p.is_file()}


def cache_files(base):
    """Every file of the caches of a site built by ``run_cli`` in ``base`` (photos beside the rest)."""
    return [
        p for name in ("cache", "images") for p in (base / name).rglob("*") if p.is_file() and p.name != "build.lock"
    ]


def change(content):
    """An editor's change: one activity's text."""
    page = content / "activities" / "cleanup.fr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Venez", "Venez nombreux,"), encoding="utf-8")


def copy_content(target, changed=False):
    shutil.copytree(FIXTURE, target)  # copy2: the same mtimes, so the same dates for undated items
    if changed:
        change(target)
    return target


def clean_build(base, changed=False):
    """The bytes of a build with no cache at all."""
    base.mkdir()
    content = copy_content(base / "content", changed)
    result = run_cli("build", content, base / "output")
    assert result.returncode == 0, result.stderr
    return files(base / "output")


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return clean_build(tmp_path_factory.mktemp("clean") / "site")


@pytest.fixture(scope="module")
def clean_changed(tmp_path_factory):
    return clean_build(tmp_path_factory.mktemp("clean") / "changed", changed=True)


def built(result, output):
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return files(output)


def differing(found, expected):
    return sorted(name for name in found.keys() | expected.keys() if found.get(name) != expected.get(name))


# --- the same bytes, whatever ran before --------------------------------------


def test_a_check_then_a_build_publishes_what_a_clean_build_does(clean, tmp_path):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    assert run_cli("check", content, output).returncode == 0
    found = built(run_cli("build", content, output), output)
    assert differing(found, clean) == []
    assert b"<enclosure" in found["feeds/activities.rss.xml"]  # the photos of the feeds are there


def test_a_rebuild_after_a_change_publishes_what_a_clean_build_does(clean, clean_changed, tmp_path):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    assert differing(built(run_cli("build", content, output), output), clean) == []
    change(content)
    assert differing(built(run_cli("build", content, output), output), clean_changed) == []


def test_builds_in_one_process_as_invoke_livereload_runs_them_publish_what_a_clean_build_does(
    clean, clean_changed, tmp_path, monkeypatch
):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    assert run_cli("check", content, output).returncode == 0  # writes testconf.py beside the output
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    rebuild = tasks.rebuilder(str(tmp_path / "testconf.py"), str(output))
    rebuild()
    assert differing(files(output), clean) == []
    change(content)
    rebuild()
    assert differing(files(output), clean_changed) == []


# --- the cache is disposable ------------------------------------------------------


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garbage(path):
    path.write_bytes(b"\x80\x04garbage, not what was written" * 3)


def another_version(path):
    """What another version leaves: a pickle of a class this one lacks, JSON of another shape."""
    if path.suffix == ".pickle":
        # A pickle (protocol 0 spells names out) of a class that only another version has.
        known = pickle.dumps({"fingerprint": "old", "entries": collections.OrderedDict()}, protocol=0)
        path.write_bytes(known.replace(b"collections\nOrderedDict", b"tadamon.gone\nEntries"))
    elif path.suffix == ".json":
        path.write_text('[["another", "shape"]]', encoding="utf-8")
    else:
        garbage(path)


@pytest.mark.parametrize("damage", ["truncated", "cut short", "garbage", "half deleted", "another version"])
def test_a_damaged_cache_is_a_miss_never_a_traceback_or_a_wrong_byte(damage, clean, tmp_path):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    built(run_cli("build", content, output), output)
    shutil.rmtree(output)  # the workflow's case: the cache restored, the output made anew
    cached = sorted(cache_files(tmp_path))
    assert len(cached) > 20
    for number, path in enumerate(cached):
        if damage == "truncated":
            truncate(path)
        elif damage == "cut short":  # just past a file's header (Jinja's compiled templates)
            path.write_bytes(path.read_bytes()[:20])
        elif damage == "garbage":
            garbage(path)
        elif damage == "half deleted" and number % 2:
            path.unlink()
        elif damage == "another version":
            another_version(path)
    result = run_cli("build", content, output)
    found = built(result, output)
    assert [(name, len(found.get(name, b"")), len(clean.get(name, b""))) for name in differing(found, clean)] == []


def test_a_published_file_edited_in_place_does_not_poison_the_cache(clean, tmp_path):
    """Published files are hard links to the cache: editing one edits the entry too."""
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    built(run_cli("build", content, output), output)
    for name in ("index.html", "fr/feeds/all.atom.xml", "images/photo.jpg"):
        with open(output / name, "r+b") as stream:  # in place: the same inode
            stream.write(b"edited by hand")
    assert differing(built(run_cli("build", content, output), output), clean) == []


# --- a disk that refuses -------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder, size):
    """A real file system of ``size`` at ``folder`` (tmpfs, mounted as root)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def whole(output, before, after):
    """Every file of ``output`` is one of the two builds' files, whole; no temporary file."""
    found = files(output)
    broken = [name for name, data in found.items() if data not in (before.get(name), after.get(name))]
    return broken


@pytest.mark.skipif(NOT_ROOT, reason="mounting a small file system needs root (CI runs as root)")
def test_a_full_disk_stops_with_one_message_and_the_next_build_repairs(clean, clean_changed, tmp_path):
    content = copy_content(tmp_path / "content")
    disk = tmp_path / "disk"
    size = sum(len(data) for data in clean.values())
    with small_disk(disk, f"{size * 3 // 1024 + 1024}k"):
        output = disk / "output"
        built(run_cli("build", content, output), output)
        change(content)
        # The disk fills up (other files, a log...): the next build finds too little room.
        free = shutil.disk_usage(disk).free
        filler = disk / "filler"
        filler.write_bytes(b"\0" * max(0, free - 4096))
        result = run_cli("build", content, output)
        assert result.returncode == 4, result.stderr
        assert "Traceback" not in result.stderr
        assert "the disk is full" in result.stderr and str(output) in result.stderr
        assert "Free some space" in result.stderr
        assert whole(output, clean, clean_changed) == []
        filler.unlink()
        assert differing(built(run_cli("build", content, output), output), clean_changed) == []


@pytest.mark.skipif(NOT_ROOT, reason="a read-only file system needs root to mount (CI runs as root)")
def test_a_folder_that_cannot_be_written_stops_with_one_message(clean, clean_changed, tmp_path):
    content = copy_content(tmp_path / "content")
    with small_disk(tmp_path / "site" / "output", "64m") as output:  # the output folder only
        built(run_cli("build", content, output), output)
        change(content)
        subprocess.run(["mount", "-o", "remount,ro", str(output)], check=True)
        result = run_cli("build", content, output)
        assert result.returncode == 4, result.stderr
        assert "Traceback" not in result.stderr
        assert "may not write in" in result.stderr and "permissions" in result.stderr
        assert differing(files(output), clean) == []  # the site as it was
        subprocess.run(["mount", "-o", "remount,rw", str(output)], check=True)
        assert differing(built(run_cli("build", content, output), output), clean_changed) == []


def test_a_write_that_fails_for_lack_of_space_says_what_to_do_in_the_editors_language(tmp_path, monkeypatch, capsys):
    """Where no file system can be mounted: a writer made to fail with ENOSPC (in French here)."""
    import errno

    from tadamon import cli
    from tadamon.output import Output

    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    association = content / "association.yml"
    text = association.read_text(encoding="utf-8")
    association.write_text(text.replace("editor_language: en", "editor_language: fr"), encoding="utf-8")
    assert run_cli("check", content, output).returncode == 0  # writes testconf.py

    def full(temporary, data, source, link):  # what writes each file of the output
        raise OSError(errno.ENOSPC, "No space left on device", temporary)

    monkeypatch.setattr(Output, "_make", staticmethod(full))
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    status = cli.main(["build", "-s", str(tmp_path / "testconf.py"), "-o", str(output)])
    said = capsys.readouterr().err
    assert status == 4
    assert "Traceback" not in said
    assert "le disque est plein" in said and str(output) in said and "Libérez de la place" in said, said


# --- one build at a time -----------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_says_so(clean, tmp_path):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    assert run_cli("check", content, output).returncode == 0
    lock = tmp_path / "cache" / "build.lock"
    with open(lock, "w") as held:  # a build of this site is running
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("12345")
        held.flush()
        waiting = subprocess.Popen(
            [sys.executable, "-m", "tadamon", "build", "-s", str(tmp_path / "testconf.py"), "-o", str(output)],
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins")),
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert waiting.poll() is None, "the second build did not wait"
        assert not output.exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    _out, said = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, said
    assert "Another build of this site is running (process 12345)" in said
    assert differing(files(output), clean) == []


def test_two_builds_at_once_both_end_well_and_publish_the_clean_build(clean, tmp_path):
    content, output = copy_content(tmp_path / "content"), tmp_path / "output"
    assert run_cli("check", content, output).returncode == 0
    command = [sys.executable, "-m", "tadamon", "build", "-s", str(tmp_path / "testconf.py"), "-o", str(output)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    builds = [subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(b.wait(timeout=300), b.stderr.read()) for b in builds]
    assert [status for status, _said in results] == [0, 0], results
    assert not any("Traceback" in said for _status, said in results)
    assert differing(files(output), clean) == []


# --- the search index, wherever it is made ------------------------------------------


def test_the_search_index_is_the_same_on_any_file_system(tmp_path):
    """Pagefind's command line took the pages in the order a folder lists them,
    which differs between file systems (ext4 by hashes of names, tmpfs newest first)."""
    if not os.path.isdir("/dev/shm"):
        pytest.skip("no tmpfs at /dev/shm")
    content = copy_content(tmp_path / "content")
    (tmp_path / "disk").mkdir()
    on_disk = built(run_cli("build", content, tmp_path / "disk" / "output"), tmp_path / "disk" / "output")
    memory = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        output = tmp_path / "memory" / "output"
        output.parent.mkdir()
        result = run_cli("build", content, output, settings=f"CACHE_PATH = {str(memory / 'cache')!r}\n")
        in_memory = built(result, output)
    finally:
        shutil.rmtree(memory, ignore_errors=True)
    index = {name for name in on_disk if name.startswith("pagefind/")}
    assert len(index) > 10
    assert differing({n: in_memory.get(n) for n in index}, {n: on_disk[n] for n in index}) == []


def test_each_search_file_is_keyed_by_its_own_index():
    """The plan keys a bundle's files by the key of the index they come from (its folder's name)."""
    from tadamon.search.index import IndexStore

    class Plan:
        def __init__(self):
            self.inputs = {}

        def copy(self, url, source, *inputs):
            self.inputs[url] = inputs

        def add(self, url, *inputs):
            self.inputs[url] = inputs

        def publish(self, url, key, make):
            pass

    def bundle(folder, lang):
        (folder / "bundle" / "index").mkdir(parents=True)
        entry = {"version": "1", "languages": {lang: {"hash": f"{lang}_1", "wasm": lang, "page_count": 1}}}
        (folder / "bundle" / "pagefind-entry.json").write_text(json.dumps(entry))
        (folder / "bundle" / "index" / f"{lang}_1.pf_index").write_bytes(lang.encode())
        return str(folder)

    with tempfile.TemporaryDirectory() as root:
        folders = [("ar-0", bundle(Path(root) / "key-of-ar", "ar")), ("fr-0", bundle(Path(root) / "key-of-fr", "fr"))]
        plan = Plan()
        IndexStore.publish(folders, "pagefind", plan)
    assert plan.inputs["pagefind/index/ar_1.pf_index"] == ("key-of-ar",)
    assert plan.inputs["pagefind/index/fr_1.pf_index"] == ("key-of-fr",)
