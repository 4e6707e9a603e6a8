"""Measure share cards: CPU per card in one process, then cold and warm builds
of the cache with the worker pool.

    PYTHONPATH=plugins python tools/bench_cards.py [N]

Cards are varied like a real site's: Arabic and French, half with a picture
of the demo site, titles of various lengths, every kind of facts line.
"""

import os
import sys
import tempfile
import time

from tadamon.cards.draw import render
from tadamon.cards.pages import Card
from tadamon.cards.store import CardStore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "content", "images")
FONTS = tuple(
    os.path.join(ROOT, "themes", "tadamon", "fonts-cards", f)
    for f in ("IBMPlexSansArabic-Bold.ttf", "IBMPlexSansArabic-Regular.ttf")
)
TITLES = {
    "ar": ("قافلة طبية إلى حمام ملوان", "معاطف الشتاء: الدفء لـ600 طفل في الجبل", "ترجمة منشوراتنا وتصميمها من بيتك"),
    "fr": ("Caravane médicale", "Manteaux d'hiver : 600 enfants de la montagne au chaud", "Traduire nos publications"),
}
NAMES = {"ar": "جمعية الأمل للتضامن", "fr": "Association El Amel pour la solidarité"}


def cards(count):
    pictures = sorted(f for f in os.listdir(IMAGES) if f.endswith(".jpg"))
    out = []
    for n in range(count):
        lang = ("ar", "fr")[n % 2]
        title = f"{TITLES[lang][n % 3]} {n}"
        extra = {}
        if n % 3 == 1:
            extra = {"progress": (n % 100) / 100, "progress_text": f"{n % 100}% · 612 000 DA / 1 500 000 DA"}
        out.append(
            Card(
                lang=lang,
                direction="rtl" if lang == "ar" else "ltr",
                site_name=NAMES[lang],
                title=title,
                label="Activité" if lang == "fr" else "النشاط",
                lines=("samedi 16 janvier 2027 à 08:30", "Salle polyvalente"),
                logo=os.path.join(IMAGES, "logo.png"),
                picture=os.path.join(IMAGES, pictures[(n // 2) % len(pictures)]) if n % 4 < 2 else "",
                fonts=FONTS,
                **extra,
            )
        )
    return out


def main(count):
    specs = cards(count)
    render(specs[0])  # fonts loaded once, as a worker does
    # In the order the store gives workers: by picture, then language.
    start = time.process_time()
    sizes = [len(render(card)) for card in sorted(specs, key=lambda card: (card.picture, card.lang))]
    cpu = time.process_time() - start
    size = sum(sizes) / count / 1024
    print(f"one process: {count} cards, {cpu * 1000 / count:.1f} ms CPU per card, {size:.0f} KiB each")

    with tempfile.TemporaryDirectory() as cache:
        for label in ("cold", "warm"):
            store = CardStore(cache)
            wall, cpu = time.perf_counter(), _cpu()
            for n, card in enumerate(specs):
                store.add(f"{n}/card.png", card)
            store.render()
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
            print(
                f"{label}: {store.rendered} drawn, {len(store.reused)} reused, {wall:.2f} s wall"
                f" ({count / wall:.0f} cards/s, {store.workers} workers), {cpu * 1000 / count:.1f} ms CPU per card"
            )


def _cpu():
    """CPU of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
