"""Search (Pagefind) and the calls filter, in Chromium, on a site of their own.

The site is built into a temporary folder from content written here, served
on 127.0.0.1 under a sub-path (as GitHub Pages serves a project site), and
visited with the browser of ``test_browser.py``.
"""

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import build
from demo import SUBPATH, SubPathHandler, missing
from tadamon.search.calls import commitment_hours
from test_browser import PHONE

ARABIC_TITLE = "حَمْلَةُ الشِّتَاءِ لِلْأَطْفَالِ"  # "the winter campaign for children", with its vowel marks
FRENCH_TITLE = "Secourisme pour l'été"

ASSOCIATION = """\
name: {ar: "جمعية البحث", fr: "Association Recherche"}
languages: [ar, fr]
timezone: Africa/Algiers
contact: {email: contact@example.org}
"""

CALLS = {
    # slug: (mode, French title, skills, commitment)
    "translation": ("remote", "Traduire nos affiches", ["traduction"], "2 heures par semaine"),
    "phone": ("remote", "Appeler les donateurs", ["téléphone"], "Trois samedis"),
    "sorting": ("onsite", "Trier les vêtements", ["logistique"], "Un samedi, de 9 h à 13 h"),
    "caravan": ("hybrid", "Préparer la caravane médicale", ["logistique", "téléphone"], "Une journée"),
    "welcome": ("onsite", "Accueillir les visiteurs", ["accueil"], "Une heure, quand vous voulez"),
}
REMOTE = {"Traduire nos affiches", "Appeler les donateurs"}
SHORT = {"Traduire nos affiches", "Accueillir les visiteurs"}


def write_site(content):
    files = {
        "association.yml": ASSOCIATION,
        "campaigns/winter.ar.md": f"""---
title: "{ARABIC_TITLE}"
goal: {{amount: 500000, currency: DZD}}
deadline: 2027-01-31
---
نجمع المعاطف والأغطية قبل البرد.
""",
        "campaigns/winter.fr.md": """---
title: "Des manteaux pour les enfants"
goal: {amount: 500000, currency: DZD}
deadline: 2027-01-31
---
Nous collectons des manteaux et des couvertures avant le froid.
""",
        "activities/first-aid.fr.md": f"""---
title: "{FRENCH_TITLE}"
start: 2026-12-12 09:00
location: {{name: "Maison des jeunes"}}
---
Une matinée pour apprendre les gestes qui sauvent.
""",
        "activities/first-aid.ar.md": """---
title: "دورة في الإسعافات الأولية"
start: 2026-12-12 09:00
location: {name: "دار الشباب"}
---
صبيحة لتعلم الحركات التي تنقذ الأرواح.
""",
    }
    for slug, (mode, title, skills, commitment) in CALLS.items():
        files[f"volunteer/{slug}.fr.md"] = f"""---
title: "{title}"
deadline: 2027-03-01
mode: {mode}
skills: {skills!r}
commitment: "{commitment}"
apply: {{email: benevoles@example.org}}
---
Merci.
"""
    files["activities/webinar.fr.md"] = """---
title: "Webinaire : accueillir les nouveaux bénévoles"
start: 2026-12-20 18:00
online: https://meet.example.org/accueil
---
En ligne.
"""
    files["activities/october-meeting.fr.md"] = """---
title: "Réunion d'octobre"
start: 2026-10-03 10:00
location: {name: "Local de l'association"}
---
Passée.
"""
    files["volunteer/translation.ar.md"] = """---
title: "ترجمة ملصقاتنا"
deadline: 2027-03-01
mode: remote
skills: ["ترجمة"]
commitment: "ساعتان في الأسبوع"
apply: {email: benevoles@example.org}
---
شكرا.
"""
    for name, text in files.items():
        path = Path(content) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class Served:
    def __init__(self, site, url):
        self.site, self.url = site, url  # the built Site, and its address (no trailing slash)


def serve(tmp_path_factory, name, **settings):
    """The site, built for and served at http://127.0.0.1:<port>/tadamon/ until the tests end."""
    base = tmp_path_factory.mktemp(name)
    write_site(base / "content")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    site = build(base / "content", base / "output", SITEURL=siteurl, TADAMON_CARDS_WORKERS=0, **settings)
    server.RequestHandlerClass = functools.partial(SubPathHandler, directory=str(site.path))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(site, siteurl)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from serve(tmp_path_factory, "search")


SETTLED = """(words) => {
  const summary = document.querySelector("pagefind-modal pagefind-summary");
  const text = summary ? summary.textContent.trim() : "";
  return text.includes(words) && !/(\\.\\.\\.|…)$/.test(text);  // not "Searching for ..."
}"""


def search(page, words):
    """Open the header's search and type ``words``; return the paths of the results."""
    box = page.locator("pagefind-modal input[type=search]")
    if not box.is_visible():
        page.locator("[data-search-open]").click()
    box.wait_for(state="visible")
    box.fill(words)
    page.wait_for_function(SETTLED, arg=words)
    said = page.locator("pagefind-modal pagefind-summary").inner_text()
    count = int(found.group()) if (found := re.match(r"\d+", said.strip())) else 0  # "2 résultats pour ..."
    links = page.locator("pagefind-results a.pf-result-link")
    if count:
        links.nth(count - 1).wait_for(state="attached")
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]


def watch_requests(page):
    """Every address the page asks for from now on."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def real_problems(tab):
    # Without a logo, Chromium asks for /favicon.ico, outside the sub-path.
    return [p for p in tab.problems if "favicon.ico" not in p and "status of 404" not in p]


def test_an_arabic_word_of_a_title_is_found_with_and_without_vowel_marks_on_the_arabic_site_only(visit, served):
    for words in ("الشتاء", "الشِّتَاءِ", "حملة"):
        page = visit.open(f"{served.url}/")
        assert search(page, words) == [f"{SUBPATH}/campaigns/winter/"], words
        assert real_problems(visit) == []
    page = visit.open(f"{served.url}/fr/")
    assert search(page, "الشتاء") == []
    assert search(page, "manteaux") == [f"{SUBPATH}/fr/campaigns/winter/"]  # the French page is found in French


def test_a_french_word_is_found_with_and_without_its_accents(visit, served):
    for words in ("été", "ete", "secourisme"):
        page = visit.open(f"{served.url}/fr/")
        assert search(page, words) == [f"{SUBPATH}/fr/activities/first-aid/"], words
    page = visit.open(f"{served.url}/")
    assert search(page, "secourisme") == []  # the Arabic site searches the Arabic pages


def test_a_word_of_a_page_body_finds_that_page_under_its_title_in_arabic_and_in_french(visit, served):
    """What visitors get from the index: words of the text (not only of titles) find their page,
    shown under its own title; what is not the page's own text (its share links) finds nothing."""
    for start, words, path, title in (
        ("/", "المعاطف", "/campaigns/winter/", ARABIC_TITLE),
        ("/", "الأرواح", "/activities/first-aid/", "دورة في الإسعافات الأولية"),
        ("/fr/", "couvertures", "/fr/campaigns/winter/", "Des manteaux pour les enfants"),
        ("/fr/", "gestes", "/fr/activities/first-aid/", FRENCH_TITLE),
    ):
        page = visit.open(f"{served.url}{start}")
        assert search(page, words) == [f"{SUBPATH}{path}"], words
        shown = page.locator("pagefind-results a.pf-result-link").first.inner_text()
        assert shown.strip() == title, words
    page = visit.open(f"{served.url}/fr/")
    assert search(page, "Telegram") == []  # in every page's share links, excluded from the index
    assert real_problems(visit) == []


def test_a_search_asks_only_this_site_under_its_sub_path(visit, served):
    """And what it downloads, for the record (uncompressed bytes; GitHub Pages compresses the scripts)."""
    page = visit.open(f"{served.url}/fr/volunteer/")
    asked = watch_requests(page)
    sizes = []
    page.on("response", lambda response: sizes.append(int(response.headers.get("content-length", 0))))
    assert search(page, "traduire") == [f"{SUBPATH}/fr/volunteer/translation/"]
    origin = urlsplit(served.url)
    assert asked and {urlsplit(url).netloc for url in asked} == {origin.netloc}
    assert all(urlsplit(url).path.startswith(f"{SUBPATH}/pagefind/") for url in asked), asked
    assert real_problems(visit) == []
    print(f"a first search downloads {len(asked)} files, {sum(sizes)} bytes")


IN_PARTS = {"TADAMON_SEARCH_SHARD_PAGES": 2}  # the French pages (9) in 5 parts, the Arabic (3) in 2


@pytest.fixture(scope="module")
def served_in_parts(tmp_path_factory):
    """The same site, its index in parts of two pages at most."""
    yield from serve(tmp_path_factory, "parts", **IN_PARTS)


def test_a_search_finds_the_pages_of_every_part_of_a_large_languages_index(visit, served_in_parts):
    """A language indexed in parts is searched as one: the UI merges the other parts."""
    import json

    bundle = served_in_parts.site.path / "pagefind"
    merged = {}
    for lang, home in (("ar", ""), ("fr", "fr/")):
        box = served_in_parts.site.soup(f"{home}index.html").select_one("[data-search-parts]")
        urls = json.loads(box["data-search-parts"])
        merged[lang] = [urlsplit(url).path.removeprefix(f"{SUBPATH}/pagefind/") for url in urls]
    assert len(merged["fr"]) >= 2 and all(part.startswith("fr-") for part in merged["fr"]), merged
    parts = sorted(p.name + "/" for p in bundle.iterdir() if p.is_dir() and "-" in p.name)
    assert parts == sorted(merged["ar"] + merged["fr"])  # every part the pages merge, and no other
    for part in parts:
        files = {p.name for p in (bundle / part).iterdir()}
        assert "pagefind-entry.json" in files and not [f for f in files if f.endswith(".js") or "wasm" in f]
    page = visit.open(f"{served_in_parts.url}/fr/")
    calls = {f"{SUBPATH}/fr/volunteer/{slug}/" for slug in CALLS}
    assert set(search(page, "merci")) == calls  # the five calls, in several parts
    assert search(page, "gestes") == [f"{SUBPATH}/fr/activities/first-aid/"]
    page = visit.open(f"{served_in_parts.url}/")
    assert search(page, "المعاطف") == [f"{SUBPATH}/campaigns/winter/"]
    assert search(page, "merci") == []  # the Arabic index, in its two parts, holds no French page
    assert real_problems(visit) == []


def test_a_change_indexes_again_only_the_part_of_the_page_that_changed(tmp_path, indexed):
    runs = indexed
    content, output = tmp_path / "content", tmp_path / "output"
    write_site(content)
    build(content, output, TADAMON_CARDS_WORKERS=0, **IN_PARTS)
    parts = len(runs)
    assert parts >= 4  # each language in parts
    page = content / "activities" / "first-aid.fr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Secourisme", "Sauvetage"), encoding="utf-8")
    build(content, output, TADAMON_CARDS_WORKERS=0, **IN_PARTS)
    assert len(runs) == parts + 1, "one French page changed: its part only is indexed again"
    _work, _options, pages = runs[-1]
    assert "fr/activities/first-aid/index.html" in pages and len(pages) < 9, pages  # not every French page


def test_an_editors_change_is_indexed_while_the_other_pages_are_written(tmp_path, indexed, monkeypatch):
    """Its part's index begins as soon as its page is written, with the part's other
    pages as the last build left them: at that moment the list that shows its
    title still says the old one."""
    import tadamon.search.index as search_index

    content, output = tmp_path / "content", tmp_path / "output"
    write_site(content)
    settings = dict(IN_PARTS, TADAMON_CARDS_WORKERS=0, CACHE_CONTENT=True)  # the cache tells which file changed
    build(content, output, **settings)
    listing = output / "fr" / "activities" / "index.html"
    seen = []
    indexer = search_index.Indexer
    monkeypatch.setattr(search_index, "Indexer", lambda *args: seen.append(listing.read_text()) or indexer(*args))
    page = content / "activities" / "first-aid.fr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Secourisme", "Sauvetage"), encoding="utf-8")
    site = build(content, output, **settings)
    assert len(seen) == 1 and "Secourisme" in seen[0] and "Sauvetage" not in seen[0]
    assert "Sauvetage" in site.text("fr/activities/index.html")  # the list, written after
    assert "Sauvetage" in "".join(fragments(site.path))  # the index holds the new title


def fragments(output):
    """The text of every page of the French parts of the search bundle."""
    import gzip

    found = sorted(output.glob("pagefind/**/fragment/fr_*.pf_fragment"))
    return [gzip.decompress(path.read_bytes()).decode("utf-8") for path in found]


def cards(page):
    """The titles of the calls a visitor sees."""
    links = page.locator("main [data-filter-mode] :is(h2, h3) a").all()
    return {a.inner_text() for a in links if a.is_visible()}


def test_choosing_remote_leaves_only_remote_calls_and_says_so_in_the_address(visit, served):
    page = visit.open(f"{served.url}/fr/volunteer/")
    every = {title for _mode, title, _skills, _time in CALLS.values()}
    assert cards(page) == every
    page.get_by_label("Modalité").select_option("remote")
    assert cards(page) == REMOTE  # hybrid calls are not remote: they need someone on site
    assert urlsplit(page.url).query == "mode=remote"
    assert page.get_by_role("status").inner_text().endswith(str(len(REMOTE)))

    shared = visit.open(f"{served.url}/fr/volunteer/?mode=remote")  # the address shared with a friend
    assert cards(shared) == REMOTE
    assert shared.get_by_label("Modalité").input_value() == "remote"
    shared.get_by_role("button", name="Afficher tous les appels").click()
    shared.wait_for_function("() => location.search === ''")
    assert cards(shared) == every
    assert real_problems(visit) == []


def test_calls_are_filtered_by_skill_and_by_a_short_commitment(visit, served):
    page = visit.open(f"{served.url}/fr/volunteer/?skill=logistique")
    assert cards(page) == {"Trier les vêtements", "Préparer la caravane médicale"}
    page.get_by_label("Compétence").select_option("")
    page.get_by_label("Quelques heures au plus").check()
    assert cards(page) == SHORT
    assert urlsplit(page.url).query == "time=short"
    page.get_by_label("Modalité").select_option("hybrid")
    assert cards(page) == set()
    assert page.get_by_role("status").inner_text() == "Aucun appel ne correspond à ces choix."


def test_activities_are_filtered_by_online_or_on_site_and_upcoming(visit, served):
    def shown(page):
        links = page.locator("main [data-filter-when] :is(h2, h3) a").all()
        return {a.inner_text() for a in links if a.is_visible()}

    page = visit.open(f"{served.url}/fr/activities/")
    every = {FRENCH_TITLE, "Webinaire : accueillir les nouveaux bénévoles", "Réunion d'octobre"}
    assert shown(page) == every
    page.get_by_label("Participation").select_option("online")
    assert shown(page) == {"Webinaire : accueillir les nouveaux bénévoles"}
    page.get_by_label("Participation").select_option("onsite")
    page.get_by_label("À venir seulement").check()
    assert shown(page) == {FRENCH_TITLE}
    assert urlsplit(page.url).query == "where=onsite&when=upcoming"
    assert not page.get_by_role(
        "heading", name="Activités passées"
    ).is_visible()  # the emptied group's heading goes too
    assert real_problems(visit) == []


def test_without_javascript_the_calls_page_lists_every_call_and_shows_no_search_or_filter(browser, visit, served):
    page = browser.new_page()
    try:
        browser.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.set_viewport_size(PHONE)  # where a button that appears would push the menu down a line
        page.goto(f"{served.url}/fr/volunteer/?mode=remote")
        titles = {a.inner_text() for a in page.locator("main article h2 a, main article h3 a").all() if a.is_visible()}
        assert titles == {title for _mode, title, _skills, _time in CALLS.values()}
        assert not page.locator("form[data-list-filter]").is_visible()
        assert not page.locator("[data-search-open]").is_visible()
        without_scripts = page.locator("main article").first.bounding_box()
    finally:
        page.close()
    # The filter and the search button appear in a space kept for them: nothing moves.
    with_scripts = visit.open(f"{served.url}/fr/volunteer/", PHONE)
    assert with_scripts.locator("[data-search-open]").is_visible()
    assert with_scripts.locator("form[data-list-filter]").is_visible()
    assert with_scripts.locator("main article").first.bounding_box()["y"] == without_scripts["y"]


def test_remote_or_short_calls_carry_a_micro_volunteering_badge(served):
    soup = served.site.soup("fr/volunteer/")
    badged = {
        card.find(["h2", "h3"]).get_text(strip=True)
        for card in soup.select("article[data-filter-mode]")
        if card.select_one(".badge.micro")
    }
    assert badged == REMOTE | SHORT
    assert soup.select_one(".badge.micro").get_text(strip=True) == "Micro-bénévolat"


@pytest.fixture
def indexed(monkeypatch):
    """The arguments of every Pagefind run (work folder, options, pages), as they start."""
    import tadamon.search.index as search_index

    runs = []
    indexer = search_index.Indexer
    monkeypatch.setattr(search_index, "Indexer", lambda *args: runs.append(args) or indexer(*args))
    return runs


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("2 heures par semaine", 2),
        ("ساعتان في الأسبوع، من ديسمبر 2026 إلى مارس 2027", 2),
        ("٣ ساعات", 3),
        ("30 minutes", 0.5),
        ("half an hour per week", 0.5),
        ("Une heure, quand vous voulez", 1),
        ("Un samedi, de 9 h à 13 h", None),  # a shift at set hours
        ("يوم سبت واحد، من 9:00 إلى 13:00", None),
        ("2 réunions d'une heure et la journée du samedi", None),  # a whole day too
        ("Trois samedis", None),  # no duration said
        ("", None),
    ],
)
def test_a_short_commitment_is_read_only_from_a_stated_duration(text, hours):
    assert commitment_hours(text) == hours


def test_indexing_is_skipped_when_no_indexed_page_changed(tmp_path, indexed):
    runs = indexed
    content, output = tmp_path / "content", tmp_path / "output"
    write_site(content)

    def bundle():
        return {
            p.relative_to(output).as_posix(): p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()
        }

    build(content, output, TADAMON_CARDS_WORKERS=0)
    first = bundle()
    assert len(runs) == 2 and "pagefind/pagefind-component-ui.js" in first  # one index per language
    assert {"ar", "fr"} == {name.split("/")[-1].split("_")[0] for name in first if name.startswith("pagefind/index/")}
    assert not any(name.startswith("pagefind/pagefind-ui") for name in first)  # the UIs the theme does not use

    build(content, output, TADAMON_CARDS_WORKERS=0)
    assert len(runs) == 2, "nothing changed, yet Pagefind ran again"
    assert bundle() == first  # the same index, published again from the cache

    page = content / "activities" / "first-aid.fr.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Secourisme", "Sauvetage"), encoding="utf-8")
    build(content, output, TADAMON_CARDS_WORKERS=0)
    assert len(runs) == 3, "one French page changed: the French pages only are indexed again"
    again = bundle()

    def of(lang, files):
        return {name: data for name, data in files.items() if f"{lang}_" in name or f".{lang}." in name}

    assert of("ar", again) == of("ar", first) and of("fr", again) != of("fr", first)
    assert len(list((tmp_path / "cache" / "search").iterdir())) == 2  # the old French index is forgotten


def test_pagefind_makes_the_same_index_from_the_indexed_parts_as_from_the_whole_pages(served, tmp_path):
    """Pagefind is given each page's <html> tag and <main> only: the bundle must be
    the one it makes from the whole pages, byte for byte (if the theme ever puts
    something Pagefind reads outside <main>, this fails)."""
    import json
    import subprocess

    from tadamon.search.index import indexed_part, pagefind_binary

    options = {"root_selector": "main", "exclude_selectors": [".share", ".grid"]}
    pages = [p for p in served.site.path.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10

    def bundle(name, transform):
        work = tmp_path / name
        for page in pages:
            target = work / "site" / page.relative_to(served.site.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(transform(page.read_bytes()))
        (work / "pagefind.json").write_text(json.dumps(dict(options, site="site", output_path="bundle", quiet=True)))
        subprocess.run([pagefind_binary()], cwd=work, check=True, capture_output=True)
        files = (p for p in (work / "bundle").rglob("*") if p.is_file())
        return {p.relative_to(work / "bundle").as_posix(): p.read_bytes() for p in files}

    whole, parts = bundle("whole", lambda data: data), bundle("parts", indexed_part)
    assert any(name.startswith("fragment/") for name in whole)
    assert sorted(parts) == sorted(whole)
    entry = "pagefind-entry.json"  # its languages in any order, from one run to the next
    assert json.loads(parts.pop(entry)) == json.loads(whole.pop(entry))
    assert [name for name in whole if parts[name] != whole[name]] == []


def test_a_change_outside_main_indexes_nothing_again(tmp_path, indexed):
    runs = indexed
    content, output = tmp_path / "content", tmp_path / "output"
    write_site(content)
    build(content, output, TADAMON_CARDS_WORKERS=0)
    assert len(runs) == 2
    before = (output / "fr" / "activities" / "first-aid" / "index.html").read_text(encoding="utf-8")
    association = content / "association.yml"
    association.write_text(association.read_text().replace("contact@", "bureau@"), encoding="utf-8")
    build(content, output, TADAMON_CARDS_WORKERS=0)
    after = (output / "fr" / "activities" / "first-aid" / "index.html").read_text(encoding="utf-8")
    assert "bureau@example.org" in after and after != before  # the footer of every page changed...
    assert len(runs) == 2  # ...and nothing Pagefind reads did


def _page(folder, relative, lang, text):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!doctype html><html lang="{lang}"><head><title>x</title></head><body><nav>Menu</nav>'
        f"<main><h1>{text}</h1><p>{text} texte</p></main><footer>Pied</footer></body></html>",
        encoding="utf-8",
    )
    return (str(path), relative)


def test_an_index_started_early_is_made_again_if_a_page_changes_before_the_end(tmp_path):
    import gzip

    from tadamon.search.index import IndexStore

    options = {"root_selector": "main", "exclude_selectors": []}
    site = tmp_path / "site"
    pages = [_page(site, "a/index.html", "fr", "Alpha"), _page(site, "b/index.html", "fr", "Bravo")]
    store = IndexStore(str(tmp_path / "cache"))
    store.start("fr-0", pages, options)
    _page(site, "b/index.html", "fr", "Charlie")  # written again after the index began
    folders = store.index({"fr-0": pages}, options)
    store.publish(folders, "pagefind", _Plan(tmp_path / "out"))
    fragments = (tmp_path / "out" / "pagefind" / "fragment").iterdir()
    text = b"".join(gzip.decompress(p.read_bytes()) for p in fragments)
    assert b"Charlie" in text and b"Bravo" not in text
    assert store.indexed == ["fr-0"]


def test_an_index_started_early_is_kept_if_a_page_is_written_again_with_the_same_text(tmp_path, indexed):
    """A page of the part written again with another menu (a related item's card,
    a new translation's link): what Pagefind reads of it is the same."""
    from tadamon.search.index import IndexStore

    options = {"root_selector": "main", "exclude_selectors": []}
    site = tmp_path / "site"
    pages = [_page(site, "a/index.html", "fr", "Alpha"), _page(site, "b/index.html", "fr", "Bravo")]
    store = IndexStore(str(tmp_path / "cache"))
    store.start("fr-0", pages, options)
    page = site / "b" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Menu", "Menu, Contact"), encoding="utf-8")
    store.index({"fr-0": pages}, options)
    assert len(indexed) == 1 and store.indexed == ["fr-0"]


def test_a_language_indexed_again_rewrites_only_the_parts_that_changed(tmp_path):
    from tadamon.search.index import IndexStore

    options = {"root_selector": "main", "exclude_selectors": []}
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = [_page(site, f"p{i}/index.html", "ar", f"صفحة{i}") for i in range(4)]
    ((_shard, first),) = IndexStore(str(cache)).index({"ar-0": pages}, options)
    source = Path(first) / "source"
    kept = {p.relative_to(source).as_posix(): p.stat().st_ino for p in source.rglob("*.html")}
    assert len(kept) == 4
    _page(site, "p1/index.html", "ar", "تغيير")  # its text changed
    pages[3] = _page(site, "p3/index.html", "ar", "صفحة3")  # written again, the same text
    store = IndexStore(str(cache))
    ((_shard, second),) = store.index({"ar-0": pages[:3]}, options)  # p3 is gone
    assert second != first and not Path(first).exists() and store.indexed == ["ar-0"]
    source = Path(second) / "source"
    now = {p.relative_to(source).as_posix(): p.stat().st_ino for p in source.rglob("*.html")}
    assert sorted(now) == ["p0/index.html", "p1/index.html", "p2/index.html"]
    assert now["p0/index.html"] == kept["p0/index.html"] and now["p2/index.html"] == kept["p2/index.html"]
    assert now["p1/index.html"] != kept["p1/index.html"]
    assert "تغيير".encode() in (source / "p1" / "index.html").read_bytes()
    assert b"<nav>" not in (source / "p0" / "index.html").read_bytes()  # only what Pagefind reads
    # Nothing changed since: the cache answers, and no page is read (their signatures are known).
    again = IndexStore(str(cache))
    assert again.index({"ar-0": pages[:3]}, options) == [("ar-0", second)] and again.indexed == []


class _Plan:
    """The part of ``tadamon.plan.Plan`` that ``IndexStore.publish`` uses: files
    put in the folder ``root``."""

    def __init__(self, root):
        self.root = Path(root)

    def add(self, url, *inputs):
        pass

    def publish(self, url, key, make):
        self._write(url, make())

    def copy(self, url, source, *inputs, link=True):
        self._write(url, Path(source).read_bytes())

    def _write(self, url, data):
        target = self.root / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def test_without_search_there_is_no_index_and_no_search_button(tmp_path):
    write_site(tmp_path / "content")
    site = build(tmp_path / "content", tmp_path / "output", TADAMON_SEARCH=False, TADAMON_CARDS_WORKERS=0)
    assert not (site.path / "pagefind").exists()
    assert site.soup("fr/").select("[data-search]") == []
    assert site.soup("fr/volunteer/").select("form[data-list-filter]")  # the calls filter does not need it


def test_no_serious_accessibility_problem_in_the_filters_or_the_open_search(visit, served):
    from test_browser import AXE, AXE_RUN

    if not AXE.is_file():
        missing("axe-core is missing (run `npm ci`)")
    found = {}
    for address in (f"{served.url}/volunteer/", f"{served.url}/fr/volunteer/?mode=remote"):
        page = visit.open(address)
        search(page, "الشتاء" if "/fr/" not in address else "manteaux")
        page.add_script_tag(path=str(AXE))
        found[address + " (search open)"] = page.evaluate(AXE_RUN)
        page = visit.open(address)
        page.add_script_tag(path=str(AXE))
        found[address] = page.evaluate(AXE_RUN)
    page = visit.open(f"{served.url}/fr/activities/?where=online")
    page.add_script_tag(path=str(AXE))
    found["activities"] = page.evaluate(AXE_RUN)
    assert {where: v for where, v in found.items() if v} == {}
