"""One malloc arena for the build (``tadamon.memory``): asked of glibc, and
nothing where the C library has no ``mallopt``."""

import platform

import pytest
from tadamon import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_grants_one_arena():
    assert memory.one_arena() is True


@pytest.mark.parametrize("error", [OSError, AttributeError, TypeError])
def test_without_mallopt_the_allocator_is_left_alone(error, monkeypatch):
    def no_mallopt(name):
        raise error("no such library or function")

    monkeypatch.setattr(memory.ctypes, "CDLL", no_mallopt)
    assert memory.one_arena() is False
