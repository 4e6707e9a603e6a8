"""Run a job of a GitHub Actions workflow here, the way a runner runs it.

``run:`` steps run in order with ``bash -eo pipefail``, with the job's and the
step's ``env:``, the ``GITHUB_ENV``, ``GITHUB_OUTPUT``, ``GITHUB_PATH`` and
``GITHUB_STEP_SUMMARY`` files, and ``${{ steps.<id>.outputs.<name> }}``, ``${{ needs.<job>.outputs.<name> }}``
and ``github.*`` expressions; a step's ``if:`` (comparisons with ``==`` and
``!=``, joined by ``&&`` or ``||``) skips it, and ``job_runs(job)`` says whether
a job's ``if:`` lets it run. The event is ``event_name`` (``push`` by default,
``schedule`` for the daily run). The actions the job ``uses:`` are stood in for
by what they do that matters here: actions/configure-pages gives ``base_url``,
actions/upload-pages-artifact tars its ``path`` (hidden files only with
``include-hidden-files``), actions/deploy-pages notes the artifact it deployed,
actions/cache/save and actions/cache/restore keep and find keys in ``caches``
(a dict a test may share between runs); checkout, setup-python and cache do
nothing (the project is already there, Python is the one running the tests,
caches start empty). An expression this runner does not know fails the run,
so that the workflow stays within what is tested.
"""

import os
import re
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
NO_OP_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/cache"}
COMPARISON = re.compile(r"^\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*$")


def read_workflow(path):
    workflow = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


@dataclass
class StepResult:
    name: str
    seconds: float
    returncode: int
    output: str = ""
    skipped: bool = False


@dataclass
class JobResult:
    steps: list = field(default_factory=list)
    summary: str = ""
    artifact: Path | None = None
    outputs: dict = field(default_factory=dict)  # the job's ``outputs:``

    @property
    def ok(self):
        return all(step.returncode == 0 for step in self.steps)

    @property
    def output(self):
        return "\n".join(step.output for step in self.steps)

    def times(self):
        return "\n".join(f"{step.seconds:7.2f} s  {step.name}" for step in self.steps)


class Runner:
    def __init__(
        self,
        project,
        base_url,
        repository="association/site",
        python=sys.executable,
        event_name="push",
        needs=None,
        caches=None,
        api_url="https://api.github.com",
    ):
        self.project = Path(project)
        self.event_name = event_name
        self.needs = needs or {}  # job id -> its outputs, for ``needs.<job>.outputs.<name>``
        self.caches = {} if caches is None else caches  # key -> the files saved under it
        self.api_url = api_url
        self.token = "ghs_standin-token"
        self.deployed = None
        self.base_url = base_url
        self.temp = self.project.parent / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        self.outputs = {}  # step id -> {name: value}
        self.env = {}  # from GITHUB_ENV
        self.path = [str(Path(python).parent)]  # setup-python puts its python first on PATH
        self.repository = repository

    def value(self, expression):
        found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if found:
            return self.outputs.get(found.group(1), {}).get(found.group(2), "")
        found = re.fullmatch(r"needs\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if found:
            return self.needs[found.group(1)].get(found.group(2), "")
        known = {
            "github.repository": self.repository,
            "github.event_name": self.event_name,
            "github.token": self.token,
            "runner.temp": str(self.temp),
        }
        if expression in known:
            return known[expression]
        raise AssertionError(f"the test runner does not know the expression {expression!r}")

    def expand(self, text):
        return EXPRESSION.sub(lambda match: self.value(match.group(1)), str(text))

    def condition(self, text):
        """Whether an ``if:`` holds (no ``if:``: it does)."""
        if text is None:
            return True
        text = str(text).strip()
        found = EXPRESSION.fullmatch(text)
        text = found.group(1) if found else text
        return any(all(self._compare(part) for part in either.split("&&")) for either in text.split("||"))

    def _compare(self, text):
        found = COMPARISON.match(text)
        if found is None:
            raise AssertionError(f"the test runner does not know the condition {text!r}")
        name, operator, literal = found.groups()
        return (str(self.value(name)) == literal) == (operator == "==")

    def job_runs(self, job):
        return self.condition(job.get("if"))

    def base_env(self, summary):
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
        env.update(
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(self.project),
            GITHUB_REPOSITORY=self.repository,
            GITHUB_EVENT_NAME=self.event_name,
            GITHUB_API_URL=self.api_url,
            GITHUB_WORKFLOW_REF=f"{self.repository}/.github/workflows/pages.yml@refs/heads/main",
            RUNNER_TEMP=str(self.temp),
            GITHUB_STEP_SUMMARY=str(summary),
        )
        env["PATH"] = os.pathsep.join([*self.path, env.get("PATH", "")])
        env.update(self.env)
        return env

    def run_job(self, job):
        result = JobResult()
        summary = self.temp / "summary.md"
        summary.write_text("", encoding="utf-8")
        for index, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
            start = time.perf_counter()
            if not self.condition(step.get("if")):
                result.steps.append(StepResult(name, 0.0, 0, "", skipped=True))
                continue
            if "uses" in step:
                returncode, output = self.use(step)
            else:
                returncode, output = self.run(step, job, summary, index)
            result.steps.append(StepResult(name, time.perf_counter() - start, returncode, output))
            if returncode != 0:
                break  # a failed step stops the job; later steps are skipped
        result.summary = summary.read_text(encoding="utf-8")
        if result.ok:
            result.outputs = {name: self.expand(value) for name, value in (job.get("outputs") or {}).items()}
        result.artifact = self.temp / "artifact.tar" if (self.temp / "artifact.tar").exists() else None
        return result

    def run(self, step, job, summary, index):
        env = self.base_env(summary)
        for values in (job.get("env", {}), step.get("env", {})):
            env.update({k: self.expand(v) for k, v in values.items()})
        files = {name: self.temp / f"{name.lower()}-{index}" for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH")}
        for name, path in files.items():
            path.write_text("", encoding="utf-8")
            env[name] = str(path)
        script = self.temp / f"step-{index}.sh"
        script.write_text(self.expand(step["run"]), encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.project / step.get("working-directory", "."),
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        self.env.update(_key_values(files["GITHUB_ENV"]))
        if step.get("id"):
            self.outputs[step["id"]] = _key_values(files["GITHUB_OUTPUT"])
        self.path[:0] = [line for line in files["GITHUB_PATH"].read_text().splitlines() if line]
        return done.returncode, done.stdout + done.stderr

    def use(self, step):
        action = step["uses"].split("@")[0]
        if action in NO_OP_ACTIONS:
            return 0, ""
        inputs = {k: self.expand(v) for k, v in step.get("with", {}).items()}
        if action == "actions/configure-pages":
            parts = urlsplit(self.base_url)
            self.outputs[step.get("id", "")] = {
                "base_url": self.base_url,
                "origin": f"{parts.scheme}://{parts.netloc}",
                "host": parts.netloc,
                "base_path": parts.path,
            }
            return 0, ""
        if action == "actions/upload-pages-artifact":
            folder = self.project / inputs.get("path", "_site")
            if not folder.is_dir():
                return 1, f"upload-pages-artifact: no folder {folder}"
            hidden = str(inputs.get("include-hidden-files", "false")).lower() == "true"
            with tarfile.open(self.temp / "artifact.tar", "w") as tar:
                for path in sorted(folder.rglob("*")):
                    relative = path.relative_to(folder)
                    if not hidden and any(part.startswith(".") for part in relative.parts):
                        continue
                    if path.is_file():
                        tar.add(path, arcname=str(relative), recursive=False)
            return 0, ""
        if action == "actions/cache/restore":
            hit = inputs["key"] in self.caches
            if hit and str(inputs.get("lookup-only", "false")).lower() != "true":
                for name, data in self.caches[inputs["key"]].items():
                    (self.project / name).write_bytes(data)
            self.outputs[step.get("id", "")] = {"cache-hit": "true" if hit else "false"}
            return 0, ""
        if action == "actions/cache/save":
            paths = [path for path in inputs["path"].split() if (self.project / path).is_file()]
            if not paths:
                return 1, f"cache/save: nothing at {inputs['path']}"
            self.caches.setdefault(inputs["key"], {name: (self.project / name).read_bytes() for name in paths})
            return 0, ""
        if action == "actions/deploy-pages":
            self.deployed = self.temp / "artifact.tar"
            if not self.deployed.exists():
                return 1, "deploy-pages: no artifact was uploaded"
            self.outputs[step.get("id", "")] = {"page_url": self.base_url + "/"}
            return 0, ""
        raise AssertionError(f"the test runner does not stand in for {action}")


def _key_values(path):
    """``name=value`` lines (and ``name<<EOF`` blocks) of a GITHUB_ENV/OUTPUT file."""
    values, lines = {}, Path(path).read_text(encoding="utf-8").splitlines()
    while lines:
        line = lines.pop(0)
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, marker = line.split("<<", 1)
            block = []
            while lines and lines[0] != marker:
                block.append(lines.pop(0))
            lines = lines[1:]
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values
