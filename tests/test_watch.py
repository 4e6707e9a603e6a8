"""invoke livereload is told of each save by inotify (``tadamon.watch``): every
folder below a watched one, folders made later, a file watched alone."""

import os
import select
import sys

import pytest
from tadamon.watch import Changes

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")


def told(changes):
    """What ``changes`` says once the kernel has something to say (at most 2 s)."""
    ready, _, _ = select.select([changes.fd], [], [], 2)
    return changes.read() if ready else []


@pytest.fixture
def changes():
    found = Changes.open()
    yield found
    found.close()


def test_a_save_anywhere_below_a_watched_folder_is_told_at_once(changes, tmp_path):
    content = tmp_path / "content"
    (content / "activities").mkdir(parents=True)
    changes.watch(content)
    saved = content / "activities" / "a.fr.md"
    with open(saved, "w") as stream:
        stream.write("x")
        stream.flush()
        assert changes.read() == []  # not while the file is being written
    assert told(changes) == [str(saved)]
    saved.write_text("y")
    assert told(changes) == [str(saved)]
    assert not select.select([changes.fd], [], [], 0.2)[0]  # a save is told once

    (content / "images").mkdir()  # a folder made after the start is watched too
    assert told(changes) == [str(content / "images")]
    (content / "images" / "photo.jpg").write_bytes(b"\xff")
    assert told(changes) == [str(content / "images" / "photo.jpg")]


def test_an_editors_swap_file_and_bytecode_are_not_changes(changes, tmp_path):
    changes.watch(tmp_path)
    (tmp_path / ".a.md.swp").write_text("x")
    (tmp_path / "b.pyc").write_bytes(b"x")
    (tmp_path / "a.md").write_text("x")
    assert told(changes) == [str(tmp_path / "a.md")]


def test_a_file_watched_alone_is_told_when_it_is_replaced_and_its_busy_folder_is_not(changes, tmp_path):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("A = 1\n")
    changes.watch(settings)
    (tmp_path / "notes.txt").write_text("x")
    new = tmp_path / "pelicanconf.py.new"
    new.write_text("A = 2\n")
    os.replace(new, settings)  # how many editors save
    assert told(changes) == [str(settings)]
    for _ in range(3):  # the busy folder beside it (the output, a log) never wakes the server
        (tmp_path / "notes.txt").write_text("y")
    assert not select.select([changes.fd], [], [], 0.2)[0]
    settings.write_text("A = 3\n")  # the new file is watched too
    assert told(changes) == [str(settings)]
