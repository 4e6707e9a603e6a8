"""Drawing one share card with Pillow: 1200x630, Arabic shaped by libraqm.

Runs in worker processes (imported only there: Pillow's font engine costs
the build 1.5 MB); nothing here knows about Pelican. What is slow and
shared between cards (fonts, the scaled logo, a side picture, the header band)
is kept per process, keyed by the digests of the files it comes from; a worker
is given its cards sorted by picture and language (``CardStore.render``), so
it keeps the last two pictures and bases only.

The card is composed in RGB, then mapped onto a palette of 256 colours
chosen once per base (the picture's, the logo's and the ramps of each text
colour) and saved as an indexed PNG: that costs a third of the CPU of
compressing the RGB image (the zlib pass dominates) and makes files four times
smaller. Side pictures are dithered once, when they are scaled, so that their
gradients do not band.
"""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
BAND = 120  # the header band with the logo and the association's name
MARGIN = 64
PICTURE_WIDTH = 440
BOTTOM_BAR = 10
LOGO_SIZE = 72
EMBLEM_SIZE = 220  # the logo on cards without a picture
EMBLEM_SIDE = 330
GAP = 28  # between the title and what follows it
TITLE_SIZES = (68, 60, 52, 46)
TITLE_LINES = 3
PICTURE_COLOURS = 128  # the rest of the palette is left to the logo, text and flat colours
BAR_GREY = "#e5e7eb"
ELLIPSIS = "…"


def render(card, digests=None):
    """The card as PNG bytes; the same card always gives the same bytes."""
    digests = digests or {}
    rtl = card.direction == "rtl"
    primary, text_colour, accent = card.colours
    bold, regular = card.fonts
    logo_digest, picture_digest = digests.get(card.logo, ""), digests.get(card.picture, "")
    base, palette = _base(
        card.direction,
        card.lang,
        card.site_name,
        card.logo,
        logo_digest,
        card.picture,
        picture_digest,
        card.colours,
        bold,
    )
    canvas = base.copy()
    draw = ImageDraw.Draw(canvas)

    # The text column; a picture (or, without one, the logo's emblem) takes the far side.
    side = PICTURE_WIDTH if card.picture else (EMBLEM_SIDE if card.logo else 0)
    left, right = MARGIN, WIDTH - MARGIN
    if rtl:
        left += side
    else:
        right -= side
    width = right - left
    x, anchor = (right, "rs") if rtl else (left, "ls")
    style = {"direction": card.direction, "language": card.lang}

    def text(y, words, font, fill):
        draw.text((x, y), words, font=font, fill=fill, anchor=anchor, **style)

    # Blocks of (height, painter), stacked and centred between the band and
    # the bottom bar; the title gets the largest size the rest leaves room for.
    blocks = []
    if card.label:
        label = load_font(bold, 28)
        blocks.append((52, lambda y: text(y + 28, fit_text(card.label, label, width, style), label, accent)))
    after_title = []
    if card.progress is not None:
        small = load_font(regular, 28)
        rows = wrap_text(card.progress_text, small, width, 2, style)

        def progress(y, rows=rows, small=small):
            draw.rounded_rectangle((left, y, right, y + 18), 9, fill=BAR_GREY)
            filled = round(width * max(0.0, min(card.progress, 1.0)))
            if filled >= 18:
                box = (right - filled, y, right, y + 18) if rtl else (left, y, left + filled, y + 18)
                draw.rounded_rectangle(box, 9, fill=primary)
            for n, row in enumerate(rows):
                text(y + 18 + 40 + n * 38, row, small, text_colour)

        after_title.append((18 + 14 + 38 * len(rows), progress))
    facts = load_font(regular, 30)
    for fact in card.lines:
        rows = wrap_text(fact, facts, width, 2, style)

        def fact_rows(y, rows=rows):
            for n, row in enumerate(rows):
                text(y + 30 + n * 42, row, facts, primary)

        after_title.append((8 + 42 * len(rows), fact_rows))

    area_top, area_bottom = BAND + 36, HEIGHT - BOTTOM_BAR - 36
    fixed = sum(h for h, _ in blocks) + sum(h for h, _ in after_title) + (GAP if after_title else 0)
    size, rows = _title_layout(card.title, bold, width, area_bottom - area_top - fixed, style)
    title_font, step = load_font(bold, size), round(size * 1.22)

    def title(y):
        for n, row in enumerate(rows):
            text(y + round(size * 0.92) + n * step, row, title_font, text_colour)

    blocks.append((round(size * 1.17) + step * (len(rows) - 1), title))
    if after_title:
        blocks.append((GAP, lambda y: None))
        blocks += after_title
    y = area_top + max(0, (area_bottom - area_top - sum(h for h, _ in blocks)) // 2)
    for height, paint in blocks:
        paint(y)
        y += height

    out = io.BytesIO()
    canvas.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=1)
    return out.getvalue()


def _title_layout(title, bold, width, height, style):
    """The largest size at which the whole title fits, wrapped; else the
    smallest, ellipsised. ``n`` rows of ``size`` need about
    1.17 size + (n - 1) step pixels (first ascent, last descent)."""
    whole = " ".join(title.split())
    for size in TITLE_SIZES:
        step = round(size * 1.22)
        most = min(TITLE_LINES, max(1, int((height - 1.17 * size) // step) + 1))
        rows = wrap_text(title, load_font(bold, size), width, most, style)
        if " ".join(rows) == whole:
            return size, rows
    return size, rows


def wrap_text(text, font, width, most, style):
    """Greedy word wrap measured with the text's own direction; at most
    ``most`` rows, the last one ellipsised when words are left over.

    Rows are planned from the widths of single words (spaces break Arabic
    joining, so a row is about the sum of its words) and each checked once."""
    words = text.split()
    space = _length(" ", font, style)
    widths = [_length(word, font, style) for word in words]
    rows, first = [], 0
    while first < len(words) and len(rows) < most:
        end, total = first + 1, widths[first]
        while end < len(words) and total + space + widths[end] <= width:
            total += space + widths[end]
            end += 1
        while end > first + 1 and _length(" ".join(words[first:end]), font, style) > width:
            end -= 1
        row = " ".join(words[first:end])
        if len(rows) == most - 1 and end < len(words):
            row, end = fit_text(row + " " + " ".join(words[end:]), font, width, style, force=True), len(words)
        elif end == first + 1 and widths[first] > width:  # one word wider than the card
            row = fit_text(row, font, width, style)
        rows.append(row)
        first = end
    return rows or [""]


def fit_text(text, font, width, style, force=False):
    """The text, cut with an ellipsis if it is wider than ``width``."""
    if not force and _length(text, font, style) <= width:
        return text
    words = text.split()
    while len(words) > 1 and _length(" ".join(words) + ELLIPSIS, font, style) > width:
        words.pop()
    text = " ".join(words)
    while text and _length(text + ELLIPSIS, font, style) > width:  # one long word
        text = text[:-1]
    return text.rstrip(" ،,.:;-–") + ELLIPSIS


def _length(text, font, style):
    return _measured(text, font, style["direction"], style["language"])


@lru_cache(maxsize=8192)
def _measured(text, font, direction, language):
    """Shaping a text to measure it is a third of drawing a card's text: the words,
    labels and dates that recur from card to card are measured once per process."""
    return font.getlength(text, direction=direction, language=language)


@lru_cache(maxsize=32)
def load_font(path, size):
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=2)
def _base(direction, lang, site_name, logo, logo_digest, picture, picture_digest, colours, bold):
    """The header band, logo, name, bottom bar and side picture (or emblem),
    shared by every card of one language and one picture; and the palette of
    those cards."""
    rtl = direction == "rtl"
    primary, _text, accent = colours
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, WIDTH, BAND), fill=primary)
    draw.rectangle((0, HEIGHT - BOTTOM_BAR, WIDTH, HEIGHT), fill=accent)
    found = []  # colours of what is not flat: picture, logo, emblem
    side = _picture(picture, picture_digest, PICTURE_WIDTH, HEIGHT - BAND - BOTTOM_BAR) if picture else None
    if side is not None:
        image, picture_colours = side
        canvas.paste(image, (0 if rtl else WIDTH - PICTURE_WIDTH, BAND))
        found += picture_colours
    elif logo and _logo(logo, logo_digest, EMBLEM_SIZE) is not None:
        # The logo, large and faded, on a tinted disc at the far side.
        emblem = _logo(logo, logo_digest, EMBLEM_SIZE)
        centre_x = EMBLEM_SIDE // 2 + 8 if rtl else WIDTH - EMBLEM_SIDE // 2 - 8
        centre_y = (BAND + HEIGHT - BOTTOM_BAR) // 2
        r = EMBLEM_SIZE // 2 + 36
        disc = (centre_x - r, centre_y - r, centre_x + r + 1, centre_y + r + 1)
        draw.ellipse(disc, fill=blend(hex_rgb(primary), (255, 255, 255), 0.08))
        faded = emblem.copy()
        faded.putalpha(faded.getchannel("A").point(lambda a: a * 45 // 100))
        canvas.paste(faded, (centre_x - emblem.width // 2, centre_y - emblem.height // 2), faded)
        found += _colours(canvas.crop(disc), 96)

    start = MARGIN
    mark = _logo(logo, logo_digest, LOGO_SIZE) if logo else None
    if mark is not None:
        # On a white tile, so that any logo reads on the band.
        x = WIDTH - MARGIN - LOGO_SIZE - 8 if rtl else MARGIN - 8
        tile = (x, 16, x + LOGO_SIZE + 16, 16 + LOGO_SIZE + 16)
        draw.rounded_rectangle(tile, 12, fill="#fff")
        canvas.paste(mark, (x + 8 + (LOGO_SIZE - mark.width) // 2, 24 + (LOGO_SIZE - mark.height) // 2), mark)
        found += _colours(canvas.crop(tile), 48)
        start += LOGO_SIZE + 28
    style = {"direction": direction, "language": lang}
    name_font = load_font(bold, 34)
    name = fit_text(site_name, name_font, WIDTH - MARGIN - start, style)
    position = (WIDTH - start, BAND // 2) if rtl else (start, BAND // 2)
    draw.text(position, name, font=name_font, fill="#ffffff", anchor="rm" if rtl else "lm", **style)
    return canvas, card_palette(found, colours)


def card_palette(found, colours):
    """The 256 colours of a card: those found in its picture and logo, then
    the anti-aliasing ramps of each text on its background. Mapping a card
    onto a palette known in advance costs a fifth of quantizing it."""
    primary, text, accent = (hex_rgb(c) for c in colours)
    white, grey = (255, 255, 255), hex_rgb(BAR_GREY)
    ramps = []
    for ink, paper, steps in (
        (text, white, 16),
        (primary, white, 16),
        (accent, white, 16),
        (white, primary, 16),  # the name on the band
        (primary, grey, 6),  # the progress bar
        (grey, white, 6),
    ):
        ramps += [blend(ink, paper, n / steps) for n in range(steps + 1)]
    # Pillow maps colours through a coarse cache: a colour next to a flat one
    # (a ramp's first step beside the white background) could take its place.
    flats = (white, primary, text, accent, grey)
    near = _near(flats)
    chosen = list(flats) + [colour for colour in dict.fromkeys(ramps + found) if colour not in near]
    chosen = chosen[:256]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in chosen for channel in colour])
    return palette


@lru_cache(maxsize=4)
def _near(flats):
    """Every colour within 6 of one of ``flats`` on each channel (a set: looked up
    for each colour of each card's palette)."""
    near = range(-6, 7)
    return frozenset((r + dr, g + dg, b + db) for r, g, b in flats for dr in near for dg in near for db in near)


def _colours(image, count=None):
    """The ``count`` colours that best stand for an image (those of a palette image)."""
    quantized = image if count is None else image.quantize(count, method=Image.Quantize.FASTOCTREE)
    flat = quantized.getpalette()
    used = sorted(index for _n, index in quantized.getcolors(256))
    return [tuple(flat[3 * i : 3 * i + 3]) for i in used]


def hex_rgb(colour):
    return tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))


def blend(ink, paper, amount):
    """``amount`` of ``ink`` over ``paper``, as anti-aliasing blends them."""
    return tuple(round(p + (i - p) * amount) for i, p in zip(ink, paper, strict=True))


@lru_cache(maxsize=4)
def _logo(path, digest, size):
    try:
        with Image.open(path) as source:
            logo = source.convert("RGBA")
    except OSError:
        return None
    logo.thumbnail((size, size), Image.Resampling.LANCZOS)
    return logo


@lru_cache(maxsize=2)
def _picture(path, digest, width, height):
    """The picture cropped to fill the box, dithered to a palette of its own."""
    try:
        with Image.open(path) as source:
            source.draft("RGB", (width, height))  # JPEG: decode at a reduced scale, much faster
            picture = ImageOps.fit(source.convert("RGB"), (width, height), Image.Resampling.LANCZOS)
    except OSError:
        return None
    palette = picture.quantize(PICTURE_COLOURS, method=Image.Quantize.FASTOCTREE)
    dithered = picture.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
    return dithered.convert("RGB"), _colours(dithered)
