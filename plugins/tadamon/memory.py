"""Fewer malloc arenas for the build's process and its workers.

The C library of Linux (glibc) gives each thread that allocates memory an arena
of its own, up to eight per core, and an arena keeps what was freed in it for
its own thread. The build's threads (Pagefind's answers are read in threads)
and those of the libraries it calls (the AVIF encoder's) each leave such
memory behind: the largest process of a first build held megabytes that no one
used (``docs/performance.md``). One arena is what ``MALLOC_ARENA_MAX=1`` would
give; a process already running can only ask it of glibc with ``mallopt``,
before its threads start. Where the C library is not glibc, nothing changes.
"""

import ctypes

M_ARENA_MAX = -8  # glibc's malloc.h


def one_arena():
    """Ask glibc for one malloc arena, shared by every thread; the workers forked later inherit it."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, Windows): its allocator is left alone
        return False
    return bool(mallopt(M_ARENA_MAX, 1))
