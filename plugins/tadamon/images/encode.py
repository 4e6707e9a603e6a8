"""Pillow's part: what an image is, which widths it gets, and clean bytes for each.

Every output is encoded afresh from the pixels, never copied: that is the only
way to be sure that no EXIF (GPS position, camera serial number, author), XMP,
IPTC or comment block leaves with it. The EXIF orientation is applied to the
pixels first. Only the ICC colour profile (colours, not people) and PNG
transparency are kept. The same input gives the same bytes.
"""

import io
from dataclasses import dataclass

import PIL
from PIL import Image, ImageOps, features

# Bump when encode() writes different bytes for the same input: cached files are keyed by it.
# 2: lossy WebP at method 5, AVIF on two threads whatever the machine.
VERSION = f"2-pillow{PIL.__version__}"
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}  # MPO: a JPEG with extra pictures
# Output formats: file extension and media type (for <source type>).
EXTENSION_OF = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif"}
MEDIA_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # orientations that swap width and height
VARIANT_GAP = 0.8  # a smaller copy must save at least a fifth of the width to be worth a file
# What a photo's outputs cost to encode, per photo of 1600x1067 at 320, 640, 960
# and 1600 px (CPU; the demo's drawings, and a noisy photograph): JPEG 21 ms in
# all; WebP at method 6 194 ms (395 on the photograph); AVIF at speed 8 231 ms
# (469), of which the 1600 px one is half. Decoding and resizing: 45 ms.
#
# libavif's speed (0 slowest, 10 fastest): 8 encodes three times faster than its
# default 6 for files 10 % larger; 9 is three times faster again, but its files
# are 6 to 33 % larger than 8's at the same quality setting, with a lower PSNR
# at 320 to 960 px: not taken.
AVIF_SPEED = 8
# libaom writes other bytes on one thread than on two or more (on two, four or
# eight the same): fixed, the files do not depend on the machine's cores. The
# photos are encoded one per core already (tadamon.images), so more threads
# per photo save no time (6 photos: 1.30 s of wall time either way).
AVIF_THREADS = 2
# libwebp's method (0 fastest, 6 slowest) for lossy WebP: 5 takes 20 to 47 %
# less CPU than 6 for files 0 to 2.6 % larger at the same PSNR; WebP is what
# browsers without AVIF get (<picture> offers AVIF first).
WEBP_METHOD = 5
STILL_INFO = ("transparency",)
ANIMATION_INFO = ("transparency", "duration", "loop", "background")


@dataclass(frozen=True)
class Probe:
    """What the header says: enough to plan the outputs without decoding."""

    format: str  # JPEG, PNG or WEBP: the output keeps the source's format
    width: int  # as shown, orientation applied
    height: int
    animated: bool


def probe(path):
    """Read a file's header; raise ValueError if it is no JPEG, PNG or WebP image."""
    try:
        with Image.open(path) as im:
            fmt = FORMATS.get(im.format)
            if fmt is None:
                raise ValueError(f"it is a {im.format} file, not a JPEG, PNG or WebP image")
            width, height = im.size
            if im.getexif().get(ORIENTATION) in TURNED:
                width, height = height, width
            animated = fmt != "JPEG" and getattr(im, "is_animated", False)
    except Image.DecompressionBombError as error:
        raise ValueError("it is too large to be an image for a web page") from error
    except (OSError, SyntaxError) as error:  # Pillow's "cannot identify image file" and broken headers
        raise ValueError("it is not a readable JPEG, PNG or WebP image") from error
    return Probe(fmt, width, height, animated)


def plan(found, steps):
    """The (width, height) of each output, smallest first; the last is the file at the image's own path.

    Never wider than the image, nor than the largest step.
    """
    if found.animated:
        return [(found.width, found.height)]
    top = min(found.width, max(steps))
    widths = [w for w in sorted(set(steps)) if w <= top * VARIANT_GAP] + [top]
    return [(w, max(1, round(found.height * w / found.width))) for w in widths]


def modern_formats(found, wanted):
    """The smaller formats an image is also published in, best first, among ``wanted`` (AVIF, WEBP).

    Photos (JPEG) get both; drawings and logos (PNG) get lossless WebP, which
    keeps their sharp edges (AVIF would blur them); WebP stays as it is, and so
    does an animation. AVIF only when this Pillow can write it."""
    if found.animated or found.format == "WEBP":
        return ()
    offered = ("AVIF", "WEBP") if found.format == "JPEG" else ("WEBP",)
    return tuple(f for f in offered if f in wanted and (f != "AVIF" or features.check("avif")))


def render(data, found, targets, quality, avif_quality=None):
    """Encode ``data`` (the source file's bytes) at each target; return {target: bytes}.

    A target is a (width, height), in the source's format, or a (format, (width, height))."""
    wanted = {t: t if isinstance(t[0], str) else (found.format, t) for t in targets}
    with Image.open(io.BytesIO(data)) as source:
        if found.animated:
            return {targets[0]: _save_animation(source, found.format, quality, _is_lossless_webp(data))}
        icc = source.info.get("icc_profile")
        lossless = found.format in ("PNG", "WEBP") and (found.format == "PNG" or _is_lossless_webp(data))
        _draft(source, found, max(size[0] for _, size in wanted.values()))
        im = ImageOps.exif_transpose(source)
        resized, outputs = {}, {}
        for target, (fmt, size) in wanted.items():
            if size not in resized:
                resized[size] = (
                    im if im.size == size else _resample(im).resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
                )
            level = avif_quality if fmt == "AVIF" and avif_quality else quality
            outputs[target] = _save(resized[size], fmt, level, icc, lossless, STILL_INFO)
        return outputs


def render_icon(data, side, background=None):
    """A square PNG icon of ``side`` pixels: the image fitted inside, centred, on
    transparency or (``background``, e.g. "#ffffff": iOS paints a transparent
    apple-touch-icon black) on that colour."""
    with Image.open(io.BytesIO(data)) as source:
        source.seek(0)  # the first frame of an animation
        im = _resample(ImageOps.exif_transpose(source)).convert("RGBA")
    im = ImageOps.contain(im, (side, side), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (side, side), background or (0, 0, 0, 0))
    canvas.alpha_composite(im, ((side - im.width) // 2, (side - im.height) // 2))
    if background:
        canvas = canvas.convert("RGB")
    return _save(canvas, "PNG", 0, None, False, ())


def _draft(source, found, width):
    """For a JPEG much larger than needed, let libjpeg decode it at 1/2, 1/4 or 1/8 scale (much faster)."""
    if found.format != "JPEG" or width * 2 > found.width:
        return
    height = round(found.height * width / found.width)
    turned = source.getexif().get(ORIENTATION) in TURNED
    source.draft(source.mode, (height, width) if turned else (width, height))


def _resample(im):
    """Palette and bilevel images are resized pixel by pixel by Pillow: give them full colour first."""
    if im.mode in ("1", "P", "PA", "I", "I;16", "F"):
        return im.convert("RGBA" if im.has_transparency_data else "RGB")
    return im


def _save(im, fmt, quality, icc, lossless, keep, **extra):
    im.info = {k: v for k, v in im.info.items() if k in keep}  # Pillow writes some of im.info back
    options = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if im.mode not in ("L", "RGB", "CMYK"):
            im = im.convert("RGB")
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "PNG":
        options.update(optimize=True)
    elif fmt == "AVIF":
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA" if im.has_transparency_data else "RGB")
        options.update(quality=quality, speed=AVIF_SPEED, max_threads=AVIF_THREADS)
    elif lossless:
        options.update(lossless=True)
    else:
        options.update(quality=quality, method=WEBP_METHOD)
    stream = io.BytesIO()
    im.save(stream, fmt, **options, **extra)
    return stream.getvalue()


def _save_animation(source, fmt, quality, lossless):
    """Animated PNG or WebP: every frame, same size (orientation does not apply to them)."""
    durations = []
    for frame in range(source.n_frames):
        source.seek(frame)
        source.load()  # a frame's duration is known once it is read
        durations.append(source.info.get("duration", 100))
    source.seek(0)
    extra = {"save_all": True, "duration": durations, "loop": source.info.get("loop", 0)}
    return _save(source, fmt, quality, source.info.get("icc_profile"), lossless, ANIMATION_INFO, **extra)


def _is_lossless_webp(data):
    """A WebP made losslessly (a drawing, a logo) stays lossless: its first image chunk is VP8L."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    position = 12
    while position + 8 <= len(data):
        chunk, length = data[position : position + 4], int.from_bytes(data[position + 4 : position + 8], "little")
        if chunk in (b"VP8 ", b"VP8L"):
            return chunk == b"VP8L"
        if chunk == b"ANMF":  # animation frame: its image chunk comes after 16 bytes of frame header
            position += 8 + 16
            continue
        position += 8 + length + (length & 1)
    return False
