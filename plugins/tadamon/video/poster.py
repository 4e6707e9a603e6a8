"""Drawing one video poster with Pillow: 1280x720, in the site's colours, with
the item's title, shaped like the share cards (``tadamon.cards.draw``: its
fonts, word wrap and palette).

Imported only when a poster is to be drawn (Pillow's font engine costs 1.5 MB);
nothing here knows about Pelican. The same poster always gives the same bytes.
"""

import io

from PIL import Image, ImageDraw

from tadamon.cards.draw import blend, card_palette, fit_text, hex_rgb, load_font, wrap_text

WIDTH, HEIGHT = 1280, 720
MARGIN = 72
NAME_SIZE = 34
TITLE_SIZE = 58
TITLE_LINES = 3
DISC = 84  # radius of the play disc, in the middle of the lower half
BOTTOM_BAR = 12


def render(poster):
    """The poster as PNG bytes (``poster``: a ``tadamon.video.Poster``)."""
    primary, _text, accent = poster.colours
    bold, regular = poster.fonts
    rtl = poster.direction == "rtl"
    style = {"direction": poster.direction, "language": poster.lang}
    canvas = Image.new("RGB", (WIDTH, HEIGHT), primary)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, HEIGHT - BOTTOM_BAR, WIDTH, HEIGHT), fill=accent)
    x, anchor = (WIDTH - MARGIN, "rs") if rtl else (MARGIN, "ls")
    width = WIDTH - 2 * MARGIN

    soft = blend((255, 255, 255), hex_rgb(primary), 0.75)
    name_font = load_font(regular, NAME_SIZE)
    draw.text(
        (x, MARGIN + NAME_SIZE),
        fit_text(poster.site_name, name_font, width, style),
        font=name_font,
        fill=soft,
        anchor=anchor,
        **style,
    )
    title_font, step = load_font(bold, TITLE_SIZE), round(TITLE_SIZE * 1.25)
    for n, row in enumerate(wrap_text(poster.title, title_font, width, TITLE_LINES, style)):
        draw.text(
            (x, MARGIN + NAME_SIZE + 40 + TITLE_SIZE + n * step),
            row,
            font=title_font,
            fill="#ffffff",
            anchor=anchor,
            **style,
        )

    # The play sign: a white disc, a triangle pointing right in every language.
    cx, cy = WIDTH // 2, HEIGHT * 3 // 4 - BOTTOM_BAR
    draw.ellipse((cx - DISC, cy - DISC, cx + DISC, cy + DISC), fill="#ffffff")
    side = DISC * 9 // 10
    draw.polygon(
        [(cx - side // 2 + 8, cy - side // 2 - 6), (cx - side // 2 + 8, cy + side // 2 + 6), (cx + side // 2 + 14, cy)],
        fill=primary,
    )

    out = io.BytesIO()
    palette = card_palette([soft], poster.colours)
    canvas.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()
