"""The in-browser editor at /admin/ (Sveltia CMS, tadamon.admin).

- its page loads in Chromium under a sub-path, asks nothing of another site,
  and shows the sign-in; with a test-only configuration (Sveltia's in-memory
  back end) the Arabic form is laid out right to left;
- its configuration is the content contract: every kind, the build's
  required fields, the contract's choices, the site's languages, and it is
  valid against the JSON schema Sveltia ships;
- files written the way the editor writes them (its YAML, its dates, empty
  optional fields as "" or left out, lists, nested objects) build, for every
  kind; a file read and written back unchanged builds the same pages;
- ``new_item`` (``invoke new``) writes every field of the kind.
"""

import datetime
import functools
import http.server
import json
import re
import shutil
import threading

import pytest
import yaml
from conftest import FIXTURE, ROOT, build, settings_for
from demo import SUBPATH, SubPathHandler, missing
from tadamon.admin import SCRIPT
from tadamon.admin.config import cms_config, repository_of
from tadamon.association.model import ASSOCIATION_SCHEMA, BASICS_SCHEMA, PARTNER_SCHEMA, load
from tadamon.config import Config
from tadamon.errors import FieldError
from tadamon.kinds import schema
from tadamon.kinds.contents import KINDS, page_url
from tadamon.kinds.reader import FRONT_MATTER_RE
from tadamon.scaffold import new_item
from tadamon.settings import defaults
from test_browser import SCREENSHOTS, Visit

REPOSITORY = "en-nour/site"
LOCAL_HOST = "127.0.0.1"
# This repository's copy of the editor (tools/vendor_cms.py, run by tools/setup.sh);
# a fixture site's own folder has none: its builds are pointed at this one.
VENDOR = ROOT / "vendor" / "sveltia-cms"


def needs_the_script():
    if not (VENDOR / SCRIPT).is_file():
        missing(f"the editor's script is not in {VENDOR.relative_to(ROOT)}/ (python tools/vendor_cms.py)")


def fixture_with_repository(target):
    """The fixture site, saving to REPOSITORY, with its editor in Arabic (its first language)."""
    shutil.copytree(FIXTURE, target)
    path = target / "association.yml"
    text = re.sub(r"(?m)^editor_language:.*\n", "", path.read_text(encoding="utf-8"))
    path.write_text(text + f"repository: {REPOSITORY}\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The fixture site with /admin/, built for and served under http://127.0.0.1:<port>/tadamon/."""
    needs_the_script()
    base = tmp_path_factory.mktemp("admin")
    content = fixture_with_repository(base / "content")
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), None)
    siteurl = f"http://{LOCAL_HOST}:{server.server_address[1]}{SUBPATH}"
    site = build(content, base / "output", SITEURL=siteurl, TADAMON_ADMIN_VENDOR=str(VENDOR))
    server.RequestHandlerClass = functools.partial(SubPathHandler, directory=str(site.path))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, siteurl, content
    server.shutdown()
    server.server_close()


@pytest.fixture
def editor(browser):
    """A tab in which a request to any other host than the local server is refused and recorded."""
    tab = Visit(browser)
    tab.elsewhere = []

    def only_local(route):
        if route.request.url.startswith(("data:", "blob:")) or f"//{LOCAL_HOST}:" in route.request.url:
            route.continue_()
        else:
            tab.elsewhere.append(route.request.url)
            route.abort()

    tab.page.route("**/*", only_local)
    yield tab
    tab.close()


def config_of(site):
    return yaml.safe_load(site.text("admin/config.yml"))


# --- the page in a browser -------------------------------------------------


def test_the_editor_loads_under_a_sub_path_with_nothing_from_other_sites_and_shows_the_sign_in(served, editor):
    site, siteurl, _content = served
    page = editor.open(f"{siteurl}/admin/")
    sign_in = page.get_by_role("button", name=re.compile("Access Token"))
    sign_in.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert editor.elsewhere == []
    assert editor.problems == []
    # Everything it loaded came from the site, under the sub-path.
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(url.endswith("/admin/config.yml") or "/admin/config.yml?" in url for url in loaded)
    assert all(url.startswith(f"{siteurl}/") for url in loaded if not url.startswith(("data:", "blob:"))), loaded


def test_the_arabic_form_is_laid_out_right_to_left(served, editor):
    """Sveltia's in-memory back end (test-repo), in a test-only configuration,
    opens the form without GitHub; the interface is in Arabic like the browser."""
    site, siteurl, _content = served
    config = config_of(site)
    config["backend"] = {"name": "test-repo"}
    page = editor.page
    page.route(
        re.compile(r".*/admin/config\.yml(\?.*)?$"),
        lambda route: route.fulfill(body=yaml.safe_dump(config, allow_unicode=True), content_type="text/yaml"),
    )
    page.add_init_script("Object.defineProperty(navigator, 'languages', {get: () => ['ar']});")
    page.add_init_script("Object.defineProperty(navigator, 'language', {get: () => 'ar'});")
    editor.open(f"{siteurl}/admin/")
    page.get_by_role("button").first.click()  # work with the test repository
    page.goto(f"{siteurl}/admin/#/collections/activities/new")
    title = page.get_by_text("العنوان", exact=True).first
    title.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-activity-form-ar.png"), full_page=True)

    arabic = page.locator('[lang="ar"][dir="rtl"]').filter(has=page.get_by_text("البداية", exact=True)).first
    assert arabic.count() == 1, "no right-to-left Arabic pane holds the form's fields"
    # The labels start at the right edge of the Arabic pane.
    pane, label = arabic.bounding_box(), arabic.get_by_text("البداية", exact=True).first.bounding_box()
    assert pane["x"] + pane["width"] - (label["x"] + label["width"]) < pane["width"] / 4
    assert editor.elsewhere == []


# --- the configuration ------------------------------------------------------


def widgets(fields):
    """{name: field} of a list of form fields."""
    return {field["name"]: field for field in fields}


def required(fields):
    return {field["name"] for field in fields if field.get("required", True)}


def check_choices(form_fields, contract):
    """Every select offers exactly the contract's choices, down into the parts."""
    checked = 0
    for name, spec in contract.items():
        field = widgets(form_fields)[name]
        options = getattr(spec.parse, "options", None)
        if options:
            assert field["widget"] == "select" and field["options"] == list(options), name
            checked += 1
        parts = schema.PARTS.get(spec.parse) or schema.LISTS_OF_PARTS.get(spec.parse)
        if parts and "fields" in field:
            assert required(field["fields"]) == {n for n, s in parts.items() if s.required}, name
            checked += check_choices(field["fields"], parts)
    return checked


def test_the_configuration_is_the_content_contract(served):
    site, siteurl, content = served
    config = config_of(site)
    association, _problems = load(str(content))
    assert config["backend"] == {"name": "github", "repo": REPOSITORY, "branch": "main", "auth_methods": ["token"]}
    assert config["i18n"]["structure"] == "multiple_files"
    assert config["i18n"]["locales"] == list(association.languages) == ["ar", "fr"]
    assert config["media_folder"] == "content/images"
    collections = widgets(config["collections"])

    choices = 0
    for kind in KINDS.values():
        collection = collections[kind.folder]
        assert collection["folder"] == f"content/{kind.folder}" and collection["i18n"] is True
        contract = {**schema.COMMON, **kind.schema}
        fields = collection["fields"]
        assert set(widgets(fields)) == set(contract) | {"body"}, kind.kind
        assert required(fields) == {n for n, s in contract.items() if s.required}, kind.kind
        choices += check_choices(fields, contract)
        # What is the same in every language is copied from the first language's form.
        for name in ("start", "deadline", "goal", "stage", "mode", "image"):
            if name in contract:
                assert widgets(fields)[name]["i18n"] == "duplicate", name
    assert choices >= 7  # status of each kind, stage, mode, the donate type

    form = widgets(config["collections"])["settings"]["files"]
    association_form, partners_form = widgets(form)["association"], widgets(form)["partners"]
    assert association_form["file"] == "content/association.yml"
    contract = {**BASICS_SCHEMA, **ASSOCIATION_SCHEMA}
    assert set(widgets(association_form["fields"])) == set(contract)
    assert required(association_form["fields"]) == {"name", "languages", "timezone"}
    partner = partners_form["fields"][0]
    assert partner["root"] is True and required(partner["fields"]) == {"id", "name", "kind"}
    check_choices(partner["fields"], PARTNER_SCHEMA)
    # References: a project is chosen among the projects, partners among partners.yml's.
    volunteer = widgets(collections["volunteer"]["fields"])
    assert volunteer["project"]["widget"] == "relation" and volunteer["project"]["collection"] == "projects"
    assert widgets(collections["projects"]["fields"])["partners"]["options"] == ["mairie"]

    # Every field of the contract has a form of its own kind (none fell back to a text input).
    assert cms_config(association, settings_for(content, site.path), REPOSITORY).unmapped == []


def test_the_configuration_is_valid_for_sveltia(served):
    jsonschema = pytest.importorskip("jsonschema")
    site, _siteurl, _content = served
    validator = jsonschema.Draft7Validator(json.loads((VENDOR / "sveltia-cms.schema.json").read_text()))
    config = config_of(site)
    assert [error.message for error in validator.iter_errors(config)] == []
    config["i18n"]["structure"] = "one_file_per_kind"
    assert list(validator.iter_errors(config)), "the schema checks values"


def test_the_repository_is_the_one_being_built_on_github_actions(served):
    _site, _siteurl, content = served
    association, _problems = load(str(content))
    assert repository_of(association, {"GITHUB_REPOSITORY": "fork-owner/fork"}) == "fork-owner/fork"
    assert repository_of(association, {}) == REPOSITORY


def test_the_page_and_its_links_are_under_the_sub_path(served):
    site, siteurl, _content = served
    page = site.soup("admin/")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.find("link", rel="cms-config-url")["href"] == f"{SUBPATH}/admin/config.yml"
    assert page.find("script")["src"] == f"{SUBPATH}/admin/{SCRIPT}"
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert config_of(site)["site_url"] == f"{siteurl}/"
    # Visitors are never sent there, and search engines are not told about it.
    assert "admin" not in site.text("sitemap.xml")
    assert not any("/admin/" in (a.get("href") or "") for a in site.soup("").find_all("a"))


def test_without_the_script_the_site_builds_and_says_how_to_fetch_it(tmp_path, caplog):
    content = fixture_with_repository(tmp_path / "content")
    site = build(content, tmp_path / "output", TADAMON_ADMIN_VENDOR=str(tmp_path / "nothing"))
    assert site.exists("index.html") and not site.exists("admin/index.html")
    assert f"fetch it with: tadamon fetch-editor --into {tmp_path / 'nothing'}" in caplog.text


# --- what the editor writes -------------------------------------------------

PLAIN_RE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")
AMBIGUOUS_RE = re.compile(r"^(true|false|yes|no|on|off|null|~|[-+]?[\d.]+(e[-+]?\d+)?)$", re.I)


def sveltia_yaml(value, indent=""):
    """Lines of YAML the way Sveltia writes them (the `yaml` library, block style,
    indented sequences, strings plain unless they would read as something else,
    then double-quoted)."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines += [f"{indent}{key}:", *sveltia_yaml(item, indent + "  ")]
            else:
                lines.append(f"{indent}{key}: {scalar(item)}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict):
            first, *rest = sveltia_yaml(item, indent + "  ")
            lines += [f"{indent}- {first.strip()}", *rest]
        else:
            lines.append(f"{indent}- {scalar(item)}")
    return lines


def scalar(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    text = str(value)
    if text and PLAIN_RE.match(text) and ": " not in text and not AMBIGUOUS_RE.match(text) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)


def cms_file(front_matter, body):
    return "\n".join(["---", *sveltia_yaml(front_matter), "---", "", body, ""])


SAMPLE_TEXTS = {
    "ar": 'نص للتجربة: مع نقطتين و"علامات"',
    "fr": "Texte d'essai : avec « guillemets » et # dièse",
}
SAMPLE_VALUES = {
    "online": "https://meet.example.org/x",
    "registration": "https://forms.example.org/x",
    "map": "https://maps.example.org/?q=1",
    "url": "https://example.org/x",
    "email": "benevoles@example.org",
    "phone": "+213 555 12 34 56",
    "whatsapp": "+213 555 12 34 56",
    "currency": "DZD",
    "image": "/images/photo.jpg",  # how the image widget writes it (public_folder /images)
    "project": "garden",
    "activity": "cleanup",
    "campaign": "coats",
}


ABSENT = object()  # an optional field the editor left empty and did not write
# Given even in the files with empty optional fields: a photo comes with its
# description, and a call for volunteers with at least one way to apply.
ALWAYS_GIVEN = ("image", "image_alt", "email")


def sample(field, lang, empty):
    """The value the editor writes for a field: filled in, or for an optional one
    left empty, ``empty`` ("", or ABSENT; None: every field filled in)."""
    widget = field.get("widget", "string")
    if empty is not None and not field.get("required", True) and field["name"] not in ALWAYS_GIVEN:
        return empty
    if field["name"] in SAMPLE_VALUES:
        return SAMPLE_VALUES[field["name"]]
    if widget == "select":
        return field["options"][:1] if field.get("multiple") else field["options"][-1]
    if widget == "datetime":
        return "2026-12-05" if field.get("type") == "date" else "2026-12-05 14:30"
    if widget == "number":
        return 45 if field.get("value_type") == "int" else 500000.5
    if widget == "list" and "fields" in field:
        return [{"type": "link", "label": SAMPLE_TEXTS[lang], "url": "https://give.example.org"}]
    if widget == "list":
        return ["تجربة", "deux mots", "2026"]
    if widget == "object":
        parts = {part["name"]: sample(part, lang, empty) for part in field["fields"]}
        return {name: value for name, value in parts.items() if value is not ABSENT}
    return SAMPLE_TEXTS[lang]


def url_of(kind, lang, slug):
    settings = {**defaults(), "TADAMON_CONFIG": Config(siteurl="", default_lang="ar")}
    return page_url(kind, lang, settings, slug=slug)


@pytest.mark.parametrize("empty", [None, "", ABSENT], ids=["all-filled-in", "empty-as-blank", "empty-left-out"])
def test_files_written_the_way_the_editor_writes_them_build_for_every_kind(tmp_path, empty):
    needs_the_script()
    content = fixture_with_repository(tmp_path / "content")
    first = build(content, tmp_path / "first", TADAMON_ADMIN_VENDOR=str(VENDOR))  # this very site's configuration
    collections = widgets(config_of(first)["collections"])
    written = {}
    for kind in KINDS.values():
        for lang in ("ar", "fr"):
            values = {
                field["name"]: sample(field, lang, empty)
                for field in collections[kind.folder]["fields"]
                if field["name"] != "body"
            }
            values = {name: value for name, value in values.items() if value is not ABSENT}
            values["title"] = f"{kind.kind} {lang} CMS"
            path = content / kind.folder / f"from-the-editor.{lang}.md"
            path.write_text(cms_file(values, "Un paragraphe.\n\n![Une photo](../images/photo.jpg)"), encoding="utf-8")
            written[(kind.kind, lang)] = path
    assert "start: 2026-12-05 14:30" in written[("activity", "fr")].read_text(encoding="utf-8")

    site = build(content, tmp_path / "output")
    for (kind, lang), path in written.items():
        page = site.soup(url_of(kind, lang, "from-the-editor"))
        assert page.find("h1").get_text(strip=True) == f"{kind} {lang} CMS", path.name
        assert page.html["lang"] == lang


def rewrite_as_the_editor(path, edit=None):
    """Read a file's YAML and write it back in the editor's style, after ``edit(data)``."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yml":
        data = yaml.safe_load(text)
        path.write_text("\n".join(sveltia_yaml(edit(data) if edit else data)) + "\n", encoding="utf-8")
        return
    match = FRONT_MATTER_RE.match(text)
    data = yaml.safe_load(match.group(1))
    path.write_text(cms_file(edit(data) if edit else data, text[match.end() :].strip()), encoding="utf-8")


def test_every_file_read_and_written_back_by_the_editor_builds_the_same_site(tmp_path):
    """The editor loads a file's YAML and writes it again in its own style: no
    page changes; an edited field shows its new value, for every kind."""
    original = build(FIXTURE, tmp_path / "original")
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    files = sorted(content.glob("*/*.md")) + [content / "association.yml", content / "partners.yml"]
    assert {path.parent.name for path in files} >= {kind.folder for kind in KINDS.values()}
    for path in files:
        rewrite_as_the_editor(path)
    rewritten = build(content, tmp_path / "rewritten")
    assert rewritten.pages() == original.pages()
    assert [page for page in original.pages() if original.text(page) != rewritten.text(page)] == []

    edited = {}
    for kind in KINDS.values():
        published = (p for p in sorted((content / kind.folder).glob("*.fr.md")) if "status: draft" not in p.read_text())
        path = next(published)
        rewrite_as_the_editor(path, lambda data: {**data, "title": "Édité : " + data["title"]})
        edited[kind.kind] = path.name.split(".")[0]
    again = build(content, tmp_path / "edited")
    for kind, slug in edited.items():
        assert again.soup(url_of(kind, "fr", slug)).find("h1").get_text(strip=True).startswith("Édité : "), kind


# --- invoke new / tadamon new ----------------------------------------------


def test_new_item_writes_every_field_of_the_kind_in_each_language(tmp_path):
    content = fixture_with_repository(tmp_path / "content")
    paths = new_item(content, "volunteer", "winter-drive", ("ar", "fr"))
    assert [p.name for p in paths] == ["winter-drive.ar.md", "winter-drive.fr.md"]
    text = paths[1].read_text(encoding="utf-8")
    for name, spec in {**schema.COMMON, **schema.VOLUNTEER}.items():
        line = next(line for line in text.splitlines() if re.match(rf"^(# )?{name}:", line))
        assert bool(re.search(r"# required(:|$)", line)) == spec.required, line
    assert "remote, onsite, hybrid" in text and "2026-12-05" in text


def test_a_new_item_builds_once_its_required_fields_are_filled_in(tmp_path):
    content = fixture_with_repository(tmp_path / "content")
    for path in new_item(content, "activity", "winter-drive", ("ar", "fr")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("title:  # required", "title: Collecte  # required")
        text = text.replace("start:  # required", "start: 2026-12-20 10:00  # required")
        path.write_text(text, encoding="utf-8")
    site = build(content, tmp_path / "output", TADAMON_ADMIN_VENDOR=str(tmp_path / "none"))
    # A new item is a draft until its editor says otherwise: not published, and the build passes.
    assert not site.exists("activities/winter-drive/index.html")
    for path in (content / "activities").glob("winter-drive.*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"))
    site = build(content, tmp_path / "published", TADAMON_ADMIN_VENDOR=str(tmp_path / "none"))
    assert site.soup("fr/activities/winter-drive/").find("h1").get_text(strip=True) == "Collecte"


@pytest.mark.parametrize(
    ("kind", "slug", "says"),
    [("activity", "Winter Coats", "cannot be a file name"), ("event", "x", "unknown kind"), ("news", "", "file name")],
)
def test_new_item_refuses_a_bad_slug_or_kind(tmp_path, kind, slug, says):
    with pytest.raises(FieldError, match=says):
        new_item(tmp_path, kind, slug, ("ar", "fr"))


def test_new_item_never_overwrites_a_file(tmp_path):
    content = fixture_with_repository(tmp_path / "content")
    before = (content / "activities" / "cleanup.fr.md").read_text(encoding="utf-8")
    with pytest.raises(FieldError, match="cleanup.ar.md already exists"):
        new_item(content, "activity", "cleanup", ("ar", "fr"))
    assert (content / "activities" / "cleanup.fr.md").read_text(encoding="utf-8") == before
