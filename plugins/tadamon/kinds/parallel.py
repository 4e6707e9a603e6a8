"""Reading on every core.

Converting Markdown is most of the reading time of a first build. When many
files are not in the reader cache (``bodycache``), this process and forked
worker processes read them ahead; the reader then hands ``Kinds.read`` the
results (``YamlMarkdownReader.preread``), so checking, caching and the items
are the same as one process reading. Workers are forked before the items
exist: they inherit the reader, nothing big is pickled, and they cost little
memory.

Rendering stays in this process, and so does writing: a forked renderer
touches (and so copies) most of the build's memory (1.9x the peak of plain
Pelican against 1.3x), and threads writing the files meanwhile cost the
renderer more in handing over the interpreter lock than writing takes
(measured: 1 s of CPU more for the same wall time).
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

_reader = None  # in a worker process: the reader of the build that forked it


def cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _workers(count, minimum):
    """How many worker processes to start for ``count`` files."""
    if count < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(cores(), 8) - 1


def _pool(workers, reader):
    context = multiprocessing.get_context("fork")  # workers inherit the build, nothing to pickle
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_inherit, initargs=(reader,))


def _inherit(reader):
    global _reader
    _reader = reader


def read_ahead(reader, paths, minimum):
    """Fill ``reader.preread`` for ``paths`` using every core, if there are enough of them."""
    workers = _workers(len(paths), minimum)
    if not workers:
        return
    # Sizes balance the shares: this process takes one, each worker another.
    sizes = {path: _size(path) for path in paths}
    shares = [[] for _ in range(workers + 1)]
    loads = [0] * len(shares)
    for path in sorted(paths, key=sizes.get, reverse=True):
        lightest = loads.index(min(loads))
        shares[lightest].append(path)
        loads[lightest] += sizes[path]
    with _pool(workers, reader) as pool:
        futures = [pool.submit(_read_all, share) for share in shares[1:]]
        for path in shares[0]:
            reader.preread[path] = reader.read_ahead(path)
        for future in futures:
            reader.preread.update(future.result())


def _size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_all(paths):
    return {path: _reader.read_ahead(path) for path in paths}
