"""Links and images in Markdown bodies, resolved at reading on Markdown's
element tree: files relative to the Markdown file, Pelican's forms, schemes
refused, code samples left alone, and absolute links in feeds."""

import xml.etree.ElementTree as ET

from conftest import SITEURL, build, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"

FRONT = "---\ntitle: Guide\ndate: 2026-10-01\n---\n"
CODE_SAMPLE = """Write a link in HTML like this: `<a href="guide.md">the guide</a>`
or an image like `<img src="missing.png">`.

```html
<a href="guide.md">the guide</a>
<img src="javascript:alert(1)">
```

    <a href="indented.md">indented code</a>
"""


def write_news(content, name, body):
    path = content / "news" / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def body_of(site, page):
    return site.soup(page).find("main")


def test_a_code_sample_with_html_is_neither_refused_nor_rewritten(content, tmp_path):
    write_news(content, "guide.fr.md", CODE_SAMPLE)
    done = run_cli("build", content, tmp_path / "output")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "output" / "fr" / "news" / "guide" / "index.html").read_text(encoding="utf-8")
    assert '<code>&lt;a href="guide.md"&gt;the guide&lt;/a&gt;</code>' in html
    assert '&lt;img src="missing.png"&gt;' in html
    assert "&lt;a href=&quot;guide.md&quot;&gt;" in html or '&lt;a href="guide.md"&gt;the guide' in html
    assert "&lt;img src=&quot;javascript:alert(1)&quot;&gt;" in html or '&lt;img src="javascript:alert(1)"&gt;' in html
    assert "indented.md" in html and "{filename}" not in html and "{static}" not in html


def test_links_relative_to_the_file_and_pelican_forms_resolve(content, tmp_path):
    write_news(
        content,
        "links.fr.md",
        "Voir [le rapport](report-2025.fr.md#chiffres), [le projet]({filename}/projects/garden.fr.md), "
        "[le haut](#haut) et [la FAQ](https://example.net/faq).\n\n"
        "![Le logo](../images/logo.png)\n\n"
        '<p class="own"><a href="../pages/about.fr.md">raw</a> <img src="../images/photo.jpg" alt="p"></p>\n',
    )
    site = build(content, tmp_path / "output")
    main = body_of(site, "fr/news/links/")
    hrefs = {a.get_text(): a["href"] for a in main.find_all("a")}
    assert hrefs["le rapport"] == f"{SITEURL}/fr/news/report-2025/#chiffres"
    assert hrefs["le projet"] == f"{SITEURL}/fr/projects/garden/"
    assert hrefs["le haut"] == f"{SITEURL}/fr/news/links/#haut"
    assert hrefs["la FAQ"] == "https://example.net/faq"
    assert hrefs["raw"] == f"{SITEURL}/fr/about/"  # links in the editor's own HTML too
    sources = {img["alt"]: img["src"] for img in main.find_all("img")}
    assert sources == {"Le logo": f"{SITEURL}/images/logo.png", "p": f"{SITEURL}/images/photo.jpg"}
    assert main.find("p", class_="own") is not None


def test_a_link_follows_the_linked_items_slug_and_one_tag_may_link_two_files(content, tmp_path):
    (content / "pages" / "team.fr.md").write_text("---\ntitle: Équipe\nslug: equipe\n---\nNous.\n", encoding="utf-8")
    (content / "images" / "clip.mp4").write_bytes(b"\0" * 64)
    write_news(
        content,
        "team.fr.md",
        "[L'équipe](../pages/team.fr.md?vue=1#noms)\n\n"
        '<video controls poster="{static}/images/photo.jpg" src="../images/clip.mp4"></video>\n',
    )
    site = build(content, tmp_path / "output")
    main = body_of(site, "fr/news/team/")
    assert main.find("a", string="L'équipe")["href"] == f"{SITEURL}/fr/equipe/?vue=1#noms"
    video = main.find("video")
    assert (video["poster"], video["src"]) == (f"{SITEURL}/images/photo.jpg", f"{SITEURL}/images/clip.mp4")
    assert (tmp_path / "output" / "images" / "clip.mp4").read_bytes() == b"\0" * 64  # linked: published


def test_a_filename_form_to_a_file_that_is_not_a_page_links_and_publishes_that_file(content, tmp_path):
    """Pelican lets ``{filename}`` name any file; one that is not Markdown is published at its path."""
    (content / "images" / "guide.pdf").write_bytes(b"%PDF-1.4 guide")
    write_news(content, "guide.fr.md", "[Le guide]({filename}/images/guide.pdf)\n")
    site = build(content, tmp_path / "output")
    assert body_of(site, "fr/news/guide/").find("a", string="Le guide")["href"] == f"{SITEURL}/images/guide.pdf"
    assert (tmp_path / "output" / "images" / "guide.pdf").read_bytes() == b"%PDF-1.4 guide"


def test_a_pelican_form_that_leads_to_no_file_is_refused(content, tmp_path):
    write_news(content, "forms.fr.md", "![x]({static}/images/nothing.jpg) [y]({filename}/pages/nothing.fr.md)\n")
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2
    assert "'{static}/images/nothing.jpg'" in done.stderr and "'{filename}/pages/nothing.fr.md'" in done.stderr
    assert "news/forms.fr.md" in done.stderr


def test_broken_links_and_disallowed_schemes_are_refused(content, tmp_path):
    write_news(content, "bad.fr.md", "[x](javascript:alert(1)) [y](nowhere.fr.md) ![z](data:image/png;base64,AAAA)\n")
    write_news(content, "raw.fr.md", '<a href="javascript:alert(2)">raw</a>\n')
    done = run_cli("check", content, tmp_path / "output")
    assert done.returncode == 2
    assert "'javascript:alert(1)'" in done.stderr and "'nowhere.fr.md'" in done.stderr
    assert "data:image/png" in done.stderr and "'javascript:alert(2)'" in done.stderr


def test_feeds_have_absolute_links_in_their_content(content, tmp_path):
    write_news(
        content,
        "links.fr.md",
        "[le rapport](report-2025.fr.md) [le haut](#haut) ![Le logo](../images/logo.png)\n\n" + CODE_SAMPLE,
    )
    site = build(content, tmp_path / "output")
    root = ET.fromstring((site.path / "fr" / "feeds" / "news.atom.xml").read_bytes())
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Guide")
    html = entry.findtext(f"{ATOM}content")
    assert f'href="{SITEURL}/fr/news/report-2025/"' in html
    assert f'href="{SITEURL}/fr/news/links/#haut"' in html
    assert f'src="{SITEURL}/images/logo.png"' in html
    assert '<code>&lt;a href="guide.md"&gt;the guide&lt;/a&gt;</code>' in html  # the sample, as written
