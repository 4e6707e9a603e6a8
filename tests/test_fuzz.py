"""Property-based tests: whatever an editor writes, the build refuses it
cleanly or builds a correct site.

Hypothesis writes one file of the fixture site (a new item of any kind,
association.yml or partners.yml) from the fields of the content contract, with
valid values, random scalars, lists, mappings, dates out of range, control
characters and huge strings, then may corrupt the file (truncated, front matter
unclosed, a list instead of fields, empty, a key twice, tabs, another
encoding). The property, for every example:

- the build ends with the site (status 0) or with a ContentError (status 2,
  what ``tadamon build`` prints without a traceback); any other exception,
  or a build running past ``TIME_BOUND`` seconds, fails the test;
- a refusal names only files it was given, and leaves output/ as it was;
- a built site's every page has ``lang`` and ``dir`` on ``<html>`` and parses.

The suite runs a few dozen examples (derandomized, so the same ones every
run); ``invoke fuzz`` runs thousands, in this process too (a build takes a
fraction of a second here, a new Python process a second more):

    python tests/test_fuzz.py --examples 2000
"""

import argparse
import contextlib
import logging
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "plugins")]  # run as a script (invoke fuzz), as under pytest
from conftest import FIXTURE, settings_for  # noqa: E402
from tadamon.cli import build  # noqa: E402
from tadamon.errors import ContentError  # noqa: E402
from tadamon.kinds.contents import KINDS  # noqa: E402
from tadamon.kinds.schema import COMMON  # noqa: E402

TIME_BOUND = 60  # seconds; a build of this site takes well under one
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile(
    "suite", max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=HEALTH
)
settings.register_profile("fuzz", max_examples=2000, deadline=None, database=None, suppress_health_check=HEALTH)
settings.load_profile("suite")

outcomes = Counter()  # refused / built, for ``invoke fuzz``'s summary

# --- what to write ------------------------------------------------------------


class Raw(str):
    """A date written as an editor writes it: without quotes (``!!timestamp`` when
    it is too odd for YAML to take as one, which our loader also leaves as text)."""


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(Raw, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(value)))

# A value each field of the contract accepts, so that most examples stay close
# to a real file and a mistake is in one or two fields.
VALID = {
    "title": "Titre",
    "date": Raw("2026-11-02"),
    "updated": Raw("2026-11-03 10:00"),
    "summary": {"ar": "ملخص", "fr": "Résumé"},
    "image": "images/photo.jpg",
    "image_alt": "Une photo",
    "tags": ["entraide", "quartier"],
    "status": "published",
    "start": Raw("2026-12-05 09:00"),
    "end": Raw("2026-12-05T12:00:00+01:00"),
    "location": {"name": "Salle", "address": "Rue", "map": "https://maps.example.org/x"},
    "online": "https://meet.example.org/x",
    "registration": "https://forms.example.org/x",
    "report": {"participants": 45, "text": "Bien"},
    "stage": "ongoing",
    "beneficiaries": {"count": 120, "description": "Familles"},
    "budget": {"amount": 850000, "currency": "DZD"},
    "partners": ["mairie"],
    "goal": {"amount": 500000, "currency": "DZD"},
    "raised": {"amount": 120000, "as_of": Raw("2026-11-15")},
    "deadline": Raw("2026-12-31"),
    "donate": [{"type": "link", "label": "Don", "url": "https://give.example.org"}],
    "project": "garden",
    "mode": "remote",
    "skills": ["traduction"],
    "commitment": "2 heures",
    "places": 3,
    "apply": {"email": "benevoles@example.org"},
    "activity": "cleanup",
    "campaign": "coats",  # a news post updating a campaign
    "order": 2,
    "lang": "fr",
    "slug": "fuzz",
}

ASSOCIATION = yaml.safe_load((FIXTURE / "association.yml").read_text(encoding="utf-8"))
ASSOCIATION["registration"]["date"] = Raw("2012-03-04")
PARTNER = {
    "id": "mairie",
    "name": {"ar": "البلدية", "fr": "La mairie"},
    "url": "https://mairie.example.org",
    "logo": "images/logo.png",
    "kind": "partner",
}

# Dates as an editor might mistype them, written without quotes.
digits = st.one_of(st.integers(0, 99), st.integers(0, 12), st.integers(25, 31)).map("{:02d}".format)
raw_dates = st.builds(
    "{}-{}-{}{}{}".format,
    st.one_of(st.integers(0, 9999), st.integers(2024, 2030)).map("{:04d}".format),
    digits,
    digits,
    st.one_of(
        st.just(""), st.builds(" {}:{}".format, digits, digits), st.builds("T{}:{}:{}".format, digits, digits, digits)
    ),
    st.one_of(st.just(""), st.just("Z"), st.builds("{}{}:{}".format, st.sampled_from("+-"), digits, digits)),
)
texts = st.text(st.characters(codec="utf-8"), max_size=40)  # control characters included
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.sampled_from(
        [
            "",
            "yes",
            "no",
            "~",
            "null",
            ".inf",
            "-.nan",
            "0x1F",
            "12:30",
            "javascript:alert(1)",
            "data:text/html,x",
            "../../etc/passwd",
            "/etc/passwd",
            "images/nothing.jpg",
            "<script>x</script>",
            "ftp://example.org",
            "https://[::1",
            "mailto:",
            "Europe",
            "a" * 300,
        ]
    ),
    st.sampled_from([999, 1000, 1001, 100_000]).map(lambda n: "x" * n),  # around the bound, and far past it
    raw_dates.map(Raw),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(texts, st.sampled_from(["ar", "fr", "en"])), children, max_size=4),
    ),
    max_leaves=8,
)


@st.composite
def fields_of(draw, valid, required):
    """A mapping of fields: valid values, some replaced by anything, some dropped."""
    names = list(valid)
    present = [n for n in names if n in required or draw(st.booleans())]
    if "image" in present and "image_alt" not in present:
        present.append("image_alt")
    mapping = {name: valid[name] for name in present}
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        if isinstance(valid[name], Raw) or name in ("raised", "registration"):  # a date: mostly a mistyped one
            mapping[name] = draw(st.one_of(raw_dates.map(Raw), raw_dates.map(Raw), values))
        else:
            mapping[name] = draw(values)
    if draw(st.integers(0, 9)) == 0 and mapping:  # a required field missing
        mapping.pop(draw(st.sampled_from(sorted(mapping))))
    return mapping


def dump(data, flow):
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=10**6)


BODIES = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![x](../../../etc/passwd)",
    "![x](../images/photo.jpg)",
    "Copié\x0b d'un PDF\x1b",
    "\u202eبالعربية\u2066",
    "x" * 100_000,
]
CORRUPTIONS = (
    "none",
    "truncate",
    "unclosed",
    "list",
    "empty",
    "duplicate",
    "tabs",
    "cp1256",
    "utf-16",
    "bom-crlf",
    "nul",
)


@st.composite
def corrupted(draw, text):
    """The bytes of ``text``, as they are or broken in one of the ways files break."""
    how = draw(st.sampled_from(CORRUPTIONS[:1] * 6 + CORRUPTIONS[1:]))
    lines = text.split("\n")
    if how == "truncate":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif how == "unclosed" and text.startswith("---\n"):
        text = "\n".join(line for line in lines[1:] if line != "---")
        text = "---\n" + text
    elif how == "list":
        text = "---\n- " + "\n- ".join(lines[1:3]) + "\n---\nT.\n" if text.startswith("---") else "- " + text
    elif how == "empty":
        text = ""
    elif how == "duplicate" and len(lines) > 2:
        text = "\n".join([lines[0], lines[1], *lines[1:]])
    elif how == "tabs":
        text = "\n".join("\t" + line if line.startswith(" ") or ":" in line else line for line in lines)
    elif how == "bom-crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    elif how == "nul":
        position = draw(st.integers(0, len(text)))
        text = text[:position] + "\0" + text[position:]
    elif how in ("cp1256", "utf-16"):
        return text.encode(how, errors="replace")
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def edits(draw):
    """(path relative to content/, bytes): one file of the site written by Hypothesis."""
    target = draw(st.sampled_from([*KINDS, "association", "partners"]))
    flow = draw(st.sampled_from([None, True, False]))
    if target == "association":
        data = draw(fields_of(ASSOCIATION, {"name", "languages", "timezone"}))
        return "association.yml", draw(corrupted(dump(data, flow)))
    if target == "partners":
        partners = draw(st.lists(fields_of(PARTNER, {"id", "name", "kind"}), min_size=1, max_size=3))
        partners[0]["id"] = "mairie"  # the projects' partner stays known, so valid files still build
        data = draw(st.one_of(st.just(partners), values))
        return "partners.yml", draw(corrupted(dump(data, flow)))
    kind = KINDS[target]
    schema = {**COMMON, **kind.schema}
    valid = {name: VALID[name] for name in [*schema, "lang", "slug"]}
    required = {name for name, field in schema.items() if field.required}
    front = dump(draw(fields_of(valid, required)), flow)
    body = draw(st.one_of(st.just("Un texte."), st.text(max_size=200), texts, st.sampled_from(BODIES)))
    return f"{kind.folder}/fuzz.fr.md", draw(corrupted(f"---\n{front}---\n{body}\n"))


# --- the property -------------------------------------------------------------


class Bench:
    """The fixture site and a good build of it, made once; a fresh copy of both per example."""

    def __init__(self, base):
        self.base = Path(base)
        self.output = self.base / "good-output"
        self.caches = {
            "TADAMON_CARDS_CACHE": str(self.base / "cards"),
            "TADAMON_CARDS_WORKERS": 0,
            "TADAMON_IMAGE_CACHE_PATH": str(self.base / "images"),
        }
        build(settings_for(FIXTURE, self.output, CACHE_PATH=str(self.base / "cache"), **self.caches))
        self.published = snapshot(self.output)

    def check(self, relative, data):
        with tempfile.TemporaryDirectory(dir=self.base) as scratch:
            content, output = Path(scratch) / "content", Path(scratch) / "output"
            shutil.copytree(FIXTURE, content)
            (content / relative).write_bytes(data)
            shutil.copytree(self.output, output)
            given = {f"content/{p.relative_to(content).as_posix()}" for p in content.rglob("*")}
            config = settings_for(content, output, CACHE_PATH=str(Path(scratch) / "cache"), **self.caches)
            try:
                with time_bound(TIME_BOUND), logged_tracebacks() as tracebacks:
                    build(config)
            except ContentError as error:  # status 2: printed as a list, no traceback
                outcomes["refused"] += 1
                assert not tracebacks, tracebacks
                assert error.problems
                for problem in error.problems:
                    assert problem.file.split(" (")[0] in given, str(problem)
                assert snapshot(output) == self.published, "a refused build changed output/"
                return
            outcomes["built"] += 1
            assert not tracebacks, tracebacks
            for page in output.rglob("*.html"):
                html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").html
                assert html is not None and html.get("lang") and html.get("dir") in ("rtl", "ltr"), page
                assert html.head is not None and html.body is not None, page


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in Path(folder).rglob("*") if p.is_file()}


@contextlib.contextmanager
def logged_tracebacks():
    """The messages logged with a traceback while the block runs (Pelican logs some errors so)."""
    found = []

    class Catch(logging.Handler):
        def emit(self, record):
            if record.exc_info or record.stack_info:
                found.append(record.getMessage())

    handler = Catch(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        yield found
    finally:
        logging.getLogger().removeHandler(handler)


@contextlib.contextmanager
def time_bound(seconds):
    def stop(_signal, _frame):
        raise TimeoutError(f"the build ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


VALID_ACTIVITY = "---\ntitle: Atelier\nstart: 2026-12-05 09:00\n---\nVenez.\n"


def run(bench):
    @given(edits())
    @example(("activities/fuzz.fr.md", VALID_ACTIVITY.encode()))  # both sides are always reached
    @example(("activities/fuzz.fr.md", VALID_ACTIVITY.replace("12-05", "13-05").encode()))
    def property_holds(edit):
        bench.check(*edit)

    property_holds()


def test_any_file_is_refused_cleanly_or_built_correctly(tmp_path):
    run(Bench(tmp_path))
    assert outcomes["refused"] and outcomes["built"]  # the examples reach both sides


def main():
    parser = argparse.ArgumentParser(description="Run the fuzz property on many examples.")
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args()
    settings.register_profile("fuzz-run", parent=settings.get_profile("fuzz"), max_examples=args.examples)
    settings.load_profile("fuzz-run")
    logging.getLogger().addHandler(logging.NullHandler())  # not every build's warnings (e.g. undated items)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as base:
        try:
            run(Bench(base))
        finally:
            seconds = time.perf_counter() - start
            total = outcomes["refused"] + outcomes["built"]
            print(f"{total} builds in {seconds:.0f} s: {outcomes['refused']} refused, {outcomes['built']} built")


if __name__ == "__main__":
    main()
