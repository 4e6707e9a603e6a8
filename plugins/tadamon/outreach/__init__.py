"""Reaching people beyond the screen: posters, account numbers, prefilled messages.

- Every campaign, volunteer call and activity page prints as an A4 poster
  (the theme's print styles) with a QR code of the page's own address, an
  SVG made here at build time (``qr.py``): no script, no request.
- Account numbers (``accounts.py``) are checked on reading, shown grouped by
  four with a copy button, and a euro account (a SEPA IBAN) gets an EPC
  "scan to transfer" code beside its details.
- Ways to apply and to give open with a message that names the call
  (``apply_links``), in the page's language.

The theme gets ``page_qr(label)``, ``transfer_qr(channel, text, label)``,
``apply_links(apply, message)``, ``account_numbers`` (the details a donor
copies) and the ``grouped`` filter. The page's
address is ``SITEURL`` and the page's URL, both in the page's key (the
settings are site-wide inputs, the URL a template value); a transfer code
is made from the campaign's channels and title, which are the item's.
"""

import os

from jinja2 import pass_context
from markupsafe import Markup

from tadamon.formats import POSTER, has
from tadamon.outreach import accounts, qr


def apply_links(apply, message):
    """(kind, href, shown text) of each way to apply, the e-mail's subject and the
    WhatsApp chat's first message filled in with ``message`` (``_()`` in a template
    gives markup, its values escaped: the link carries the text itself)."""
    if isinstance(message, Markup):
        message = message.unescape()
    return [(kind, qr.prefilled(kind, href, message), shown) for kind, href, shown in apply.ways()]


def prepare(site, items):
    """Before the pages of ``items`` are rendered (those the cache lacks): the QR
    codes of the posters among them, made on every core."""
    if site.qr is not None:
        siteurl = site.settings.get("SITEURL", "")
        site.qr.prepare(f"{siteurl}/{item.url}" for item in items if has(item.kind, POSTER))


def install(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    codes = generator.site.qr = qr.Codes(os.path.join(settings["CACHE_PATH"], "qr"))

    @pass_context
    def page_qr(ctx, label):
        """The QR code of the page being rendered: its canonical address."""
        address = f"{settings.get('SITEURL', '')}/{ctx['page_url']}"
        return Markup(codes.svg(address, label))

    def transfer_qr(channel, text, label):
        """The EPC "scan to transfer" code of a bank channel with a SEPA IBAN, or ''."""
        details = channel.details
        number = details.get("iban", "")
        if channel.type != "bank" or not number or not accounts.is_sepa(number):
            return ""
        bic = details.get("swift") or details.get("bic") or ""
        payload = accounts.epc_payload(details.get("holder", ""), number, bic, text)
        return Markup(codes.svg(payload, label))

    env.globals.update(
        page_qr=page_qr, transfer_qr=transfer_qr, apply_links=apply_links, account_numbers=accounts.NUMBER_KEYS
    )
    env.filters["grouped"] = accounts.grouped
