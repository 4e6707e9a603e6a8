"""invoke build | check | serve | clean: the tadamon command, for this site."""

import shutil
import sys

from invoke import task

TADAMON = f"{sys.executable} -m tadamon"  # the one installed beside invoke


@task
def build(c):
    c.run(f"{TADAMON} build")


@task
def check(c):
    c.run(f"{TADAMON} check")


@task
def serve(c):
    c.run(f"{TADAMON} serve")


@task
def clean(c):
    shutil.rmtree("output", ignore_errors=True)
    shutil.rmtree(".cache", ignore_errors=True)
