"""The in-browser editor's files, fetched the way a site fetches them
(tadamon.admin.vendor, ``tadamon fetch-editor``), without the network.

The registry is a stand-in made here: tarballs laid out as the npm registry
lays them out, holding a small script with every text the fetcher replaces,
served from 127.0.0.1 or read from a folder, with pins of their own. The
package's real pins are held against package-lock.json.
"""

import base64
import contextlib
import functools
import hashlib
import http.server
import io
import json
import socket
import tarfile
import threading
from pathlib import Path

import pytest
from conftest import ROOT, build
from tadamon.admin import CHECKOUT_COMMAND, SCRIPT, fetch_command, vendor
from tadamon.cli import load_settings
from tadamon.cli import main as tadamon

FONT_BYTES = {name: f"wOF2 stand-in of {name}".encode() for name, _path, _url in vendor.FONTS}


def standin_script(version):
    """A script with each text that the copy must not keep (and nothing else of Sveltia's)."""
    fonts = ",".join(f'"{cdn_url}"' for _name, _path, cdn_url in vendor.FONTS)
    return (
        "/* a stand-in of sveltia-cms.js */\n"
        f'var iP="https://unpkg.com/@sveltia/cms",rP="{version}";\n'
        f"fetch({vendor.VERSION_CHECK});\n"
        f"var {vendor.LOCALES};\n"
        f'var backend={{{vendor.STATUS_CHECK}name:"github"}};\n'
        f"var fonts=[{fonts}];\n"
    )


def tgz(files):
    """An npm tarball: every file under package/."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def standin_registry(folder, script=None):
    """Tarballs of every pinned package in ``folder``, at the registry's paths; their pins."""
    real = vendor.read_pins()
    version = real["packages"][vendor.CMS]["version"]
    contents = {
        vendor.CMS: {
            vendor.SCRIPT: (script if script is not None else standin_script(version)).encode(),
            "schema/sveltia-cms.json": b'{"type": "object"}',
            "locales/ar.json": '{"sign_in": "تسجيل الدخول"}'.encode(),
            "locales/fr.json": b'{"sign_in": "Se connecter"}',
            "package.json": json.dumps({"name": vendor.CMS, "version": version}).encode(),
        },
        **{name: {path: FONT_BYTES[name]} for name, path, _url in vendor.FONTS},
    }
    pins = {"packages": {}}
    for name, files in contents.items():
        pin = real["packages"][name]
        data = tgz(files)
        path = Path(folder) / pin["tarball"].removeprefix(vendor.DEFAULT_REGISTRY + "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        pins["packages"][name] = {**pin, "integrity": integrity}
    return pins


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder):
    """``folder`` served on 127.0.0.1; yields (its URL, the paths asked for)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(folder))
    )
    server.requests = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests
    finally:
        server.shutdown()
        server.server_close()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_fetched(folder, version):
    folder = Path(folder)
    script = (folder / SCRIPT).read_text(encoding="utf-8")
    assert f'`data:application/json,{{"version":"{version}"}}`' in script  # no version check at unpkg
    assert vendor.LOCALES_HERE in script and vendor.LOCALES not in script  # translations from locales/
    assert "checkStatus:void 0," in script and vendor.STATUS_CHECK not in script  # no githubstatus.com
    assert "cdn.jsdelivr.net" not in script
    for name, path, _url in vendor.FONTS:
        font = path.rsplit("/", 1)[-1]
        assert f'"fonts/{font}"' in script
        assert (folder / "fonts" / font).read_bytes() == FONT_BYTES[name]
    assert json.loads((folder / "locales" / "ar.json").read_text(encoding="utf-8")) == {"sign_in": "تسجيل الدخول"}
    assert (folder / "locales" / "fr.json").is_file()
    assert (folder / "sveltia-cms.schema.json").is_file()


# --- the pins -----------------------------------------------------------------


def test_the_pins_shipped_in_the_package_are_package_lock_json_s():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    expected = vendor.pins_text(vendor.pins_from_lock(lock))
    assert vendor.PINS.read_text(encoding="utf-8") == expected, "run python tools/vendor_cms.py --pins"
    # ...which are package.json's versions, with a sha512 for each tarball
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    pins = vendor.read_pins()["packages"]
    assert list(pins) == list(vendor.PACKAGES)
    for name, pin in pins.items():
        assert pin["version"] == wanted[name], name
        assert pin["integrity"].startswith("sha512-"), name
        assert pin["tarball"].endswith(f"/{name}/-/{name.split('/')[-1]}-{pin['version']}.tgz"), name


def test_tools_vendor_cms_is_a_wrapper_of_the_package_s_fetcher():
    text = (ROOT / "tools" / "vendor_cms.py").read_text(encoding="utf-8")
    assert "from tadamon.admin import vendor" in text
    for own in ("urllib", "tarfile", "hashlib", "def download", "def replace_once"):
        assert own not in text, own


# --- fetching -----------------------------------------------------------------


def test_the_editor_is_fetched_from_a_registry_checked_and_kept(tmp_path):
    pins = standin_registry(tmp_path / "registry")
    version = pins["packages"][vendor.CMS]["version"]
    with serving(tmp_path / "registry") as (url, requests):
        assert vendor.fetch(tmp_path / "editor", registry=url, pins=pins) == (version, True)
        assert len(requests) == 1 + len(vendor.FONTS)
        assert_fetched(tmp_path / "editor", version)
        # Already there, as pinned: nothing is asked of the registry.
        assert vendor.fetch(tmp_path / "editor", registry=url, pins=pins) == (version, False)
        assert len(requests) == 1 + len(vendor.FONTS)
    # Other pins (a new release): fetched again.
    (tmp_path / "registry2").mkdir()
    other = standin_registry(tmp_path / "registry2", script=standin_script(version) + "// another build\n")
    assert vendor.fetch(tmp_path / "editor", registry=str(tmp_path / "registry2"), pins=other) == (version, True)
    assert "another build" in (tmp_path / "editor" / SCRIPT).read_text(encoding="utf-8")


def test_a_folder_laid_out_like_the_registry_serves_too(tmp_path):
    pins = standin_registry(tmp_path / "registry")
    vendor.fetch(tmp_path / "editor", registry=(tmp_path / "registry").as_uri(), pins=pins)
    assert_fetched(tmp_path / "editor", pins["packages"][vendor.CMS]["version"])


def test_a_tarball_that_is_not_the_pinned_one_is_refused_and_nothing_is_installed(tmp_path):
    pins = standin_registry(tmp_path / "registry")
    name, *_rest = vendor.FONTS[1]
    path = tmp_path / "registry" / pins["packages"][name]["tarball"].removeprefix(vendor.DEFAULT_REGISTRY + "/")
    path.write_bytes(tgz({vendor.FONTS[1][1]: b"something else"}))
    with pytest.raises(vendor.FetchError) as raised:
        vendor.fetch(tmp_path / "editor", registry=str(tmp_path / "registry"), pins=pins)
    assert "is not the pinned one" in str(raised.value) and name in str(raised.value)
    assert not (tmp_path / "editor" / SCRIPT).exists() and not (tmp_path / "editor" / "VERSION").exists()


def test_a_script_that_no_longer_has_a_replaced_text_stops_the_fetch(tmp_path):
    version = vendor.read_pins()["packages"][vendor.CMS]["version"]
    script = standin_script(version).replace(vendor.STATUS_CHECK, "checkStatus:zz,")
    pins = standin_registry(tmp_path / "registry", script=script)
    with pytest.raises(vendor.FetchError, match="no longer contains checkStatus:kye,"):
        vendor.fetch(tmp_path / "editor", registry=str(tmp_path / "registry"), pins=pins)
    assert not (tmp_path / "editor" / SCRIPT).exists()


def test_the_registry_is_the_option_then_tadamon_s_variable_then_npm_s(tmp_path):
    assert vendor.registry_url(environ={}) == vendor.DEFAULT_REGISTRY
    npm = {"NPM_CONFIG_REGISTRY": "https://mirror.example/npm/"}
    assert vendor.registry_url(environ=npm) == "https://mirror.example/npm"
    both = {**npm, "TADAMON_NPM_REGISTRY": "http://127.0.0.1:4873"}
    assert vendor.registry_url(environ=both) == "http://127.0.0.1:4873"
    assert vendor.registry_url("http://127.0.0.1:9/", environ=both) == "http://127.0.0.1:9"
    assert vendor.registry_url(str(tmp_path), environ={}) == tmp_path.as_uri()
    pin = vendor.read_pins()["packages"][vendor.CMS]
    assert (
        vendor.tarball_url(pin, "http://127.0.0.1:9") == f"http://127.0.0.1:9/@sveltia/cms/-/cms-{pin['version']}.tgz"
    )


# --- where: this repository and a site made by tadamon init -----------------------


def test_the_folder_is_vendor_in_the_site_s_folder_for_a_fork_and_an_init_site(tmp_path, monkeypatch):
    fork = load_settings(str(ROOT / "pelicanconf.py"))
    assert vendor.vendor_folder(fork) == ROOT / "vendor" / "sveltia-cms"  # tools/setup.sh fills it, pages.yml caches it
    assert fetch_command(fork) == CHECKOUT_COMMAND

    assert tadamon(["init", str(tmp_path / "site")]) == 0
    monkeypatch.chdir(tmp_path / "site")
    site = load_settings("pelicanconf.py")
    assert vendor.vendor_folder(site) == tmp_path / "site" / "vendor" / "sveltia-cms"
    assert fetch_command(site) == "tadamon fetch-editor"
    assert (
        fetch_command(site, cwd=tmp_path)
        == f"tadamon fetch-editor --into {tmp_path / 'site' / 'vendor' / 'sveltia-cms'}"
    )
    # The setting chooses another folder, relative to the site's folder.
    assert vendor.vendor_folder({**site, "TADAMON_ADMIN_VENDOR": ".cache/editor"}) == tmp_path / "site/.cache/editor"


def test_fetch_editor_in_a_new_site_then_its_build_has_the_editor(tmp_path, monkeypatch, capsys):
    assert tadamon(["init", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    (tmp_path / "registry").mkdir()
    pins = standin_registry(tmp_path / "registry")
    (tmp_path / "pins.json").write_text(json.dumps(pins), encoding="utf-8")
    monkeypatch.setattr(vendor, "PINS", tmp_path / "pins.json")  # the stand-in's pins, as a release ships them
    monkeypatch.chdir(site)
    capsys.readouterr()

    # Nowhere to fetch from: said in the editors' language (the starter's editor_language: fr), status 3.
    monkeypatch.setenv("TADAMON_NPM_REGISTRY", f"http://127.0.0.1:{closed_port()}")
    assert tadamon(["fetch-editor"]) == 3
    err = capsys.readouterr().err
    assert "L'éditeur en ligne n'a pas été téléchargé : impossible de télécharger http://127.0.0.1:" in err, err
    assert not (site / "vendor" / "sveltia-cms" / SCRIPT).exists()

    with serving(tmp_path / "registry") as (url, requests):
        monkeypatch.setenv("TADAMON_NPM_REGISTRY", url)
        assert tadamon(["fetch-editor"]) == 0
        assert requests
    assert str(site / "vendor" / "sveltia-cms") in capsys.readouterr().out
    assert_fetched(site / "vendor" / "sveltia-cms", pins["packages"][vendor.CMS]["version"])
    assert tadamon(["fetch-editor"]) == 0  # already there: no registry needed

    monkeypatch.setenv("GITHUB_REPOSITORY", "association/site")
    built = build(site / "content", tmp_path / "output")
    for path in ("admin/index.html", "admin/config.yml", f"admin/{SCRIPT}", "admin/locales/ar.json"):
        assert built.exists(path), path
    assert built.path.joinpath("admin", SCRIPT).read_bytes() == (site / "vendor" / "sveltia-cms" / SCRIPT).read_bytes()
    assert "association/site" in built.text("admin/config.yml")


def test_a_site_built_without_the_editor_is_told_the_command_in_its_language(tmp_path, monkeypatch, capsys):
    assert tadamon(["init", str(tmp_path / "site")]) == 0
    monkeypatch.chdir(tmp_path / "site")
    monkeypatch.setenv("GITHUB_REPOSITORY", "association/site")
    capsys.readouterr()
    assert tadamon(["build"]) == 0
    err = capsys.readouterr().err
    assert "L'éditeur en ligne (/admin/) a été laissé de côté : son script manque" in err, err
    assert "téléchargez-le avec : tadamon fetch-editor\n" in err
    assert not (tmp_path / "site" / "output" / "admin").exists()
