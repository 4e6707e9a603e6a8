"""Plugin: atomic output. A build writes into a fresh staging folder beside the
output folder and swaps it into place only when it succeeded, so a failed
build leaves the previous site untouched."""

import os
import shutil

from pelican import signals


def _staging_path(output_path):
    head, name = os.path.split(os.path.normpath(output_path))
    return os.path.join(head, f".{name}.building")


def discard(output_path):
    """Remove what a failed or interrupted build left in its staging folder."""
    shutil.rmtree(_staging_path(output_path), ignore_errors=True)


def _redirect(pelican):
    if not pelican.settings.get("TADAMON_ATOMIC_OUTPUT", True):
        return
    pelican.tadamon_final_output = pelican.output_path
    pelican.output_path = _staging_path(pelican.output_path)
    pelican.settings["OUTPUT_PATH"] = pelican.output_path
    pelican.delete_outputdir = True  # Pelican empties the staging folder at each run


def _swap(pelican):
    final = getattr(pelican, "tadamon_final_output", None)
    if final is None:
        return
    staging = pelican.output_path
    if pelican.settings.get("TADAMON_DRY_RUN"):  # a check: nothing is published
        shutil.rmtree(staging, ignore_errors=True)
        return
    os.makedirs(staging, exist_ok=True)
    old = staging + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def register():
    signals.initialized.connect(_redirect)
    signals.finalized.connect(_swap)
