"""invoke build | check | serve | clean: the tadamon command, for this site."""

import shutil

from invoke import task


@task
def build(c):
    c.run("tadamon build")


@task
def check(c):
    c.run("tadamon check")


@task
def serve(c):
    c.run("tadamon serve")


@task
def clean(c):
    shutil.rmtree("output", ignore_errors=True)
    shutil.rmtree(".cache", ignore_errors=True)
