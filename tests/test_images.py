"""Published photos: no metadata leaves the building, orientation applied, widths for srcset, cached."""

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SITE_CONTENT, SITEURL, build
from PIL import Image, features
from tadamon.errors import ContentError
from tadamon.images import encode

PHOTOS = ROOT / "tests" / "fixtures" / "photos"
SECRETS = (b"Jane Photographer", b"SN-0042-SECRET", b"SpyCam", b"Pocket 3000", b"28.2N")
METADATA_INFO = {"exif", "xmp", "photoshop", "comment", "XML:com.adobe.xmp", "Author"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif"}
ORIENTATION = 0x0112


def add_photos(content):
    """The fixture site plus a news post with the photos that carry GPS positions and names."""
    for name in ("rotated-gps.jpg", "graphic-gps.png", "photo-gps.webp"):
        shutil.copy(PHOTOS / name, content / "images" / name)
    (content / "news" / "photos.fr.md").write_text(
        "---\ntitle: Photos de la fête\ndate: 2026-11-20\nimage: images/rotated-gps.jpg\n"
        "image_alt: Le jardin en fête\n---\n"
        "Le jardin. ![Le verger](../images/photo-gps.webp)\n\n![Le logo]({static}/images/graphic-gps.png)\n",
        encoding="utf-8",
    )


def fingerprints(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def images_of(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def leaks(path):
    """What personal metadata a published image still carries (nothing, we hope)."""
    found = []
    with Image.open(path) as im:
        exif = im.getexif()
        found += [f"EXIF tag {tag:#x}" for tag in exif if tag != ORIENTATION]
        found += [f"GPS {key}" for key in exif.get_ifd(0x8825)]
        found += sorted(METADATA_INFO & set(im.info))
    data = Path(path).read_bytes()
    found += [secret.decode() for secret in SECRETS if secret in data]
    return found


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    """The fixture site with the photos, built once; with the content's fingerprints before and after."""
    base = tmp_path_factory.mktemp("photos")
    content = base / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", content)
    add_photos(content)
    before = fingerprints(content)
    site = build(content, base / "output")
    return site, before, fingerprints(content)


def srcset_of(img):
    return [(entry.split()[0], int(entry.split()[1][:-1])) for entry in img["srcset"].split(", ")]


def published(site, url):
    assert url.startswith(f"{SITEURL}/"), url
    return site.path / url[len(SITEURL) + 1 :]


def test_fixture_photos_do_carry_the_metadata_to_remove():
    """Guard for the tests below: the fixtures really hold GPS, serial, author, XMP (and IPTC)."""
    for name in ("rotated-gps.jpg", "graphic-gps.png", "photo-gps.webp"):
        assert len(leaks(PHOTOS / name)) >= 8, name
    with Image.open(PHOTOS / "rotated-gps.jpg") as im:
        assert im.getexif()[ORIENTATION] == 6 and "photoshop" in im.info and "comment" in im.info


def test_no_published_image_carries_metadata(photos):
    site, _, _ = photos
    images = images_of(site.path)
    names = {p.name for p in images}
    assert {"rotated-gps.jpg", "rotated-gps-320w.jpg", "graphic-gps.png", "photo-gps.webp", "photo.jpg"} <= names
    assert {"rotated-gps-320w.webp", "graphic-gps-120w.webp", "favicon-32.png", "apple-touch-icon.png"} <= names
    assert "rotated-gps-320w.avif" in names or not features.check("avif")
    assert {str(p.relative_to(site.path)): leaks(p) for p in images if leaks(p)} == {}


def test_the_originals_are_not_modified(photos):
    _, before, after = photos
    assert after == before
    assert Path("images/rotated-gps.jpg") in before


def test_orientation_is_applied_to_the_pixels(photos):
    site, _, _ = photos
    with Image.open(site.path / "images" / "rotated-gps.jpg") as im:
        assert im.size == (1000, 1400)  # stored 1400x1000, shown turned
        # The red corner, stored at the top left, is shown at the top right.
        red, green, _ = im.convert("RGB").getpixel((im.width - 20, 20))
        assert red > 180 and green < 80
        red, _, _ = im.convert("RGB").getpixel((20, 20))
        assert red < 100
    for name in ("rotated-gps-320w.jpg", "rotated-gps-320w.webp"):
        with Image.open(site.path / "images" / name) as im:
            assert im.size == (320, 448), name


def test_formats_are_kept(photos):
    site, _, _ = photos
    for name, fmt in (("rotated-gps.jpg", "JPEG"), ("graphic-gps.png", "PNG"), ("photo-gps.webp", "WEBP")):
        with Image.open(site.path / "images" / name) as im:
            assert im.format == fmt
    with Image.open(site.path / "images" / "rotated-gps.jpg") as im:
        assert im.info.get("progressive")
    with Image.open(site.path / "images" / "graphic-gps.png") as im:
        assert im.mode == "P"  # a palette logo stays a palette PNG


def test_item_page_photo_has_srcset_and_its_true_size(photos):
    site, _, _ = photos
    img = site.soup("fr/news/photos/").select_one("figure.item-image img")
    assert img["src"] == f"{SITEURL}/images/rotated-gps.jpg"
    assert (img["width"], img["height"]) == ("1000", "1400")
    assert img["sizes"]
    entries = srcset_of(img)
    assert [w for _, w in entries] == [320, 640, 1000]  # never wider than the photo itself
    for url, width in entries:
        with Image.open(published(site, url)) as im:
            assert im.width == width


def test_photos_come_in_smaller_formats_through_picture(photos):
    """AVIF (where Pillow writes it) then WebP, the same widths, the original as the <img>."""
    site, _, _ = photos
    img = site.soup("fr/news/photos/").select_one("figure.item-image picture img")
    sources = img.find_parent("picture").find_all("source")
    expected = (["image/avif"] if features.check("avif") else []) + ["image/webp"]
    assert [s["type"] for s in sources] == expected
    for source in sources:
        assert source["sizes"] == img["sizes"]
        entries = [(e.split()[0], int(e.split()[1][:-1])) for e in source["srcset"].split(", ")]
        assert [w for _, w in entries] == [320, 640, 1000]
        for url, width in entries:
            with Image.open(published(site, url)) as im:
                assert im.format == source["type"].split("/")[1].upper() and im.width == width
    # A drawing (PNG) gets lossless WebP only; a WebP stays as it is.
    body = site.soup("fr/news/photos/").select_one(".content")
    drawing = body.find("img", src=lambda s: s.endswith("graphic-gps.png")).find_parent("picture")
    assert [s["type"] for s in drawing.find_all("source")] == ["image/webp"]
    assert body.find("img", src=lambda s: s.endswith("photo-gps.webp")).find_parent("picture") is None


def test_the_logo_is_published_at_the_sizes_it_is_shown_with_a_favicon_and_touch_icon(photos):
    site, _, _ = photos
    soup = site.soup("fr/")
    logo = soup.select_one("a.brand img")
    assert (logo["width"], logo["height"]) == ("44", "44")
    assert logo["src"] == f"{SITEURL}/icons/logo-44.png"
    # The fixture's logo is 64 px high: its own size is its sharpest copy (never upscaled).
    assert logo["srcset"] == f"{SITEURL}/icons/logo-44.png 1x, {SITEURL}/icons/logo-64.png 1.45x"
    icon = soup.find("link", rel="icon")
    touch = soup.find("link", rel="apple-touch-icon")
    for link, side in ((icon, 32), (touch, 180)):
        with Image.open(published(site, link["href"])) as im:
            assert im.size == (side, side) and im.format == "PNG"
    with Image.open(published(site, touch["href"])) as im:
        assert im.mode == "RGB"  # iOS paints transparency black
    for url, height in ((logo["src"], 44), (f"{SITEURL}/icons/logo-64.png", 64)):
        with Image.open(published(site, url)) as im:
            assert im.height == height


def test_a_large_logo_gets_copies_for_2x_and_3x_screens(content, tmp_path):
    Image.new("RGBA", (600, 300), (15, 118, 110, 255)).save(content / "images" / "logo.png")
    site = build(content, tmp_path / "out")
    logo = site.soup("").select_one("a.brand img")
    assert (logo["width"], logo["height"]) == ("88", "44")
    assert logo["srcset"].split(", ")[1:] == [f"{SITEURL}/icons/logo-88.png 2x", f"{SITEURL}/icons/logo-132.png 3x"]
    with Image.open(site.path / "icons" / "logo-132.png") as im:
        assert im.size == (264, 132)
    with Image.open(site.path / "icons" / "apple-touch-icon.png") as im:
        assert im.size == (180, 180) and im.getpixel((90, 10)) == (255, 255, 255)  # the wide logo, centred on white


def test_cards_in_lists_and_home_have_srcset(photos):
    site, _, _ = photos
    for page in ("fr/news/", "fr/"):
        img = next(i for i in site.soup(page).select("article.card img") if "rotated-gps" in i["src"])
        assert (img["width"], img["height"]) == ("1000", "1400"), page
        assert len(srcset_of(img)) == 3 and img["sizes"], page
    small = site.soup("activities/").select_one("article.card img")  # 300 px wide: no smaller copy
    assert (small["width"], small["height"]) == ("300", "200") and not small.get("srcset")


def test_images_in_the_body_get_their_size(photos):
    site, _, _ = photos
    body = site.soup("fr/news/photos/").select_one(".content")
    sizes = {img["src"].rsplit("/", 1)[1]: (img.get("width"), img.get("height")) for img in body.find_all("img")}
    assert sizes == {"photo-gps.webp": ("300", "200"), "graphic-gps.png": ("120", "80")}


def test_only_the_first_image_of_a_page_loads_at_once(photos):
    site, _, _ = photos
    for page in ("fr/news/photos/", "fr/news/", "activities/"):
        images = site.soup(page).select("main img")
        assert images, page
        assert images[0].get("loading") is None, page
        assert all(img.get("loading") == "lazy" for img in images[1:]), page
        assert all(img.get("width") and img.get("height") for img in images), page


def test_same_input_gives_same_bytes_and_a_rebuild_encodes_nothing(content, tmp_path, monkeypatch):
    add_photos(content)
    first = build(content, tmp_path / "one", CACHE_PATH=str(tmp_path / "a" / "pelican"))
    other = build(content, tmp_path / "two", CACHE_PATH=str(tmp_path / "b" / "pelican"))  # cold cache
    assert fingerprints(first.path / "images") == fingerprints(other.path / "images")
    assert (tmp_path / "a" / "images").is_dir()  # .cache/images beside .cache/pelican

    def no_encoding(*args):
        raise AssertionError("encoded again although cached")

    monkeypatch.setattr(encode, "render", no_encoding)
    again = build(content, tmp_path / "three", CACHE_PATH=str(tmp_path / "a" / "pelican"))
    assert fingerprints(again.path / "images") == fingerprints(first.path / "images")


def test_photos_are_encoded_outside_the_builds_process(content, tmp_path, monkeypatch):
    # An encoder's memory (AVIF's, above all) goes back when the process that used it ends.
    add_photos(content)
    noted = tmp_path / "encoders"
    render = encode.render

    def noting(data, found, targets, *args):
        if any(isinstance(t[0], str) and t[0] in ("AVIF", "WEBP") for t in targets):
            with open(noted, "a", encoding="utf-8") as stream:
                stream.write(f"{os.getpid()}\n")
        return render(data, found, targets, *args)

    monkeypatch.setattr(encode, "render", noting)
    build(content, tmp_path / "out")
    encoders = set(noted.read_text(encoding="utf-8").split())
    assert encoders and str(os.getpid()) not in encoders


def test_a_file_that_is_no_image_is_a_content_mistake(content, tmp_path):
    (content / "images" / "broken.jpg").write_text("not a photo", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        build(content, tmp_path / "out")
    assert "images/broken.jpg" in str(error.value) and "not a readable JPEG, PNG or WebP" in str(error.value)


def test_smaller_copies_never_upscale_nor_repeat_a_width():
    photo = encode.Probe("JPEG", 4000, 3000, False)
    assert encode.plan(photo, (480, 960, 1600)) == [(480, 360), (960, 720), (1600, 1200)]
    assert encode.plan(encode.Probe("JPEG", 1000, 500, False), (480, 960, 1600)) == [(480, 240), (1000, 500)]
    assert encode.plan(encode.Probe("PNG", 300, 100, False), (480, 960, 1600)) == [(300, 100)]


def test_the_sites_images_are_published_without_exif(tmp_path):
    site = build(SITE_CONTENT.path, tmp_path / "demo")
    images = images_of(site.path / "images") if (site.path / "images").is_dir() else []
    assert {str(p.relative_to(site.path)): leaks(p) for p in images if leaks(p)} == {}
    if SITE_CONTENT.is_demo:
        assert len(images) >= 13
        with Image.open(site.path / "images" / "clinic.jpg") as im:
            assert im.getexif() == {} and im.width <= 1600


def test_animations_keep_their_frames_and_lose_their_metadata(tmp_path):
    spec = importlib.util.spec_from_file_location("make_photos", PHOTOS / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)  # how the fixture photos were made: its EXIF with GPS
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "green", "blue")]
    for fmt in ("WEBP", "PNG"):
        path = tmp_path / f"moving.{fmt.lower()}"
        frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=[100, 200, 300], exif=make.exif())
        found = encode.probe(path)
        assert found.animated and leaks(path)
        (data,) = encode.render(path.read_bytes(), found, encode.plan(found, (480, 960, 1600)), 82).values()
        out = tmp_path / f"out.{fmt.lower()}"
        out.write_bytes(data)
        assert leaks(out) == []
        with Image.open(out) as im:
            durations = []
            for frame in range(im.n_frames):
                im.seek(frame)
                im.load()
                durations.append(im.info["duration"])
        assert durations == [100, 200, 300], fmt


def test_every_image_of_every_page_has_its_width_and_height(photos):
    """So that the browser keeps its room before it arrives: nothing moves when it does."""
    site, _, _ = photos
    missing = {}
    for page in site.pages():
        unsized = [
            img["src"] for img in site.soup(page).find_all("img") if not (img.get("width") and img.get("height"))
        ]
        if unsized:
            missing[page] = unsized
    assert missing == {}
