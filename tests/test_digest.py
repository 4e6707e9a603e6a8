"""tadamon digest (tadamon.digest): a newsletter of what the site published since a
date, read through the build's own reading and validation, written outside the site's
output folder: inline styles, right to left in Arabic, absolute URLs, no script, under
100 KB; ``--text`` writes the plain-text version."""

import re
from html.parser import HTMLParser

import pytest
from conftest import SITEURL, run_cli

SINCE = "2026-11-01"
NEWS = """---
title: "{title}"
date: {date}
summary: "{summary}"
---
{body}
"""


class Tags(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    parser = Tags()
    parser.feed(html)
    return parser.tags


def recent_news(content):
    """A news item of November, in both languages, besides the fixture's older ones."""
    for lang, title in (("fr", "Distribution de novembre"), ("ar", "توزيع نوفمبر")):
        text = NEWS.format(title=title, date="2026-11-10", summary=f"{title} : le bilan.", body="Merci.")
        (content / "news" / f"distribution.{lang}.md").write_text(text, encoding="utf-8")
    return content


def digest(content, tmp_path, *options):
    target = tmp_path / "digest.out"
    done = run_cli("digest", content, target, "--since", SINCE, *options)
    return done, target


def assert_a_mailable_page(html):
    tags = tags_of(html)
    assert not any(tag == "script" for tag, _ in tags)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert not any(tag in ("style", "link") for tag, _ in tags)  # styles inline: mailing tools drop the others
    urls = [attrs[name] for _, attrs in tags for name in ("href", "src") if name in attrs]
    assert urls
    for url in urls:
        assert url.startswith(SITEURL + "/"), url  # absolute, and the site's own
    assert len(html.encode()) < 100 * 1024


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_digest_holds_what_was_published_since_the_date(content, tmp_path, lang):
    done, target = digest(recent_news(content), tmp_path, "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    html = target.read_text(encoding="utf-8")
    assert_a_mailable_page(html)
    titles = {
        "ar": (["توزيع نوفمبر", "تنظيف الحي", "مترجمون متطوعون", "معاطف الشتاء"], ["التقرير السنوي 2025", "ندوة"]),
        "fr": (
            ["Distribution de novembre", "Nettoyage du quartier", "Traducteurs bénévoles", "Manteaux d&#39;hiver"],
            ["Rapport annuel 2025", "Webinaire sur le bénévolat", "Animateurs de colonie", "Fournitures scolaires"],
        ),
    }[lang]
    for title in titles[0]:
        assert title in html, title
    for title in titles[1]:
        assert title not in html, title
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    if lang == "ar":
        assert 'dir="rtl"' in html and "text-align:right" in html and "text-align:left" not in html
        assert f"{SITEURL}/news/distribution/" in html  # the first language at the root
    else:
        assert f"{SITEURL}/fr/news/distribution/" in html
        assert "24%" in html and "120 000" in html.replace("\u202f", " ").replace(
            "\xa0", " "
        )  # the campaign's progress


def test_the_digest_writes_nothing_into_the_site(content, tmp_path):
    done, target = digest(recent_news(content), tmp_path, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert target.is_file()
    assert not (tmp_path / "output").exists()  # a dry run: the site's output folder is not made


def test_the_plain_text_version(content, tmp_path):
    done, target = digest(recent_news(content), tmp_path, "--lang", "fr", "--text")
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "Distribution de novembre" in text and "Manteaux d'hiver" in text
    assert "Rapport annuel 2025" not in text
    assert not re.search(r"<[a-z/!]", text) and "&#" not in text and "&amp;" not in text
    assert (
        f"{SITEURL}/fr/news/distribution/"
        in text.splitlines()[text.splitlines().index("* Distribution de novembre") + 3]
    )


def test_a_content_mistake_is_reported_without_a_traceback(content, tmp_path):
    (content / "news" / "broken.fr.md").write_text("---\ntitle: Cassé\ndate: 2026-13-45\n---\nx\n", encoding="utf-8")
    done, target = digest(content, tmp_path, "--lang", "fr")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "broken.fr.md" in done.stdout + done.stderr
    assert not target.exists()


def test_an_unknown_language_is_refused(content, tmp_path):
    done, target = digest(content, tmp_path, "--lang", "de")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "de" in done.stderr and "ar, fr" in done.stderr
    assert not target.exists()


def test_a_long_month_stays_under_100_kb(content, tmp_path):
    summary = "Une distribution de colis alimentaires aux familles du quartier, avec nos bénévoles. " * 4
    for number in range(1, 41):
        text = NEWS.format(
            title=f"Nouvelle numéro {number}", date=f"2026-11-{number % 28 + 1:02d}", summary=summary, body="x"
        )
        (content / "news" / f"n{number}.fr.md").write_text(text, encoding="utf-8")
    done, target = digest(content, tmp_path, "--lang", "fr")
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert_a_mailable_page(html)
    assert html.count("Nouvelle numéro") == 10
    assert "Et 30 autres sur le site" in html and f'href="{SITEURL}/fr/news/"' in html
