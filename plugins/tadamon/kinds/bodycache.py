"""Pelican's reader cache, with the bodies stored as UTF-8 bytes.

Pickling a ``str`` that is not ASCII makes CPython keep a UTF-8 copy inside
the string for as long as it lives: writing the cache kept every Arabic and
French body of the site twice in memory until the end of the build (6.7 MB of
113 for the benchmark at N=1000). ``str.encode`` keeps no copy; the bodies are
decoded again when the cache is loaded.

Pelican keeps a file's entry while the file is unchanged, whatever else
changed. The entries also depend on how they were read: Tadamon's code (its
typed values are pickled), Markdown and its settings, SITEURL and the URL
settings (bodies hold absolute links), and the site's YAML
files (languages, time zone). The cache is saved with a digest of those and
dropped when it differs.
"""

import logging
import os
import pickle

import markdown

from tadamon.cache import fingerprint as fingerprint_of

logger = logging.getLogger(__name__)
FINGERPRINT = "//tadamon: what the entries were read with"  # never a file's path
PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fingerprint(settings, cache):
    """What the entries depend on beyond their own file (``cache``: the build's
    ``tadamon.cache.Cache``, whose digests of the code and YAML files are remembered)."""
    # SITEURL and the URLs: bodies hold absolute links (tadamon.kinds.links).
    urls = (settings.get("SITEURL"), settings.get("TADAMON_URLS"))
    code = []
    for folder, dirs, names in os.walk(PLUGINS):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        code += [cache.digest(os.path.join(folder, name)) for name in sorted(names) if name.endswith(".py")]
    site_files = [cache.digest(os.path.join(settings["PATH"], name)) for name in ("association.yml", "partners.yml")]
    return fingerprint_of(repr((markdown.__version__, settings.get("MARKDOWN"), urls)), code, site_files)


def load(readers, settings, cache):
    """Keep the cache Pelican's ``Readers`` loaded only if it was read as this
    build would read; decode its bodies (in place)."""
    entries = readers._cache
    if entries.pop(FINGERPRINT, None) != fingerprint(settings, cache):
        entries.clear()
    for path, (stamp, (body, metadata)) in entries.items():
        if isinstance(body, bytes):
            entries[path] = (stamp, (body.decode(), metadata))


def save(readers, settings, cache):
    """``Readers.save_cache``, with the bodies encoded and the fingerprint."""
    if not readers._cache_data_policy:
        return
    stored = {
        path: (stamp, (body.encode() if isinstance(body, str) else body, metadata))
        for path, (stamp, (body, metadata)) in readers._cache.items()
    }
    stored[FINGERPRINT] = fingerprint(settings, cache)
    try:
        os.makedirs(os.path.dirname(readers._cache_path), exist_ok=True)
        with readers._cache_open(readers._cache_path, "wb") as stream:
            pickle.dump(stored, stream)
    except (OSError, pickle.PicklingError, TypeError) as error:
        logger.warning("Could not save cache %s\n ... %s", readers._cache_path, error)
