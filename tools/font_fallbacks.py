"""Print the CSS of the theme's fallback faces: system fonts resized to take the room of IBM Plex Sans Arabic.

    python tools/font_fallbacks.py "Arial=LiberationSans-Regular.ttf,LiberationSans-Bold.ttf" \\
        "Roboto=roboto-latin-400-normal.woff2,roboto-latin-700-normal.woff2" ...

Each argument is a local font's name, then its regular and bold files
(Liberation Sans has Arial's metrics: Debian fonts-liberation; Roboto: npm
@fontsource/roboto; Noto and DejaVu: Debian fonts-noto-core, fonts-dejavu-core).
``size-adjust`` makes a sample of the site's words (menu, headings) as wide in
the fallback as in Plex, so that lines wrap at the same words before and after
the web font arrives; the ascent, descent and line-gap overrides give the
fallback Plex's vertical metrics. Arabic fallbacks (their name has "Arabic")
are measured on Arabic words with the Arabic shaping engine, others on French.
The output goes, as it is, at the top of themes/tadamon/static/css/site.css.
"""

import argparse
from pathlib import Path

from PIL import ImageFont

ROOT = Path(__file__).resolve().parent.parent
PLEX = ROOT / "themes" / "tadamon" / "fonts-cards"
PLEX_FILES = {400: PLEX / "IBMPlexSansArabic-Regular.ttf", 700: PLEX / "IBMPlexSansArabic-Bold.ttf"}
SAMPLES = {
    "latin": "Association El Amel pour la solidarité Accueil Activités Projets Campagnes de dons Bénévolat "
    "Actualités Suivre Contact Voir tout 2026 décembre",
    "arabic": "جمعية الأمل للتضامن الرئيسية الأنشطة المشاريع حملات التبرع التطوع الأخبار تابعونا اتصلوا بنا عرض الكل",
}
RANGES = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122",
    "arabic": "U+0600-06FF, U+0750-077F, U+0870-089F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF",
}
EM = 1000


def measure(path, script):
    font = ImageFont.truetype(str(path), EM)
    ascent, descent = font.getmetrics()
    return font.getlength(SAMPLES[script], features=["kern"]), ascent, descent


def face(name, weight, path, script):
    plex_width, plex_ascent, plex_descent = measure(PLEX_FILES[weight], script)
    width, _, _ = measure(path, script)
    adjust = plex_width / width
    stem = name.replace(" ", "")
    if weight == 700:
        names = [f"{name} Bold", f"{stem}-Bold"] + (["Arial-BoldMT"] if stem == "Arial" else [])
    else:
        names = [name, f"{name} Regular", f"{stem}-Regular", stem] + (["ArialMT"] if stem == "Arial" else [])
    local = [f'local("{n}")' for n in dict.fromkeys(names)]
    return (
        "@font-face {\n"
        f'  font-family: "Plex fallback {name}";\n'
        f"  font-weight: {weight};\n"
        f"  src: {', '.join(local)};\n"
        f"  size-adjust: {100 * adjust:.1f}%;\n"
        f"  ascent-override: {100 * plex_ascent / EM / adjust:.1f}%;\n"
        f"  descent-override: {100 * plex_descent / EM / adjust:.1f}%;\n"
        "  line-gap-override: 0%;\n"
        f"  unicode-range: {RANGES[script]};\n"
        "}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fonts", nargs="+", help='"Local name=regular file,bold file"')
    args = parser.parse_args(argv)
    for argument in args.fonts:
        name, files = argument.split("=", 1)
        regular, bold = files.split(",")
        script = "arabic" if "Arabic" in name else "latin"
        print(face(name, 400, regular, script))
        print(face(name, 700, bold, script))


if __name__ == "__main__":
    main()
