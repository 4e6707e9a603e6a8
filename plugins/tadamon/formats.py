"""What each kind of item is published as, in one table (Hugo's output formats).

A producer asks ``kinds_with(its format)`` or ``has(kind, its format)`` for
the items it publishes and never keeps a list of kinds of its own: giving a
kind a format, or adding a kind, is one line here.

- ``PAGE``: the item's HTML page (``tadamon.kinds``), in the sitemap;
- ``LIST``: a list of the kind's items, paginated, with its own feed if ``FEEDS`` names one;
- ``CARD``: the item page's share card (``tadamon.cards``);
- ``FEED``: an entry in its language's feed of everything (``tadamon.feeds``);
- ``CALENDAR``: an event, in its own ``.ics`` and in its language's calendar (``tadamon.calendar``);
- ``JSONLD``: a node of structured data on its page (``tadamon.structured``);
- ``SEARCH``: a record of its language's search index (``tadamon.search``);
- ``POSTER``: an A4 poster when the page is printed, with its QR code (``tadamon.outreach``).
"""

PAGE, LIST, CARD, FEED, CALENDAR, JSONLD, SEARCH, POSTER = (
    "page",
    "list",
    "card",
    "feed",
    "calendar",
    "jsonld",
    "search",
    "poster",
)

FORMATS = {
    "activity": (PAGE, LIST, CARD, FEED, CALENDAR, JSONLD, SEARCH, POSTER),
    "project": (PAGE, LIST, CARD, FEED, JSONLD, SEARCH),
    "campaign": (PAGE, LIST, CARD, FEED, JSONLD, SEARCH, POSTER),
    "volunteer": (PAGE, LIST, CARD, FEED, JSONLD, SEARCH, POSTER),
    "news": (PAGE, LIST, CARD, FEED, JSONLD, SEARCH),
    "page": (PAGE, CARD, JSONLD, SEARCH),
}


def kinds_with(format_):
    """The kinds published as ``format_``, in the table's order."""
    return tuple(kind for kind, formats in FORMATS.items() if format_ in formats)


def has(kind, format_):
    """Is an item of ``kind`` published as ``format_``?"""
    return format_ in FORMATS.get(kind, ())
