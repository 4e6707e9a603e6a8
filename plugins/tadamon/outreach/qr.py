"""QR codes as inline SVG, made at build time with segno, and prefilled messages.

The same text always gives the same bytes (segno chooses the mask by its
score, the SVG has no date or random id): a page with a QR code is
reproducible like any other.
"""

import io
from urllib.parse import quote

from markupsafe import escape


def svg(text, label, error="m"):
    """An inline ``<svg role="img">`` of ``text`` as a QR code, named ``label``.

    Dark modules on a white ground with the standard quiet zone of four
    modules, whatever the page's colours; sized by the style sheet (viewBox
    only). Text that is not Latin-1 is encoded in UTF-8 (EPC codes say so)."""
    import segno  # only on pages that show a code

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
    markup = buffer.getvalue().decode("utf-8")
    return markup.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


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
