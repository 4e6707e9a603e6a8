"""QR codes as inline SVG, made at build time with segno, and prefilled messages.

The same text always gives the same bytes (segno chooses the mask by its
score, the SVG has no date or random id): a page with a QR code is
reproducible like any other.

Choosing the mask is most of the cost (about 4 ms a code, where rendering a
page takes about 1), and every page is rendered again on a new build day:
``Codes.prepare`` makes the codes the cache lacks on every core before the
pages are rendered, and ``Codes`` keeps each drawing in the cache folder (``qr/xx/<key>.svg``, keyed
by the text, the error correction level and segno's version), so a site's
codes are made once. An entry starts with the sha256 of the drawing it holds
and is used only if that still matches; any other is made again. Entries are
not pruned: there is one per address or account a page has shown, a few KB
each, and removing the folder costs time only.
"""

import contextlib
import hashlib
import importlib.metadata
import os
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import quote

from markupsafe import escape

from tadamon.cache import fingerprint, write_whole

PARALLEL_FROM = 64  # codes missing from the cache: fewer are made in this process (a pool costs its start)


class Codes:
    """The QR codes of one build, from the cache folder ``folder`` or made anew."""

    def __init__(self, folder):
        self.folder = folder
        self.made = {}  # (text, error) -> drawing made ahead (prepare), until a page takes it
        self._version = None

    def svg(self, text, label, error="m"):
        """An inline ``<svg role="img">`` of ``text`` as a QR code, named ``label``."""
        drawing = self.made.pop((text, error), None) or self._kept(text, error)
        return named(drawing, label)

    def prepare(self, texts, error="m", workers=None):
        """Make the codes of ``texts`` that the cache lacks, on every core (a site's
        first build draws one per poster page)."""
        missing = [text for text in dict.fromkeys(texts) if self._cached(text, error) is None]
        workers = workers or os.cpu_count() or 1
        if len(missing) < PARALLEL_FROM or workers < 2:
            return  # made one by one as the pages ask
        with ProcessPoolExecutor(workers) as pool:
            drawings = pool.map(draw, missing, [error] * len(missing), chunksize=32)
            for text, drawing in zip(missing, drawings, strict=True):
                self.made[text, error] = drawing
                self._keep(text, error, drawing)

    def _kept(self, text, error):
        drawing = self._cached(text, error)
        if drawing is None:
            drawing = draw(text, error)
            self._keep(text, error, drawing)
        return drawing

    def _path(self, text, error):
        if self._version is None:
            self._version = importlib.metadata.version("segno")
        key = fingerprint("qr", self._version, error, text)
        return os.path.join(self.folder, key[:2], key + ".svg")

    def _cached(self, text, error):
        """The drawing the cache keeps for ``text``, if it is the one its sha256 says."""
        try:
            with open(self._path(text, error), "rb") as stream:
                digest, _, data = stream.read().partition(b"\n")
            if hashlib.sha256(data).hexdigest().encode() == digest:
                return data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        return None

    def _keep(self, text, error, drawing):
        data = drawing.encode("utf-8")
        with contextlib.suppress(OSError):  # a full disk or a read-only cache: the page still gets its code
            write_whole(self._path(text, error), hashlib.sha256(data).hexdigest().encode() + b"\n" + data)


def svg(text, label, error="m"):
    """``Codes.svg`` without a cache."""
    return named(draw(text, error), label)


def named(drawing, label):
    """The drawing as an image with its accessible name."""
    return drawing.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def draw(text, error="m"):
    """The SVG of ``text`` as a QR code: dark modules on a white ground with the
    standard quiet zone of four modules, whatever the page's colours; sized by
    the style sheet (viewBox only). Text that is not ASCII is encoded in UTF-8
    (EPC codes say so)."""
    import io

    import segno  # only where a page shows a code

    code = segno.make(text, error=error, micro=False, encoding=None if text.isascii() else "utf-8")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
    )
    return buffer.getvalue().decode("utf-8")


def prefilled(kind, href, message):
    """``href`` of a way to apply, with ``message`` as the e-mail's subject or the
    WhatsApp chat's first message (wa.me links only; a group's link is kept)."""
    if not message or "?" in href:
        return href
    if kind == "email":
        return f"{href}?subject={quote(message, safe='')}"
    if kind == "whatsapp" and href.startswith(("https://wa.me/", "https://api.whatsapp.com/send")):
        return f"{href}?text={quote(message, safe='')}"
    return href
