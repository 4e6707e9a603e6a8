"""Stage: photos without their metadata, in the widths a page needs.

Every JPEG, PNG and WebP the site publishes (Pelican's static files, item
images, logos) is written by this plugin instead of being copied: encoded
again from its pixels, with the EXIF orientation applied and no EXIF, XMP or
IPTC (so no GPS position, camera serial number or author name is published),
at most as wide as the largest of ``TADAMON_IMAGE_WIDTHS``, with smaller copies
beside it (``images/x-480w.jpg``) for ``srcset``. The files in content/ are
only read. Outputs are cached in ``.cache/images`` by the hash of the source
bytes, their size and the code version: a rebuild encodes nothing again.
Encoding happens once reading is over, before anything is written, so that a
photo that cannot be decoded stops ``tadamon check`` as it stops a build; the
outputs are hard links to the cache.

Templates get ``picture(path)`` (sizes and ``srcset`` of an image) and the
filter ``sized_images(html, sizes)`` for ``<img>`` in Markdown bodies.
"""

import dataclasses
import hashlib
import html
import logging
import os
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator
from PIL import Image

from tadamon import listed_alone
from tadamon.errors import Problem, _, problems_of, shown_path
from tadamon.files import MAX_FILE_BYTES, MAX_IMAGE_BYTES, link_problem, size_problem
from tadamon.images import encode

logger = logging.getLogger(__name__)

SMALLER = _("make it smaller: 4000 pixels wide is plenty for a web page")
EXPORT = _("open it in an image editor and export it again as JPEG, PNG or WebP")

IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
SRC_RE = re.compile(r"""\ssrc=(["'])(.*?)\1""", re.I | re.S)
SIZED_RE = re.compile(r"\s(?:width|height|srcset)=", re.I)


@dataclasses.dataclass(frozen=True)
class Picture:
    """One published image: its file and its smaller copies."""

    source: str  # absolute path of the file in content/
    path: str  # relative to the output folder and to SITEURL
    found: encode.Probe
    outputs: tuple  # ((path, width, height), ...), smallest first; the last is ``path`` itself
    siteurl: str

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
        return ", ".join(f"{self.siteurl}/{quote(path)} {width}w" for path, width, _ in self.outputs)

    def attributes(self, sizes=""):
        """width, height and (with ``sizes``, the layout width) srcset, as HTML attributes."""
        text = f' width="{self.width}" height="{self.height}"'
        if sizes and self.srcset:
            text += f' srcset="{escape(self.srcset)}" sizes="{escape(sizes)}"'
        return Markup(text)


class Pictures:
    """The build's images (in the context as ``pictures``): found after reading, written at output."""

    def __init__(self, settings, content_path):
        self.settings = settings
        self.content_path = content_path
        self.by_path = {}
        self.files = {}  # path -> ((output path, cached file), ...), once encoded

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
        stem, extension = os.path.splitext(path)
        sizes = encode.plan(found, self.settings["TADAMON_IMAGE_WIDTHS"])
        outputs = [(f"{stem}-{w}w{extension}", w, h) for w, h in sizes[:-1]] + [(path, *sizes[-1])]
        self.by_path[path] = Picture(source, path, found, tuple(outputs), self.settings["SITEURL"])
        return True

    def settle(self):
        """A smaller copy never replaces a file of the same name from content/."""
        for path, picture in self.by_path.items():
            outputs = tuple(o for o in picture.outputs if o[0] == path or o[0] not in self.by_path)
            self.by_path[path] = dataclasses.replace(picture, outputs=outputs)

    def get(self, path):
        return self.by_path.get(unquote(str(path)).lstrip("/"))

    # --- encoding, then writing ---------------------------------------------

    def encode(self, problems):
        """Encode, into the cache, every output the cache lacks; a photo that
        cannot be decoded is a content mistake, found before anything is written
        (by ``tadamon check`` too)."""
        start = time.perf_counter()
        cache = self._cache_path()
        os.makedirs(cache, exist_ok=True)
        pictures = sorted(self.by_path.values(), key=lambda p: p.path)
        workers = min(len(pictures), os.cpu_count() or 1) or 1
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda p: self._encode_one(p, cache), pictures))
        encoded = 0
        for picture, result in zip(pictures, results, strict=True):
            if isinstance(result, Problem):
                problems.append(result)
                continue
            self.files[picture.path], missing = result
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

    def publish(self, output):
        """Every output at its path (``tadamon.output``), as a hard link to the cache."""
        for files in self.files.values():
            for path, cached in files:
                output.write(path, source=cached, link=True)

    def _cache_path(self):
        path = self.settings.get("TADAMON_IMAGE_CACHE_PATH")
        if path:
            return path
        return os.path.join(os.path.dirname(os.path.normpath(self.settings["CACHE_PATH"])), "images")

    def _encode_one(self, picture, cache):
        """((output path, cached file), ...) and how many were encoded; or a Problem."""
        with open(picture.source, "rb") as stream:
            data = stream.read()
        quality = self.settings["TADAMON_IMAGE_QUALITY"]
        recipe = f"{hashlib.sha256(data).hexdigest()}-{encode.VERSION}-q{quality}"
        extension = os.path.splitext(picture.path)[1].lower()
        cached = {(w, h): os.path.join(cache, f"{recipe}-{w}x{h}{extension}") for _, w, h in picture.outputs}
        missing = [size for size, file in cached.items() if not os.path.exists(file)]
        if missing:
            try:
                rendered = encode.render(data, picture.found, missing, quality)
            except (OSError, ValueError, SyntaxError) as error:
                return Problem(
                    shown_path(self.content_path, picture.source),
                    _("the image cannot be read: {error}", error=str(error)),
                    fix=_("export it again as a JPEG, PNG or WebP file"),
                )
            for size, content in rendered.items():
                temporary = f"{cached[size]}.{os.getpid()}.{threading.get_ident()}"
                with open(temporary, "wb") as stream:
                    stream.write(content)
                os.replace(temporary, cached[size])
        return tuple((path, cached[(w, h)]) for path, w, h in picture.outputs), len(missing)


class ImagesGenerator(Generator):
    """Puts the build's ``Pictures`` in the context; they are encoded once
    reading is over, and written at output time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context["pictures"] = Pictures(self.settings, self.path)

    def generate_output(self, writer):
        self.context["pictures"].publish(writer.output)


def _encode(generators):
    """Reading is over: encode the photos, before validation stops on mistakes."""
    context = generators[0].context if generators else {}
    pictures = context.get("pictures")
    if pictures is not None:
        pictures.encode(problems_of(context))


def _take_images(static_generator):
    """After every generator has read (Pelican's static files are found last): take the
    images out of Pelican's copy list, plus the images items and partners point to."""
    context = static_generator.context
    pictures = context.get("pictures")
    if pictures is None:
        return
    problems = problems_of(context)
    kept = []
    for static in static_generator.staticfiles:
        # A file linked from a page ({static}) is not found by the confined walk (tadamon.files.confine):
        # the same rule, once more, on every file Pelican would copy.
        problem = link_problem(static.source_path, static_generator.path)
        if problem is not None:
            problems.append(problem)
        elif not pictures.add(static.source_path, static.save_as, problems):
            problem = size_problem(static.source_path, static_generator.path, MAX_FILE_BYTES)
            if problem is None:
                kept.append(static)
            else:
                problems.append(problem)
    static_generator.staticfiles[:] = kept  # also context["staticfiles"]: the same list

    paths = [item.image.path for item in context.get("all_items", ()) if getattr(item, "image", None)]
    association = context.get("association")
    if association is not None:
        paths += [association.logo] + [p.logo for p in association.partners.values()]
    for path in filter(None, paths):
        pictures.add(os.path.join(static_generator.path, path), path, problems)
    pictures.settle()


@pass_context
def _picture(ctx, path):
    """The published image at ``path`` (relative to SITEURL), or None for any other file."""
    pictures = ctx.get("pictures")
    return pictures.get(path) if pictures is not None and path else None


@pass_context
def _sized_images(ctx, text, sizes=""):
    """Give the site's own images in an HTML body their width, height and srcset."""
    pictures = ctx.get("pictures")
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
        return f"{tag[:end].rstrip()}{picture.attributes(sizes)}{lazy}{tag[end:]}"

    return Markup(IMG_RE.sub(replace, str(text or "")))


def install(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["picture"] = _picture
        env.filters["sized_images"] = _sized_images


def _images_generator(pelican):
    return ImagesGenerator


def connect():
    """Connect this stage's handlers (called by tadamon.register, in the order of its STAGES)."""
    signals.generator_init.connect(install)
    signals.get_generators.connect(_images_generator)
    signals.static_generator_finalized.connect(_take_images)
    signals.all_generators_finalized.connect(_encode)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
