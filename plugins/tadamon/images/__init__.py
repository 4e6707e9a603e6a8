"""Plugin: photos without their metadata, in the widths a page needs.

Every JPEG, PNG and WebP the site publishes (Pelican's static files, item
images, logos) is written by this plugin instead of being copied: encoded
again from its pixels, with the EXIF orientation applied and no EXIF, XMP or
IPTC (so no GPS position, camera serial number or author name is published),
at most as wide as the largest of ``TADAMON_IMAGE_WIDTHS``, with smaller copies
beside it (``images/x-320w.jpg``) for ``srcset``, and the same widths in
smaller formats (``images/x-320w.avif``, ``-320w.webp``: ``TADAMON_IMAGE_FORMATS``)
that browsers choose through ``<picture>``. The association's logo also gets
copies at the height the header shows it (``icons/logo-44.png`` and its 2x,
3x), a favicon and an apple-touch-icon. The files in content/ are only read.
Outputs are cached in ``.cache/images`` by the hash of the source bytes, their
size, format and the code version: a rebuild encodes nothing again.
Encoding happens once reading is over, before anything is written, so that a
photo that cannot be decoded stops ``tadamon check`` as it stops a build; the
outputs are hard links to the cache. Photos are encoded in forked worker
processes, one per core: an encoder's memory (AVIF's above all) is given
back when its process ends, instead of staying in the build's for the rest
of it.

Templates get ``picture(path)`` (sizes, ``srcset`` and ``<picture>`` markup of
an image), ``pictures.icons`` and the filter ``sized_images(html, sizes)`` for
``<img>`` in Markdown bodies.
"""

import dataclasses
import functools
import html
import logging
import multiprocessing
import os
import re
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import quote, unquote

from jinja2 import pass_context
from markupsafe import Markup, escape
from PIL import Image

from tadamon import listed_alone
from tadamon.cache import Store, fingerprint
from tadamon.errors import Problem, _, shown_path
from tadamon.files import MAX_FILE_BYTES, MAX_IMAGE_BYTES, link_problem, size_problem
from tadamon.images import encode
from tadamon.site import site_of

logger = logging.getLogger(__name__)

SMALLER = _("make it smaller: 4000 pixels wide is plenty for a web page")
EXPORT = _("open it in an image editor and export it again as JPEG, PNG or WebP")

IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
SRC_RE = re.compile(r"""\ssrc=(["'])(.*?)\1""", re.I | re.S)
SIZED_RE = re.compile(r"\s(?:width|height|srcset)=", re.I)
FIRST_LAZY_RE = re.compile(r"(<img\b[^>]*?)\s+loading=[\"']?lazy[\"']?", re.I)


# The logo as the header shows it (``.brand img`` in site.css: 2.75rem), at 1x, 2x and
# 3x screens; the favicon and the icon iOS and Android put on a home screen.
LOGO_HEIGHT = 44
LOGO_DENSITIES = (1, 2, 3)  # never above the logo's own size
FAVICON_SIDE = 32
TOUCH_ICON_SIDE = 180


def _srcset(siteurl, outputs):
    return ", ".join(f"{siteurl}/{quote(path)} {width}w" for path, width, _ in outputs)


@dataclasses.dataclass(frozen=True)
class Picture:
    """One published image: its file and its smaller copies, in its format and in smaller ones."""

    source: str  # absolute path of the file in content/
    path: str  # relative to the output folder and to SITEURL
    found: encode.Probe
    outputs: tuple  # ((path, width, height), ...), smallest first; the last is ``path`` itself
    siteurl: str
    sources: tuple = ()  # ((format, outputs), ...): the same widths in AVIF/WebP, best first

    @property
    def width(self):
        return self.outputs[-1][1]

    @property
    def height(self):
        return self.outputs[-1][2]

    @property
    def srcset(self):
        """Every width with its absolute URL; empty when there is only one."""
        if len(self.outputs) < 2:
            return ""
        return _srcset(self.siteurl, self.outputs)

    def files(self):
        """(path, format, width, height) of every file this picture publishes."""
        own = [(path, self.found.format, w, h) for path, w, h in self.outputs]
        return own + [(path, fmt, w, h) for fmt, outputs in self.sources for path, w, h in outputs]

    def attributes(self, sizes=""):
        """width, height and (with ``sizes``, the layout width) srcset, as HTML attributes."""
        text = f' width="{self.width}" height="{self.height}"'
        if sizes and self.srcset:
            text += f' srcset="{escape(self.srcset)}" sizes="{escape(sizes)}"'
        return Markup(text)

    def source_tags(self, sizes=""):
        """A ``<source>`` per smaller format, best first, for a ``<picture>``."""
        tags = []
        for fmt, outputs in self.sources:
            srcset = _srcset(self.siteurl, outputs) if sizes else f"{self.siteurl}/{quote(outputs[-1][0])}"
            media = f' sizes="{escape(sizes)}"' if sizes else ""
            tags.append(f'<source type="{encode.MEDIA_TYPE[fmt]}" srcset="{escape(srcset)}"{media}>')
        return "".join(tags)

    def wrap(self, img, sizes=""):
        """``img`` (an ``<img>`` tag of this picture) inside a ``<picture>`` with its smaller formats."""
        return Markup(f"<picture>{self.source_tags(sizes)}{img}</picture>" if self.sources else img)

    def markup(self, alt, sizes="", lazy=True):
        """``<picture>``: a ``<source>`` per smaller format, then the ``<img>`` in the original
        format, with its width and height; ``lazy``: loaded when it nears the screen."""
        loading = ' loading="lazy"' if lazy else ""
        src = f"{self.siteurl}/{quote(self.path)}"
        return self.wrap(f'<img src="{escape(src)}"{self.attributes(sizes)} alt="{escape(alt)}"{loading}>', sizes)


@dataclasses.dataclass(frozen=True)
class Icons:
    """The logo at the size the header shows it, the favicon and the apple-touch-icon."""

    source: str
    logo: tuple  # ((path, width, height), ...) at 1x, 2x, 3x
    favicon: str
    touch_icon: str
    siteurl: str

    @property
    def logo_src(self):
        return f"{self.siteurl}/{self.logo[0][0]}"

    @property
    def logo_srcset(self):
        return ", ".join(f"{self.siteurl}/{path} {h / self.logo_height:.3g}x" for path, _, h in self.logo)

    @property
    def logo_width(self):
        return self.logo[0][1]

    @property
    def logo_height(self):
        return self.logo[0][2]

    def files(self):
        """(path, recipe) of each icon: a height for the logo, a square side (and background) for the others."""
        logo = [(path, ("height", height)) for path, _, height in self.logo]
        return logo + [
            (self.favicon, ("square", FAVICON_SIDE, None)),
            (self.touch_icon, ("square", TOUCH_ICON_SIDE, "#ffffff")),
        ]


class Pictures:
    """The build's images (the site model's ``pictures``): found after reading, written at output."""

    def __init__(self, settings, content_path, cache):
        self.settings = settings
        self.content_path = content_path
        self.cache = cache  # the build's tadamon.cache.Cache: photos count by their bytes
        self.by_path = {}
        self.icons = None  # Icons, when the association has a logo
        self.files = {}  # path -> ((output path, cached file), ...), once encoded
        self.store = None  # tadamon.cache.Store of the encoded files, once encoding starts

    def add(self, source, path, problems):
        """Take ``source`` (in content/) to publish at ``path``; a broken file is a content mistake."""
        if path in self.by_path or not path.lower().endswith(encode.EXTENSIONS):
            return path in self.by_path
        shown = shown_path(self.content_path, source)
        problem = link_problem(source, self.content_path) or size_problem(source, self.content_path, MAX_IMAGE_BYTES)
        if problem is not None:
            problems.append(problem)
            return True  # neither published nor copied
        try:
            with warnings.catch_warnings():  # Pillow only warns up to twice its MAX_IMAGE_PIXELS: refuse there
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                found = encode.probe(source)
        except (Image.DecompressionBombWarning, ValueError) as error:
            if isinstance(error, Image.DecompressionBombWarning) or isinstance(
                error.__cause__, Image.DecompressionBombError
            ):
                message = _(
                    "the image has more than {limit} million pixels: too many for a web page, "
                    "and decoding it could exhaust the build's memory (a decompression bomb)",
                    limit=Image.MAX_IMAGE_PIXELS // 1_000_000,
                )
                problems.append(Problem(shown, message, fix=SMALLER))
            else:
                problems.append(Problem(shown, _("the image cannot be used: {reason}", reason=str(error)), fix=EXPORT))
            return True
        self.by_path[path] = self._variants(source, path, found)
        return True

    def _variants(self, source, path, found):
        """The Picture of ``source``: its widths in its own format and in the smaller ones."""
        stem, extension = os.path.splitext(path)
        sizes = encode.plan(found, self.settings["TADAMON_IMAGE_WIDTHS"])
        outputs = [(f"{stem}-{w}w{extension}", w, h) for w, h in sizes[:-1]] + [(path, *sizes[-1])]
        wanted = {f.upper() for f in self.settings["TADAMON_IMAGE_FORMATS"]}
        sources = tuple(
            (fmt, tuple((f"{stem}-{w}w{encode.EXTENSION_OF[fmt]}", w, h) for w, h in sizes))
            for fmt in encode.modern_formats(found, wanted)
        )
        return Picture(source, path, found, tuple(outputs), self.settings["SITEURL"], sources)

    def add_icons(self, source):
        """The association's logo (``source``): header sizes, favicon, apple-touch-icon."""
        try:
            found = encode.probe(source)
        except ValueError:
            return  # add() reports it as the logo's own file
        if found.animated:
            return  # shown as it is: its frames are not resized
        height = min(LOGO_HEIGHT, found.height)
        heights = [height * d for d in LOGO_DENSITIES if height * d <= found.height]
        if heights[-1] < min(found.height, height * LOGO_DENSITIES[-1]):
            heights.append(found.height)  # a small logo: its own size is the sharpest there is
        logo = [(f"icons/logo-{h}.png", max(1, round(found.width * h / found.height)), h) for h in heights]
        self.icons = Icons(
            source,
            tuple(logo),
            f"icons/favicon-{FAVICON_SIDE}.png",
            "icons/apple-touch-icon.png",
            self.settings["SITEURL"],
        )

    def settle(self):
        """A smaller copy never replaces a file of the same name from content/."""
        for path, picture in self.by_path.items():
            outputs = tuple(o for o in picture.outputs if o[0] == path or o[0] not in self.by_path)
            sources = tuple(
                (fmt, kept)
                for fmt, variants in picture.sources
                if (kept := tuple(o for o in variants if o[0] not in self.by_path))
            )
            self.by_path[path] = dataclasses.replace(picture, outputs=outputs, sources=sources)

    def get(self, path):
        return self.by_path.get(unquote(str(path)).lstrip("/"))

    # --- encoding, then writing ---------------------------------------------

    def encode(self, problems):
        """Encode, into the cache, every output the cache lacks; a photo that
        cannot be decoded is a content mistake, found before anything is written
        (by ``tadamon check`` too)."""
        start = time.perf_counter()
        store = self.store = Store(self.cache_folder())
        pictures = sorted(self.by_path.values(), key=lambda p: p.path)
        planned = [self._planned(picture, store) for picture in pictures]
        jobs = [(p.source, p.found, missing) for p, (_e, _c, missing) in zip(pictures, planned, strict=True) if missing]
        made = self._render(jobs)  # in the order of jobs, each as soon as it is there
        encoded = 0
        for picture, (entries, cached, missing) in zip(pictures, planned, strict=True):
            result = self._finish(picture, entries, cached, missing, next(made) if missing else None, store)
            if isinstance(result, Problem):
                problems.append(result)
                continue
            self.files[picture.path] = result
            encoded += len(missing)
        if self.icons is not None:
            self.files[self.icons.source], missing = self._encode_icons(store)
            encoded += missing
        outputs = sum(len(files) for files in self.files.values())
        logger.info(
            "Images: %d files, %d outputs, %d encoded, %d from the cache, in %.2f s",
            len(pictures),
            outputs,
            encoded,
            outputs - encoded,
            time.perf_counter() - start,
        )

    def publish(self, plan):
        """Every output at its path (``tadamon.output``), as a hard link to the
        cache; its key in the plan is its cache file's name (the photo's digest, the recipe)."""
        for files in self.files.values():
            for path, cached in files:
                plan.copy(path, cached, os.path.basename(cached))
        if self.store is not None:
            self.store.finish(self.settings)

    def size(self, path):
        """The size in bytes of the file published at ``path`` (a feed's enclosure
        says it): read from the cache, never from the output folder."""
        picture = self.get(path)
        cached = dict(self.files.get(picture.path, ())).get(picture.path) if picture is not None else None
        return os.path.getsize(cached) if cached else None

    def cache_folder(self):
        path = self.settings.get("TADAMON_IMAGE_CACHE_PATH")
        if path:
            return path
        return os.path.join(os.path.dirname(os.path.normpath(self.settings["CACHE_PATH"])), "images")

    def _planned(self, picture, store):
        """The store's entry of each file of ``picture``: (entries, cached files, files the cache lacks)."""
        quality = self.settings["TADAMON_IMAGE_QUALITY"]
        avif_quality = self.settings["TADAMON_IMAGE_AVIF_QUALITY"]
        # The photo's digest is remembered between builds: it is read only to encode what the cache lacks.
        recipe = f"{self.cache.digest(picture.source)}-{encode.VERSION}-q{quality}"
        entries = {}  # (format, size) -> (key, suffix) in the store
        for _path, fmt, w, h in picture.files():
            extension = os.path.splitext(picture.path)[1].lower() if fmt == picture.found.format else ""
            level = f"-q{avif_quality}s{encode.AVIF_SPEED}" if fmt == "AVIF" else ""
            entries[fmt, (w, h)] = (fingerprint(recipe, level, w, h), extension or encode.EXTENSION_OF[fmt])
        cached = {target: store.get(*entry) for target, entry in entries.items()}
        return entries, cached, [target for target, file in cached.items() if file is None]

    def _render(self, jobs):
        """The files of each (source, found, missing targets) of ``jobs``, one by one
        in order: {target: bytes}, or the error that reading the photo raised."""
        render = functools.partial(
            _render_one, quality=(self.settings["TADAMON_IMAGE_QUALITY"], self.settings["TADAMON_IMAGE_AVIF_QUALITY"])
        )
        if not jobs:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            yield from map(render, jobs)
            return
        context = multiprocessing.get_context("fork")  # nothing to import again; a job is a path
        with ProcessPoolExecutor(min(len(jobs), os.cpu_count() or 1), mp_context=context) as pool:
            yield from pool.map(render, jobs)

    def _finish(self, picture, entries, cached, missing, result, store):
        """((output path, cached file), ...), or a Problem. ``result``: what
        ``_render`` made of the ``missing`` files, kept in the store here."""
        if missing:
            if isinstance(result, Exception):
                return Problem(
                    shown_path(self.content_path, picture.source),
                    _("the image cannot be read: {error}", error=str(result)),
                    fix=_("export it again as a JPEG, PNG or WebP file"),
                )
            for target, content in result.items():
                key, suffix = entries[target]
                cached[target] = store.put(key, content, suffix)
        return tuple((path, cached[fmt, (w, h)]) for path, fmt, w, h in picture.files())

    def _encode_icons(self, store):
        """The logo's header sizes, favicon and apple-touch-icon, from the cache when they are there."""
        icons = self.icons
        recipe = f"{self.cache.digest(icons.source)}-{encode.VERSION}-icon"
        files, encoded, data = [], 0, None
        for path, shape in icons.files():
            key = fingerprint(recipe, [str(part) for part in shape])
            file = store.get(key, ".png")
            if file is None:
                if data is None:
                    with open(icons.source, "rb") as stream:
                        data = stream.read()
                if shape[0] == "height":
                    found = encode.probe(icons.source)
                    size = next((w, h) for p, w, h in icons.logo if p == path)
                    content = encode.render(data, found, [("PNG", size)], 0)[("PNG", size)]
                else:
                    content = encode.render_icon(data, shape[1], shape[2])
                file = store.put(key, content, ".png")
                encoded += 1
            files.append((path, file))
        return tuple(files), encoded


def _render_one(job, quality):
    """In a worker: the encoded files of one photo, or the error reading it raised."""
    source, found, missing = job
    try:
        with open(source, "rb") as stream:
            return encode.render(stream.read(), found, missing, *quality)
    except (OSError, ValueError, SyntaxError) as error:
        return error


def take_images(build):
    """Reading is over: take the photos out of the static files, with the images
    items and partners point to, and settle what each is published as."""
    site = build.site
    pictures, problems = site.pictures, site.problems
    kept = []
    for source, save_as in site.static:
        if not pictures.add(source, save_as, problems):
            problem = size_problem(source, build.path, MAX_FILE_BYTES)
            if problem is None:
                kept.append((source, save_as))
            else:
                problems.append(problem)
    site.static = kept

    paths = [item.image.path for item in site.all_items if item.image]
    association = site.association
    if association is not None:
        paths += [association.logo] + [p.logo for p in association.partners.values()]
    for path in filter(None, paths):
        pictures.add(os.path.join(build.path, path), path, problems)
    if association is not None and pictures.get(association.logo):  # a logo refused above gets no icons
        pictures.add_icons(os.path.join(build.path, association.logo))
    pictures.settle()


@pass_context
def _picture(ctx, path):
    """The published image at ``path`` (relative to SITEURL), or None for any other file."""
    pictures = site_of(ctx).pictures
    return pictures.get(path) if pictures is not None and path else None


@pass_context
def _sized_images(ctx, text, sizes=""):
    """Give the site's own images in an HTML body their width, height and srcset."""
    pictures = site_of(ctx).pictures
    prefix = f"{ctx['SITEURL']}/"

    def replace(match):
        tag = match.group(0)
        src = SRC_RE.search(tag)
        if pictures is None or src is None or SIZED_RE.search(tag):
            return tag
        url = html.unescape(src.group(2))
        picture = pictures.get(url[len(prefix) :]) if url.startswith(prefix) else None
        if picture is None:
            return tag
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        lazy = "" if " loading=" in tag.lower() else ' loading="lazy"'
        return picture.wrap(f"{tag[:end].rstrip()}{picture.attributes(sizes)}{lazy}{tag[end:]}", sizes)

    return Markup(IMG_RE.sub(replace, str(text or "")))


def _first_image_now(text):
    """The first image of a page's main part loads at once: it is what a visitor
    sees first (lazy-loading it would delay the largest paint); lazy are the rest."""
    text = str(text)  # a Markup would escape the plain str pieces joined to it
    first = IMG_RE.search(text)
    if first is None or "lazy" not in first.group(0):
        return text
    tag = FIRST_LAZY_RE.sub(r"\1", first.group(0), count=1)
    return Markup(text[: first.start()] + tag + text[first.end() :])


def install(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["picture"] = _picture
        env.filters["sized_images"] = _sized_images
        env.filters["first_image_now"] = _first_image_now


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
