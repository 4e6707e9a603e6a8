"""Reaching people beyond the screen: account numbers, posters, prefilled messages.

IBANs and BICs are checked on reading (a wrong one is refused, with the number
as written and what to do); numbers are shown grouped with a copy button; a
euro account gets an EPC "scan to transfer" code; every campaign, call and
activity prints as a poster whose QR code a real decoder (zbar) reads back as
the page's canonical address; ways to apply open with a message naming the call.
"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, SITEURL, build
from demo import missing
from tadamon.errors import FieldError
from tadamon.outreach import accounts, qr
from test_validation import published, refused, write  # noqa: F401 - published is a fixture

VALID = {
    "DZ": "DZ58 0002 1000 0111 3000 0005 70",
    "TN": "TN59 1000 6035 1835 9847 8831",
    "FR": "FR76 3000 6000 0112 3456 7890 189",
    "BE": "BE68 5390 0754 7034",
}
HOLDER = "Association En-Nour"


def bank(iban, swift="", label="Virement"):
    details = {"holder": HOLDER, "bank": "Banque", "iban": iban}
    if swift:
        details["swift"] = swift
    return {"type": "bank", "label": {"ar": "تحويل بنكي", "fr": label}, "details": details}


def add_channels(content, *channels):
    """association.yml with these bank channels after the fixture's own."""
    path = content / "association.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["donate"] += list(channels)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the checks themselves -----------------------------------------------------


@pytest.mark.parametrize("country", sorted(VALID))
def test_valid_ibans_of_several_countries_are_kept_compact(country):
    assert accounts.iban(VALID[country]) == VALID[country].replace(" ", "")
    assert accounts.iban(VALID[country].lower()) == VALID[country].replace(" ", "")


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("FR76 3000 6000 0112 3456 7890 188", "check digits"),  # last digit mistyped
        ("FR67 3000 6000 0112 3456 7890 189", "check digits"),  # check digits swapped
        ("DZ58 0002 1000 0111 3000 0005", "has 24 characters, but an IBAN of DZ has 26"),
        ("TN59 1000 6035 1835 9847 88311", "has 25 characters, but an IBAN of TN has 24"),
        ("XX12 3456", "code of a country"),
    ],
)
def test_a_wrong_iban_is_refused_with_the_number_as_written(written, words):
    with pytest.raises(FieldError) as caught:
        accounts.iban(written)
    assert words in str(caught.value) and written in str(caught.value)
    assert "copy it again from your bank statement" in str(caught.value.fix)


def test_bic_format_is_checked():
    assert accounts.bic("bnpa fr pp xxx") == "BNPAFRPPXXX"
    assert accounts.bic("CPALDZAL") == "CPALDZAL"
    for wrong in ("BNPA1RPP", "BNPAFRPPX", "BNPA"):
        with pytest.raises(FieldError, match="8 or 11"):
            accounts.bic(wrong)


def test_numbers_are_grouped_by_four():
    assert accounts.grouped("FR7630006000011234567890189") == "FR76 3000 6000 0112 3456 7890 189"


def test_epc_payload_follows_epc069_12():
    payload = accounts.epc_payload(HOLDER, "FR76 3000 6000 0112 3456 7890 189", "bnpafrpp", "Manteaux d'hiver")
    assert payload.split("\n") == [
        "BCD", "002", "1", "SCT", "BNPAFRPP", HOLDER, "FR7630006000011234567890189", "", "", "", "Manteaux d'hiver",
    ]  # fmt: skip
    long = accounts.epc_payload("N" * 90, VALID["FR"], "", "T" * 200)
    assert len(long.encode()) <= 331 and max(map(len, long.split("\n"))) == 140


def test_qr_svg_is_the_same_bytes_in_every_process():
    code = "from tadamon.outreach import qr; import sys; sys.stdout.write(qr.svg('https://example.org/a/', 'QR'))"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), PYTHONHASHSEED=seed),
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == qr.svg("https://example.org/a/", "QR")
    assert runs[0].startswith('<svg role="img" aria-label="QR"') and "<script" not in runs[0]


def test_codes_are_made_once_and_a_damaged_entry_is_made_again(tmp_path, monkeypatch):
    address = "https://example.org/assoc/fr/campaigns/coats/"
    first = qr.Codes(str(tmp_path)).svg(address, "QR")
    assert first == qr.svg(address, "QR")
    (entry,) = tmp_path.rglob("*.svg")
    kept = entry.read_bytes()

    def no_drawing(*args):
        raise AssertionError("drawn again")

    with monkeypatch.context() as patched:
        patched.setattr(qr, "draw", no_drawing)
        assert qr.Codes(str(tmp_path)).svg(address, "Code QR") == first.replace('"QR"', '"Code QR"', 1)
    entry.write_bytes(kept.replace(b"#000", b"#f00"))  # damaged: its digest no longer matches
    assert qr.Codes(str(tmp_path)).svg(address, "QR") == first
    assert entry.read_bytes() == kept


def test_prefilled_only_where_the_link_takes_a_message():
    assert qr.prefilled("email", "mailto:a@b.org", "Hi & bye") == "mailto:a@b.org?subject=Hi%20%26%20bye"
    assert qr.prefilled("whatsapp", "https://wa.me/213555", "Hi") == "https://wa.me/213555?text=Hi"
    assert qr.prefilled("whatsapp", "https://chat.whatsapp.com/AbC", "Hi") == "https://chat.whatsapp.com/AbC"
    assert qr.prefilled("phone", "tel:+213555", "Hi") == "tel:+213555"


# --- in a build ----------------------------------------------------------------


def test_wrong_ibans_in_association_yml_and_in_a_campaign_are_refused_together(content, published):  # noqa: F811
    add_channels(content, bank("FR76 3000 6000 0112 3456 7890 188"))
    coats = (content / "campaigns/coats.fr.md").read_text(encoding="utf-8")
    donate = (
        "donate:\n  - type: bank\n    label: {fr: Virement}\n"
        '    details: {holder: X, iban: "DZ58 0002 1000 0111 3000 0005", swift: "BNPA1RPP"}\n'
    )
    write(content, "campaigns/coats.fr.md", coats.replace("project: garden\n", "project: garden\n" + donate, 1))
    message = refused(content, published)
    assert "content/association.yml" in message and "field 'donate'" in message
    assert "FR76 3000 6000 0112 3456 7890 188" in message and "check digits" in message
    assert "content/campaigns/coats.fr.md" in message
    assert "DZ58 0002 1000 0111 3000 0005" in message and "an IBAN of DZ has 26" in message
    assert "copy it again from your bank statement" in message


def test_a_wrong_iban_is_said_in_the_editors_language(content, tmp_path):
    add_channels(content, bank("TN59 1000 6035 1835 9847 8832"))
    path = content / "association.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("editor_language: en", "editor_language: fr"))
    from conftest import run_cli

    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "TN59 1000 6035 1835 9847 8832" in done.stderr
    assert "recopiez-le depuis votre relevé bancaire" in done.stderr


@pytest.fixture(scope="module")
def accounts_site(tmp_path_factory):
    """The fixture site with bank accounts of four countries, one a euro account with its BIC."""
    base = tmp_path_factory.mktemp("accounts")
    content = base / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", content)
    add_channels(
        content,
        bank(VALID["DZ"], "CPALDZAL", "Algérie"),
        bank(VALID["TN"], label="Tunisie"),
        bank(VALID["FR"], "BNPAFRPPXXX", "France"),
        bank(VALID["BE"].replace(" ", ""), label="Belgique"),
    )
    return build(content, base / "output")


def channel(soup, label):
    return next(li for li in soup.select("li.channel") if li.h3.get_text(strip=True) == label)


def test_numbers_are_shown_grouped_left_to_right_with_a_copy_button(accounts_site):
    for page in ("fr/campaigns/coats/", "campaigns/coats/"):
        soup = accounts_site.soup(page)
        for label, country in (("Algérie", "DZ"), ("Belgique", "BE")):
            if page == "campaigns/coats/":
                continue  # the Arabic page shows the Arabic labels, all alike here
            number = channel(soup, label).select_one("dd.number code")
            assert number.get_text() == VALID[country] and number["dir"] == "ltr"
            button = number.find_next_sibling("button")
            assert button.name == "button" and button["type"] == "button" and button.has_attr("hidden")
            assert button["data-copy"] == number["id"] and button["data-copy-text"] == VALID[country].replace(" ", "")
            assert button.get_text(" ", strip=True) == "Copier IBAN"
        status = soup.find(id="copy-status")
        assert status["role"] == "status" and status["aria-live"] == "polite" and status["data-copied"]
        ids = [code["id"] for code in soup.select("dd.number code")]
        assert len(ids) == len(set(ids))
    assert channel(accounts_site.soup("fr/campaigns/coats/"), "Compte CCP").select_one("dd.number code").get_text() == (
        "0012345678"
    )


def test_only_a_euro_account_gets_a_transfer_code(accounts_site):
    soup = accounts_site.soup("fr/campaigns/coats/")
    assert channel(soup, "France").select_one("figure.transfer-qr svg[role=img][aria-label]")
    assert channel(soup, "Belgique").select_one("figure.transfer-qr svg")
    assert not channel(soup, "Algérie").select("figure.transfer-qr")
    assert not channel(soup, "Tunisie").select("figure.transfer-qr")


def test_item_pages_carry_a_poster_code_hidden_on_screen(accounts_site):
    for page in ("fr/campaigns/coats/", "fr/volunteer/translators/", "fr/activities/cleanup/", "activities/cleanup/"):
        soup = accounts_site.soup(page)
        figure = soup.select_one("figure.poster-qr")
        assert figure is not None and figure.has_attr("data-pagefind-ignore"), page
        assert figure.svg["role"] == "img" and figure.svg["aria-label"], page
        assert figure.bdi.get_text() == soup.find("link", rel="canonical")["href"] == f"{SITEURL}/{page}"
    assert not accounts_site.soup("fr/projects/garden/").select("figure.poster-qr")
    css = accounts_site.text("theme/css/site.css")
    assert ".poster-qr { display: none; }" in css and "@page { size: A4" in css


def test_apply_links_name_the_call_in_the_pages_language(accounts_site):
    for page, words in (
        ("fr/volunteer/translators/", "Je souhaite me porter bénévole : Traducteurs bénévoles"),
        ("volunteer/translators/", "أرغب في التطوع: "),
    ):
        soup = accounts_site.soup(page)
        title = soup.h1.get_text(strip=True)
        links = {
            urlsplit(a["href"]).scheme + ":" + urlsplit(a["href"]).netloc: a["href"] for a in soup.select(".actions a")
        }
        subject = parse_qs(urlsplit(links["mailto:"]).query)["subject"][0]
        text = parse_qs(urlsplit(links["https:wa.me"]).query)["text"][0]
        assert subject == text and words in subject and title in subject, page
        assert links["mailto:"].startswith("mailto:benevoles@example.org?subject=")
        assert links["https:wa.me"].startswith("https://wa.me/213555123456?text=")


def test_sms_body_is_the_contracts_text(accounts_site):
    link = accounts_site.soup("fr/campaigns/coats/").select_one('.channel a[href^="sms:"]')
    assert link["href"] == "sms:3030?body=NOUR"


# --- a real decoder on print screenshots -----------------------------------------


def decode(png):
    """Every code zbar reads in a picture, as text."""
    if shutil.which("zbarimg") is None:
        missing("zbarimg is not installed (Debian's zbar-tools)")
    done = subprocess.run(["zbarimg", "--xml", "-q", str(png)], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 4), done.stderr  # 4: no code found
    if done.returncode == 4:
        return []
    return [data.text for data in ET.fromstring(done.stdout).iterfind(".//{*}data")]


def opened(browser, site):
    """A tab where the site's own address (SITEURL, https) is answered from its output folder."""

    def serve(route):
        path = urlsplit(route.request.url).path.removeprefix(urlsplit(SITEURL).path).lstrip("/")
        file = site.path / (path + "index.html" if path == "" or path.endswith("/") else path)
        if file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, body="")

    page = browser.new_page()
    page.route(f"{SITEURL}/**", serve)
    return page


def test_zbar_reads_each_posters_code_and_the_transfer_code(accounts_site, browser, tmp_path):
    page = opened(browser, accounts_site)
    try:
        page.emulate_media(media="print")
        for address in ("fr/campaigns/coats/", "campaigns/coats/", "fr/volunteer/translators/", "activities/cleanup/"):
            page.goto(f"{SITEURL}/{address}", wait_until="load")
            shot = tmp_path / (address.replace("/", "-") + ".png")
            page.screenshot(path=str(shot), full_page=True)
            codes = decode(shot)
            assert f"{SITEURL}/{address}" in codes, (address, codes)
            # Printed, the page is a poster: the long text and the share links are left out.
            assert not page.locator(".share").is_visible() and page.locator("h1").is_visible()
        # The EPC code, on screen, beside the euro account's details.
        page.emulate_media(media="screen")
        page.goto(f"{SITEURL}/fr/campaigns/coats/", wait_until="load")
        shot = tmp_path / "transfer.png"
        page.locator("li.channel", has=page.locator("h3", has_text="France")).locator("figure.transfer-qr").screenshot(
            path=str(shot)
        )
        (epc,) = decode(shot)
        lines = epc.split("\n")
        assert lines[:4] == ["BCD", "002", "1", "SCT"]
        assert lines[4:7] == ["BNPAFRPPXXX", HOLDER, VALID["FR"].replace(" ", "")]
        assert lines[-1] == "Manteaux d'hiver"
    finally:
        page.close()


def test_copy_button_puts_the_number_without_spaces_on_the_clipboard(accounts_site, browser):
    origin = f"{urlsplit(SITEURL).scheme}://{urlsplit(SITEURL).netloc}"
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = opened(browser, accounts_site)
    try:
        page.goto(f"{SITEURL}/fr/campaigns/coats/", wait_until="load")
        button = page.locator("li.channel", has=page.locator("h3", has_text="France")).get_by_role(
            "button", name="Copier IBAN"
        )
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == VALID["FR"].replace(" ", "")
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert page.locator("#copy-status").text_content() == "Copié, sans les espaces."
    finally:
        page.close()
        browser.clear_permissions()


def test_the_codes_a_first_build_makes_on_every_core_are_those_made_one_by_one(tmp_path):
    """A site's first build makes its posters' codes in a pool before the pages ask:
    the same drawings, kept in the cache, which the pages then read."""
    addresses = [f"{SITEURL}/fr/activities/activity-{n:03d}/" for n in range(qr.PARALLEL_FROM + 6)]
    prepared = qr.Codes(str(tmp_path / "pool"))
    prepared.prepare(addresses, workers=2)
    assert len(list((tmp_path / "pool").rglob("*.svg"))) == len(addresses)
    one_by_one = qr.Codes(str(tmp_path / "serial"))
    assert [prepared.svg(a, "x") for a in addresses] == [one_by_one.svg(a, "x") for a in addresses]
