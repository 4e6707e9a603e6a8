"""Benchmark: Tadamon's full build against plain Pelican on the same Markdown.

    python tools/bench.py --n 1000            (invoke bench --n 1000)
    python tools/bench.py --growth            N=1000 then N=4000
    python tools/bench.py --n 1000 --profile  also cProfile one cold and one warm build
    python tools/bench.py --livereload        invoke livereload: from a save to the rebuilt page

It generates a synthetic bilingual site (N activities in Arabic and French,
N/10 volunteer calls, campaigns and news, a few projects and pages, a few
photos; fixed seed: the same bytes every run) and, for plain Pelican, a copy
of the same Markdown bodies with Pelican's ``Key: value`` metadata, as
articles in one folder. Then, alternating within each repetition:

- plain    plain Pelican (PLUGINS=[], default theme, default settings), cold;
- cold_all ours, every cache and the previous output removed;
- cold     ours as the Pages workflow builds: every cache restored (nothing
           under the cache folders removed), a new output folder, and every
           content file's mtime set to the present (a fresh git clone);
- cards    the same, with the share cards' cache removed too: what drawing
           every card costs, beside the cold build (``cards.cpu_ms_each``);
- warm     ours again, nothing changed;
- changed  ours after changing one activity file.

Every build runs in a fresh Python process. Wall time is that process's life
(imports included, as a user sees it); CPU time comes from ``os.wait4``
(user+sys of the build and the children it waited for). ``peak_mb`` is the
peak resident memory of the largest single process: the build's
``ru_maxrss`` from ``os.wait4``, which is the largest of the build and of
each child it waited for, and the high-water mark (VmHWM) of every process
of the tree, sampled; ``tree_mb`` is the largest sum of the PSS of the whole
tree (worker pools, Pagefind), sampled, for information.

``--livereload`` starts ``invoke livereload``'s own rebuild and server
(``tasks.rebuilder``, ``tasks.livereload_server``) in a process of its own,
after its first build saves one activity file three times (a paragraph
appended), and measures each time from the save until the rebuilt page's
HTML in the output holds the new text: the median, and how much of it was
the watcher's wait (inotify's wake-up on Linux, else its poll,
``tasks.WATCH_EVERY_S``) and how much the rebuild.

Figures go to ``bench-results/<git short sha>-n<N>.json``
(``-n<N>-livereload.json``).
"""

import argparse
import compileall
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITEURL = "https://example.org/assoc"
BUILD_DATE = "2026-11-21"
SEED = 2026
SCENARIOS = ("plain", "cold_all", "cold", "cards", "warm", "changed")
CARDS_CACHE = "cards"  # Tadamon's share cards, in the cache folder

# --- synthetic content --------------------------------------------------------

PLACES = [
    ("البليدة", "Blida", "blida"),
    ("حمام ملوان", "Hammam Melouane", "hammam-melouane"),
    ("الشريعة", "Chréa", "chrea"),
    ("بوفاريك", "Boufarik", "boufarik"),
    ("العفرون", "El Affroun", "el-affroun"),
    ("موزاية", "Mouzaïa", "mouzaia"),
    ("بوعرفة", "Bou Arfa", "bou-arfa"),
    ("الأربعاء", "Larbaâ", "larbaa"),
    ("وادي العلايق", "Oued El Alleug", "oued-el-alleug"),
    ("بني تامو", "Beni Tamou", "beni-tamou"),
    ("الصومعة", "Souma", "souma"),
    ("مفتاح", "Meftah", "meftah"),
]

# (slug, Arabic title, French title, Arabic tag, French tag)
THEMES = [
    ("caravan", "قافلة طبية إلى {}", "Caravane médicale à {}", "الصحة", "santé"),
    ("cleanup", "حملة تنظيف الحي في {}", "Nettoyage du quartier à {}", "البيئة", "environnement"),
    ("trees", "غرس الأشجار في {}", "Plantation d'arbres à {}", "البيئة", "environnement"),
    (
        "school-kits",
        "توزيع الأدوات المدرسية في {}",
        "Distribution de fournitures scolaires à {}",
        "التعليم",
        "éducation",
    ),
    ("baskets", "تحضير قفة رمضان في {}", "Préparation des paniers du Ramadan à {}", "التضامن", "solidarité"),
    ("digital", "ورشة المهارات الرقمية في {}", "Atelier de compétences numériques à {}", "التكوين", "formation"),
    ("blood", "حملة التبرع بالدم في {}", "Collecte de sang à {}", "الصحة", "santé"),
    ("tutoring", "دروس الدعم المدرسي في {}", "Soutien scolaire à {}", "التعليم", "éducation"),
    ("elders", "زيارة المسنين في {}", "Visite aux personnes âgées à {}", "التضامن", "solidarité"),
    ("volunteers", "لقاء المتطوعين في {}", "Rencontre des bénévoles à {}", "التطوع", "bénévolat"),
]

SENTENCES = {
    "ar": [
        "تنظم الجمعية هذا النشاط بالتعاون مع لجان الأحياء والمتطوعين من شباب المنطقة.",
        "يبدأ الاستقبال في الساعة الثامنة صباحًا، ويُرجى من المشاركين الحضور قبل الموعد بربع ساعة.",
        "النشاط مفتوح للجميع ومجاني، ويمكن للعائلات أن تحضر مع أطفالها.",
        "نوفّر الماء والوجبات الخفيفة لجميع المتطوعين طوال اليوم.",
        "يشرف على الفرق منسقون ذوو خبرة يشرحون لكل مشارك دوره قبل الانطلاق.",
        "في العام الماضي شارك أكثر من مئة متطوع، واستفادت من النشاط أزيد من ثلاثمائة عائلة.",
        "نحتاج خصوصًا إلى أشخاص يملكون سيارات لنقل المعدات من مقر الجمعية.",
        "سيتم تصوير النشاط ونشر الصور على صفحتنا بعد موافقة المشاركين.",
        "في حال سوء الأحوال الجوية يؤجَّل النشاط إلى الأسبوع الموالي، وسنعلن ذلك هنا.",
        "نشكر البلدية ومديرية الشباب والرياضة على دعمهما المتواصل.",
        "يُطلب من المشاركين ارتداء ملابس مريحة وأحذية مناسبة للعمل في الميدان.",
        "تبقى أبواب الجمعية مفتوحة لكل من يريد أن يساهم بوقته أو بخبرته.",
        "يتكفّل فريق من الأطباء المتطوعين بالفحوصات، وتُوجَّه الحالات المستعجلة إلى المستشفى.",
        "تُوزَّع المساعدات حسب قوائم أعدّتها لجان الأحياء بالتنسيق مع المرشدات الاجتماعيات.",
        "كل دينار يصل إلى الجمعية يُسجَّل في الحسابات التي تُعرض على الجمعية العامة.",
        "يستطيع التلاميذ الحصول على شهادة مشاركة في العمل التطوعي.",
        "اختير المكان لأنه قريب من محطة الحافلات ويسهل الوصول إليه.",
        "يمكن للأشخاص ذوي الإعاقة التواصل معنا مسبقًا لتنظيم استقبالهم.",
        "نطلب من المتبرعين عدم إحضار الأدوية منتهية الصلاحية أو الملابس الممزقة.",
        "سيقدّم المكوّنون شرحًا عمليًا ثم يجيبون عن أسئلة الحاضرين.",
        "تُختتم الأمسية بجلسة شاي وتبادل للآراء حول النشاطات القادمة.",
        "ساهمت التبرعات التي جمعناها في الشتاء الماضي في شراء أربعمائة بطانية.",
        "هذا النشاط جزء من برنامج الجمعية السنوي الذي صادقت عليه الجمعية العامة.",
        "نرحّب بالاقتراحات والملاحظات عبر البريد الإلكتروني أو الهاتف.",
    ],
    "fr": [
        "L'association organise cette activité avec les comités de quartier et les jeunes bénévoles de la commune.",
        "L'accueil commence à 8 h ; merci d'arriver un quart d'heure avant le début.",
        "L'activité est ouverte à toutes et à tous, gratuitement, et les familles peuvent venir avec leurs enfants.",
        "De l'eau et une collation sont prévues pour tous les bénévoles pendant la journée.",
        "Des coordinateurs expérimentés encadrent les équipes et expliquent à chacun son rôle avant le départ.",
        "L'an dernier, plus de cent bénévoles y ont participé et plus de trois cents familles en ont bénéficié.",
        "Nous cherchons surtout des personnes véhiculées pour transporter le matériel depuis le local.",
        "L'activité sera photographiée et les photos publiées sur notre page, avec l'accord des participants.",
        "En cas de mauvais temps, l'activité est reportée à la semaine suivante ; nous l'annoncerons ici.",
        "Nous remercions l'APC et la direction de la jeunesse et des sports pour leur soutien constant.",
        "Prévoyez des vêtements confortables et des chaussures adaptées au travail sur le terrain.",
        "Les portes de l'association restent ouvertes à qui veut donner de son temps ou de ses compétences.",
        "Une équipe de médecins bénévoles assure les consultations ; les cas urgents sont orientés vers l'hôpital.",
        "Les aides sont distribuées selon les listes établies par les comités de quartier et les assistantes sociales.",
        "Chaque dinar reçu est inscrit dans les comptes présentés à l'assemblée générale.",
        "Les lycéens peuvent obtenir une attestation de participation à une action bénévole.",
        "Le lieu a été choisi parce qu'il est proche de la gare routière et facile d'accès.",
        "Les personnes en situation de handicap peuvent nous contacter à l'avance pour organiser leur accueil.",
        "Merci de ne pas apporter de médicaments périmés ni de vêtements abîmés.",
        "Les formateurs feront une démonstration pratique puis répondront aux questions.",
        "La soirée se termine autour d'un thé, pour échanger sur les prochaines activités.",
        "Les dons réunis l'hiver dernier ont permis d'acheter quatre cents couvertures.",
        "Cette activité fait partie du programme annuel adopté par l'assemblée générale.",
        "Vos suggestions et remarques sont les bienvenues par courriel ou par téléphone.",
    ],
}
LIST_ITEMS = {
    "ar": [
        "إحضار بطاقة التعريف",
        "ارتداء قفازات العمل",
        "ملء استمارة التسجيل مسبقًا",
        "احترام مواعيد الفرق",
        "حضور القُصَّر مع أحد الوالدين",
        "إحضار قارورة ماء",
        "الاتصال بالمنسق عند التأخر",
        "إحضار الوصفات الطبية والدفتر الصحي",
        "ترك الأطفال الصغار في فضاء اللعب المخصص لهم",
    ],
    "fr": [
        "apporter une pièce d'identité",
        "porter des gants de travail",
        "remplir le formulaire d'inscription à l'avance",
        "respecter les horaires des équipes",
        "venir accompagné d'un parent pour les mineurs",
        "prévoir une bouteille d'eau",
        "prévenir le coordinateur en cas de retard",
        "apporter ses ordonnances et son carnet de santé",
        "confier les petits à l'espace de jeux prévu pour eux",
    ],
}
LIST_INTRO = {"ar": "ما نطلبه من المشاركين:", "fr": "Ce que nous demandons aux participants :"}
LINK = {
    "ar": "لمزيد من المعلومات، اطّلع على [صفحة شريكنا]({url}).",
    "fr": "Pour en savoir plus, consultez [la page de notre partenaire]({url}).",
}
NOTE = {"ar": "**مهم:**", "fr": "**Important :**"}
IMAGE_ALT = {
    "ar": "متطوعون يعملون معا في ساحة الحي تحت شمس الصباح.",
    "fr": "Des bénévoles travaillent ensemble sur la place du quartier, sous le soleil du matin.",
}
REPORT = {
    "ar": "مرّ النشاط في جو أخوي، وشكرًا لكل من ساهم فيه.",
    "fr": "L'activité s'est déroulée dans une ambiance fraternelle ; merci à toutes et à tous.",
}
PHOTOS = 6

ASSOCIATION = """\
name: {ar: "جمعية الأمل للتضامن", fr: "Association El Amel solidarité"}
tagline: {ar: "معا من أجل الحي", fr: "Ensemble pour le quartier"}
languages: [ar, fr]
timezone: Africa/Algiers
logo: images/logo.png
registration:
  number: "09/2012-045"
  authority: {ar: "ولاية البليدة", fr: "Wilaya de Blida"}
  date: 2012-03-04
contact:
  email: contact@example.org
  phone: "+213 555 12 34 56"
  address: {ar: "حي الزيتون، البليدة", fr: "Cité des Oliviers, Blida"}
social:
  facebook: https://www.facebook.com/elamel.example
  whatsapp: https://wa.me/213555123456
newsletter: https://lists.example.org/elamel
donate:
  - type: link
    label: {ar: "تبرع عبر الإنترنت", fr: "Don en ligne"}
    url: https://give.example.org/elamel
  - type: ccp
    label: {ar: "الحساب البريدي الجاري", fr: "Compte CCP"}
    details: {holder: "Association El Amel", number: "0012345678", key: "90"}
  - type: sms
    label: {ar: "رسالة قصيرة", fr: "SMS"}
    number: "3030"
    text: "AMEL"
"""


def _q(value):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _wrap(text):
    return "\n".join(textwrap.wrap(text, 78, break_long_words=False, break_on_hyphens=False))


def _body(rng, lang, slug, photo=None):
    """A few paragraphs of varied length, a list most of the time, always a link."""
    count = rng.choice([2, 3, 3, 4, 4, 5, 6, 8, 12])
    paragraphs = [_wrap(" ".join(rng.sample(SENTENCES[lang], rng.randint(2, 5)))) for _ in range(count)]
    at = rng.randrange(len(paragraphs))
    paragraphs[at] += " " + LINK[lang].format(url=f"https://partners.example.org/{slug}")
    paragraphs[at] = _wrap(paragraphs[at])
    if rng.random() < 0.7:
        items = rng.sample(LIST_ITEMS[lang], rng.randint(3, 6))
        listing = LIST_INTRO[lang] + "\n\n" + "\n".join(f"- {item}" for item in items)
        paragraphs.insert(rng.randint(1, len(paragraphs)), listing)
    if rng.random() < 0.3:
        paragraphs[0] = _wrap(NOTE[lang] + " " + paragraphs[0])
    if photo:
        paragraphs.insert(1, f"![{IMAGE_ALT[lang]}](../images/{photo})")
    return "\n\n".join(paragraphs) + "\n"


def _date(day):
    """A date ``day`` days after 2024-01-01, as YYYY-MM-DD."""
    import datetime

    return (datetime.date(2024, 1, 1) + datetime.timedelta(days=day)).isoformat()


class _Writer:
    """Writes each item twice: ours (YAML front matter) and plain Pelican's copy."""

    def __init__(self, site, plain):
        self.site, self.plain = site, plain
        self.files = 0

    def item(self, folder, kind, slug, lang, fields, plain_meta, body):
        lines = ["---"] + [f"{k}: {v}" for k, v in fields.items()] + ["---", "", body]
        path = self.site / folder / f"{slug}.{lang}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        # Plain Pelican: same body, its own metadata; {static} for images (what
        # our reader does with links relative to the file); Latin tags, since
        # Pelican's default slugify turns Arabic tags into empty, colliding slugs.
        meta = {"Title": plain_meta["title"], "Date": plain_meta["date"], "Lang": lang}
        meta["Slug"] = f"{kind}-{slug}"
        if plain_meta.get("summary"):
            meta["Summary"] = plain_meta["summary"]
        if plain_meta.get("tags"):
            meta["Tags"] = ", ".join(plain_meta["tags"])
        head = "\n".join(f"{k}: {v}" for k, v in meta.items())
        (self.plain / f"{kind}-{slug}.{lang}.md").write_text(
            head + "\n\n" + body.replace("](../images/", "]({static}/images/"), encoding="utf-8"
        )
        self.files += 1


def generate(root, n, seed=SEED):
    """Write ``root/site`` (Tadamon content) and ``root/plain`` (plain Pelican's)."""
    rng = random.Random(seed)
    site, plain = Path(root) / "site", Path(root) / "plain"
    for folder in ("activities", "projects", "campaigns", "volunteer", "news", "pages", "images"):
        (site / folder).mkdir(parents=True, exist_ok=True)
    (plain / "images").mkdir(parents=True, exist_ok=True)
    (site / "association.yml").write_text(ASSOCIATION, encoding="utf-8")
    photos = _images(site / "images", plain / "images", rng)
    out = _Writer(site, plain)

    def common(lang, title, date, summary, tags, photo):
        """Fields every kind has; ``tags`` is an (Arabic, French) pair."""
        fields = {"title": _q(title), "date": date}
        if summary:
            fields["summary"] = _q(summary)
        if photo:
            fields["image"] = f"images/{photo}"
            fields["image_alt"] = _q(IMAGE_ALT[lang])
        fields["tags"] = f"[{_q(tags[lang == 'fr'])}]"
        return fields, {"title": title, "date": date, "summary": summary, "tags": [tags[1]]}

    def summary_of(lang):
        return " ".join(rng.sample(SENTENCES[lang], 1)) if rng.random() < 0.7 else ""

    def each_lang(folder, kind, slug, titles, date, tags, photo, extra):
        """One item in both languages; ``extra[lang]`` holds the kind's own fields."""
        body_photo = rng.choice(photos) if rng.random() < 0.1 else None
        for lang, title in zip(("ar", "fr"), titles, strict=True):
            fields, plain_meta = common(lang, title, date, summary_of(lang), tags, photo)
            fields.update(extra[lang])
            out.item(folder, kind, slug, lang, fields, plain_meta, _body(rng, lang, slug, body_photo))

    def pick(i):
        theme = THEMES[i % len(THEMES)]
        place = PLACES[(i // len(THEMES)) % len(PLACES)]
        titles = (theme[1].format(place[0]), theme[2].format(place[1]))
        return theme, place, titles, f"{theme[0]}-{place[2]}-{i:05d}"

    # Projects first: campaigns point to them.
    projects = []
    for i in range(max(1, n // 50)):
        theme, _place, (ar, fr), slug = pick(i)
        slug = "project-" + slug
        projects.append(slug)
        start = rng.randrange(0, 1000)
        fields = {
            "stage": rng.choice(["planned", "ongoing", "completed"]),
            "start": _date(start),
            "beneficiaries": f"{{count: {rng.randint(20, 900)}}}",
            "budget": f"{{amount: {rng.randint(10, 500) * 10000}, currency: DZD}}",
        }
        titles = (f"مشروع {ar}", f"Projet : {fr}")
        each_lang("projects", "project", slug, titles, _date(start), theme[3:], None, {"ar": fields, "fr": fields})

    activities = []
    for i in range(n):
        theme, place, titles, slug = pick(i)
        activities.append(slug)
        start = rng.randrange(0, 1300)  # 2024-01-01 .. mid 2027; the build date is 2026-11-21
        hour = rng.choice([8, 9, 10, 14, 16, 18])
        photo = rng.choice(photos) if rng.random() < 0.2 else None
        extra = {}
        fields = {}
        if rng.random() < 0.1:  # all day
            fields["start"] = _date(start)
        else:
            fields["start"] = f"{_date(start)} {hour:02d}:00"
            fields["end"] = f"{_date(start)} {hour + rng.randint(1, 4):02d}:30"
        online = rng.random() < 0.2
        if online:
            fields["online"] = f"https://meet.example.org/{slug}"
        if rng.random() < 0.5:
            fields["registration"] = f"https://forms.example.org/{slug}"
        report = start < 1055 and rng.random() < 0.5
        participants = rng.randint(10, 300)
        for lang, name in (("ar", place[0]), ("fr", place[1])):
            extra[lang] = dict(fields)
            if not online:
                extra[lang]["location"] = f"{{name: {_q(name)}, address: {_q(name + ', 09000')}}}"
            if report:
                extra[lang]["report"] = f"{{participants: {participants}, text: {_q(REPORT[lang])}}}"
        each_lang("activities", "activity", slug, titles, _date(max(0, start - 20)), theme[3:], photo, extra)

    for i in range(max(1, n // 10)):
        _theme, _place, (ar, fr), slug = pick(i)
        deadline = rng.randrange(900, 1200)
        fields = {
            "deadline": _date(deadline),
            "mode": rng.choice(["remote", "onsite", "hybrid"]),
            "places": rng.randint(1, 30),
            "apply": f"{{email: benevoles@example.org, url: https://forms.example.org/call-{slug}}}",
        }
        if rng.random() < 0.3:
            fields["activity"] = rng.choice(activities)
        extra = {
            lang: {
                **fields,
                "skills": "[" + ", ".join(_q(s) for s in rng.sample(LIST_ITEMS[lang], 2)) + "]",
                "commitment": _q("ساعتان في الأسبوع" if lang == "ar" else "2 heures par semaine"),
            }
            for lang in ("ar", "fr")
        }
        titles = (f"نداء للتطوع: {ar}", f"Appel à bénévoles : {fr}")
        tags = ("التطوع", "bénévolat")
        each_lang("volunteer", "volunteer", "call-" + slug, titles, _date(deadline - 40), tags, None, extra)

    for i in range(max(1, n // 10)):
        theme, _place, (ar, fr), slug = pick(i)
        deadline = rng.randrange(800, 1300)
        goal = rng.randint(5, 200) * 10000
        fields = {
            "goal": f"{{amount: {goal}, currency: DZD}}",
            "raised": f"{{amount: {rng.randint(0, goal)}, as_of: {_date(deadline - 30)}}}",
            "deadline": _date(deadline),
        }
        if rng.random() < 0.3:
            fields["project"] = rng.choice(projects)
        photo = rng.choice(photos) if rng.random() < 0.5 else None
        titles = (f"حملة تبرع: {ar}", f"Campagne de dons : {fr}")
        extra = {"ar": fields, "fr": fields}
        each_lang("campaigns", "campaign", "campaign-" + slug, titles, _date(deadline - 60), theme[3:], photo, extra)

    for i in range(max(1, n // 10)):
        theme, _place, (ar, fr), slug = pick(i)
        photo = rng.choice(photos) if rng.random() < 0.3 else None
        titles = (f"حصيلة: {ar}", f"Bilan : {fr}")
        date = _date(rng.randrange(0, 1055))
        each_lang("news", "news", "news-" + slug, titles, date, theme[3:], photo, {"ar": {}, "fr": {}})

    pages = [("about", "من نحن", "Qui sommes-nous"), ("transparency", "الشفافية", "Transparence")]
    for order, (slug, ar, fr) in enumerate(pages, start=1):
        extra = {"ar": {"order": order}, "fr": {"order": order}}
        each_lang("pages", "page", slug, (ar, fr), _date(0), ("الجمعية", "association"), None, extra)
    return {"markdown_files": out.files, "photos": len(photos)}


def _images(folder, plain_folder, rng):
    """A logo and a few photo-sized JPEGs (smooth colour fields, like photos compress)."""
    from PIL import Image

    Image.new("RGB", (256, 256), (20, 110, 90)).save(folder / "logo.png")
    names = []
    for i in range(PHOTOS):
        small = Image.frombytes("RGB", (16, 11), rng.randbytes(16 * 11 * 3))
        photo = small.resize((1600, 1067), Image.Resampling.BICUBIC)
        name = f"photo-{i + 1}.jpg"
        photo.save(folder / name, quality=85)
        names.append(name)
    for path in folder.iterdir():
        shutil.copy(path, plain_folder / path.name)
    return names


# --- one build, in a fresh process ---------------------------------------------


def _child(spec):
    """Run one build as described by ``spec`` (in the fresh process)."""
    import logging

    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    logging.basicConfig(level=logging.WARNING)
    common = {
        "PATH": spec["content"],
        "OUTPUT_PATH": spec["output"],
        "CACHE_PATH": spec["cache"],
        "SITEURL": SITEURL,
    }
    if spec["mode"] == "ours":
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={
                **common,
                "THEME": str(ROOT / "themes" / "tadamon"),
                "PLUGIN_PATHS": [str(ROOT / "plugins")],
                "TADAMON_BUILD_DATE": BUILD_DATE,
            },
        )
    else:
        settings = read_settings(
            None, override={**common, "PLUGINS": [], "DEFAULT_LANG": "ar", "TIMEZONE": "Africa/Algiers"}
        )
    console.quiet = True
    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    Pelican(settings).run()
    if profiler:
        profiler.disable()
        profiler.dump_stats(spec["profile"])
    seconds = time.perf_counter() - start
    print(json.dumps({"build_s": seconds, "plugins": settings.get("PLUGINS") or []}))


def _tree_memory_kb(pid):
    """(sum of the PSS, largest VmHWM) of a process and all its descendants (Linux /proc):
    the memory of the tree now, and the peak of its largest process so far."""
    total = largest = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as stream:
                for line in stream:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{current}/status") as stream:
                for line in stream:
                    if line.startswith("VmHWM:"):
                        largest = max(largest, int(line.split()[1]))
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    todo += [int(p) for p in stream.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total, largest


SETTLE_S = 5.5  # seconds: see settle()


def settle(seconds):
    """Let the file system forget the files deleted before: ext4 skips inodes
    freed in the last 5 seconds (35 while their table is not yet on disk) when
    it allocates new ones, at a buffer lookup each. Our warm build removes the
    files it replaced when it ends; without this pause, whichever build comes
    next (plain Pelican's, in the next repetition) would pay for it."""
    if seconds:
        os.sync()
        time.sleep(seconds)


def run_build(mode, content, output, cache, cwd, profile=None, settle_s=SETTLE_S):
    """Build in a fresh process; return wall, CPU, peak memory and files written."""
    settle(settle_s)
    spec = {"mode": mode, "content": str(content), "output": str(output), "cache": str(cache), "profile": profile}
    cwd.mkdir(parents=True, exist_ok=True)
    log = cwd / f"bench-{mode}.log"
    with open(log, "w") as stderr, open(cwd / "bench-result.json", "w") as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "_build", json.dumps(spec)],
            cwd=cwd,
            stdout=stdout,
            stderr=stderr,
        )
        peak_pss, peak_hwm = [0], [0]
        done = threading.Event()

        def sample():
            while not done.wait(0.05):
                pss, hwm = _tree_memory_kb(process.pid)
                peak_pss[0], peak_hwm[0] = max(peak_pss[0], pss), max(peak_hwm[0], hwm)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{mode} build failed (status {process.returncode}):\n{log.read_text()[-3000:]}")
    child = json.loads((cwd / "bench-result.json").read_text().strip().splitlines()[-1])
    files = sum(len(names) for _dir, _dirs, names in os.walk(output))
    return {
        "wall_s": wall,
        "build_s": child["build_s"],
        "cpu_s": usage.ru_utime + usage.ru_stime,
        # The largest single process (kB): ru_maxrss of wait4 is the largest of the build and
        # the children it waited for; VmHWM, sampled, also sees any it did not wait for.
        "peak_mb": max(usage.ru_maxrss, peak_hwm[0]) / 1024,
        "tree_mb": peak_pss[0] / 1024,  # the whole tree at once (PSS), sampled
        "files": files,
        "plugins": child["plugins"],
    }


# --- the benchmark ---------------------------------------------------------------


def _fresh_clone_mtimes(content):
    """Every content file's mtime set to the present, as a fresh ``git clone`` (the
    Pages workflow's checkout) gives them; the theme and the code keep theirs."""
    now = time.time_ns()
    for here, _dirs, names in os.walk(content):
        for name in names:
            os.utime(os.path.join(here, name), ns=(now, now))


def _clear_output(folder, trash):
    """The output and the folders the build keeps beside it (.output.building...),
    not the caches plugins may keep there (e.g. ``images`` beside ``cache``)."""
    for entry in folder.iterdir():
        if entry.is_dir() and (entry.name == "output" or entry.name.startswith(".output")):
            _discard(entry, trash)


def _discard(path, trash):
    """Put ``path`` out of the way without deleting it (deleted at the end of the run).

    On ext4, a file created in the seconds after thousands were deleted costs
    up to ten times more: the inode allocator skips, one buffer lookup each,
    the inodes freed recently (``recently_deleted``; 30 % of a build's CPU
    samples in perf when the previous output had just been removed). A build
    after ``rm -rf output`` pays it, a build on a fresh machine does not: the
    benchmark measures the build, not what the deletion before it left."""
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / str(len(list(trash.iterdir()))))


def _cards_count(output):
    return sum(1 for p in Path(output).rglob("*.png") if "card" in p.relative_to(output).as_posix())


def _change_one_file(site, rep):
    path = sorted((site / "activities").glob("*.ar.md"))[0]
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(f"\nتحديث رقم {rep + 1}: أضفنا هذه الفقرة بعد نشر الصفحة.\n")


def bench(n, work, reps=3, results=None, profile=False, settle_s=SETTLE_S, log=print):
    """Generate, build every scenario ``reps`` times alternating, return the figures.

    Deletes nothing (see ``_discard``): the caller removes ``work`` once every
    measurement is over."""
    work = Path(work)
    started = time.perf_counter()
    generated = generate(work, n)
    log(f"N={n}: generated {generated['markdown_files']} Markdown files in {time.perf_counter() - started:.1f} s")
    site, plain = work / "site", work / "plain"
    ours_dir, plain_dir = work / "ours-run", work / "plain-run"
    trash = work / "trash"
    if reps == 0:  # --reps 0 --profile: only the profiles
        return {"n": n, "profiles": _profiles(n, site, ours_dir, results, log)}
    runs = {name: [] for name in SCENARIOS}
    for rep in range(reps):
        _discard(plain_dir, trash)
        plain_build = ("plain", plain, plain_dir / "output", plain_dir / "cache", plain_dir)
        runs["plain"].append(run_build(*plain_build, settle_s=settle_s))
        _discard(ours_dir, trash)
        ours = ("ours", site, ours_dir / "output", ours_dir / "cache", ours_dir)
        runs["cold_all"].append(run_build(*ours, settle_s=settle_s))
        if rep == 0:
            cards = _cards_count(ours_dir / "output")
        _clear_output(ours_dir, trash)  # a new output folder; every cache kept
        _fresh_clone_mtimes(site)
        runs["cold"].append(run_build(*ours, settle_s=settle_s))
        _clear_output(ours_dir, trash)
        _discard(ours_dir / "cache" / CARDS_CACHE, trash)
        runs["cards"].append(run_build(*ours, settle_s=settle_s))
        runs["warm"].append(run_build(*ours, settle_s=settle_s))
        _change_one_file(site, rep)
        runs["changed"].append(run_build(*ours, settle_s=settle_s))
        log(f"  rep {rep + 1}/{reps}: " + ", ".join(f"{name} {runs[name][-1]['wall_s']:.2f} s" for name in SCENARIOS))
    result = _summarise(n, reps, runs, generated, cards)
    if profile:
        result["profiles"] = _profiles(n, site, ours_dir, results, log)
    return result


def _summarise(n, reps, runs, generated, cards):
    scenarios = {}
    for name, measures in runs.items():
        scenarios[name] = {
            "wall_s": statistics.median(m["wall_s"] for m in measures),
            "build_s": statistics.median(m["build_s"] for m in measures),
            "cpu_s": statistics.median(m["cpu_s"] for m in measures),
            "peak_mb": max(m["peak_mb"] for m in measures),
            "tree_mb": max(m["tree_mb"] for m in measures),
            "files": measures[-1]["files"],
            "runs_wall_s": [round(m["wall_s"], 3) for m in measures],
            "runs_cpu_s": [round(m["cpu_s"], 3) for m in measures],
        }
    plain = scenarios["plain"]
    ratios = {
        name: {
            key: round(scenarios[name][key] / plain[key], 3) if plain[key] else None
            for key in ("wall_s", "build_s", "cpu_s", "peak_mb")
        }
        for name in SCENARIOS
        if name != "plain"
    }
    plugins = runs["cold"][0]["plugins"]
    card_plugins = [p for p in plugins if "card" in p or p == "tadamon"]  # "tadamon" wires its cards stage
    if not card_plugins:
        cards_info = {"present": False, "note": "no share-card plugin in PLUGINS: skipped"}
    elif not cards:
        cards_info = {"present": True, "plugins": card_plugins, "count": 0, "note": "no card PNG found in the output"}
    else:
        cold = scenarios["cold"]["cpu_s"]
        cards_info = {
            "present": True,
            "plugins": card_plugins,
            "count": cards,
            # What a build without the cards' cache does on top of one with it, per card.
            "cpu_ms_each": round((scenarios["cards"]["cpu_s"] - cold) * 1000 / cards, 2),
            # Everything a build does on top when all its caches are empty, per card:
            # cards, plus any other first-time work (photos, QR codes, pages, search).
            "first_time_cpu_ms_each": round((scenarios["cold_all"]["cpu_s"] - cold) * 1000 / cards, 2),
        }
    # The engineering targets: rebuilds at N=1000 and above have tighter ones than at N=300.
    warm_limit, changed_limit = (0.25, 0.3) if n >= 1000 else (0.5, 0.5)
    largest = max(ratios[name]["peak_mb"] for name in ("cold", "warm", "changed"))
    targets = {
        "full_build_le_1.0x_plain": ratios["cold"]["wall_s"] <= 1.0,
        f"no_change_rebuild_le_{warm_limit}x_plain": ratios["warm"]["wall_s"] <= warm_limit,
        f"one_change_rebuild_le_{changed_limit}x_plain": ratios["changed"]["wall_s"] <= changed_limit,
        "first_build_le_2.5x_plain": ratios["cold_all"]["wall_s"] <= 2.5,
        # The largest process of any build but the first (the target is set at N=300).
        "peak_memory_le_1.5x_plain": largest <= 1.5,
    }
    if cards_info.get("cpu_ms_each") is not None:
        targets["cards_le_8ms_cpu_each"] = cards_info["cpu_ms_each"] <= 8
    return {
        "n": n,
        "reps": reps,
        "commit": _commit(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "plugins": plugins,
        "content": generated,
        "scenarios": scenarios,
        "ratios": ratios,
        "cards": cards_info,
        "targets": targets,
    }


def _profiles(n, site, ours_dir, results, log):
    """cProfile of one cold and one warm build of ours; top entries printed and kept."""
    import pstats

    saved = {}
    shutil.rmtree(ours_dir, ignore_errors=True)
    for name in ("cold", "warm"):
        path = Path(results) / f"{_commit()}-n{n}-{name}.prof"
        path.parent.mkdir(parents=True, exist_ok=True)
        run_build("ours", site, ours_dir / "output", ours_dir / "cache", ours_dir, profile=str(path))
        for order in ("cumulative", "tottime"):
            log(f"\n--- profile, {name} build, top by {order} ({path.name})")
            stats = pstats.Stats(str(path), stream=sys.stdout)
            stats.strip_dirs().sort_stats(order).print_stats(25)
        saved[name] = str(path)
    return saved


# --- invoke livereload -------------------------------------------------------

LIVERELOAD_SAVES = 3
LIVERELOAD_POLL_S = 0.2  # tasks.WATCH_EVERY_S (tests/test_bench.py holds them equal)
LIVERELOAD_SETTINGS = """\
\"\"\"invoke bench --livereload: the repository's settings, on the benchmark's site.\"\"\"
import sys

sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: E402,F403

PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
SITEURL = {siteurl!r}
THEME = {theme!r}
TADAMON_BUILD_DATE = {date!r}
"""


def _livereload_child(spec):
    """``invoke livereload`` as tasks.py runs it (its rebuild, its server), on the
    benchmark's site; the start and end of every build noted in ``spec["events"]``."""
    sys.path.insert(0, str(ROOT))
    import tasks

    def note(event):
        with open(spec["events"], "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"event": event, "t": time.time()}) + "\n")

    rebuild = tasks.rebuilder(spec["settings"], spec["output"])

    def noted_rebuild():
        note("start")
        rebuild()
        note("end")

    noted_rebuild()
    server = tasks.livereload_server(noted_rebuild, spec["content"], spec["settings"])
    look = server.watcher.examine  # the watcher's look at every file, each poll: how long it takes

    def timed_look():
        start = time.perf_counter()
        found = look()
        if not found[0]:  # nothing changed (else the time is the rebuild's)
            with open(spec["events"], "a", encoding="utf-8") as stream:
                stream.write(json.dumps({"event": "look", "t": time.time(), "s": time.perf_counter() - start}) + "\n")
        return found

    server.watcher.examine = timed_look
    with open(spec["events"], "a", encoding="utf-8") as stream:
        stream.write(json.dumps({"event": "watcher", "t": time.time(), "kind": type(server.watcher).__name__}) + "\n")
    note("serving")
    server.serve(host="127.0.0.1", port=spec["port"], root=spec["output"])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _event(events, name, after, process, timeout):
    """The time of the first ``name`` noted after ``after``, waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if events.exists():
            for line in events.read_text(encoding="utf-8").splitlines():
                noted = json.loads(line)
                if noted["event"] == name and noted["t"] > after:
                    return noted["t"]
        if process.poll() is not None:
            raise SystemExit(f"invoke livereload stopped (status {process.returncode})")
        time.sleep(0.01)
    raise SystemExit(f"invoke livereload: no {name} within {timeout} s")


def _seen(page, text, process, timeout):
    """The time ``page`` first holds ``text``, looked at every 5 ms."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in page.read_bytes():
                return time.time()
        except FileNotFoundError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"invoke livereload stopped (status {process.returncode})")
        time.sleep(0.005)
    raise SystemExit(f"invoke livereload: {page} did not change within {timeout} s")


def measure_livereload(n, work, saves=LIVERELOAD_SAVES, settle_s=SETTLE_S, log=print, timeout=600):
    """Run invoke livereload's server on a generated site; after its first build,
    save one activity file ``saves`` times and time each save until the rebuilt
    page is in the output."""
    work = Path(work)
    generate(work, n)
    site, folder = work / "site", work / "livereload"
    folder.mkdir(parents=True, exist_ok=True)
    output, events, settings = folder / "output", folder / "events.jsonl", folder / "livereload_settings.py"
    settings.write_text(
        LIVERELOAD_SETTINGS.format(
            root=str(ROOT),
            content=str(site),
            output=str(output),
            cache=str(folder / "cache"),
            siteurl=SITEURL,
            theme=str(ROOT / "themes" / "tadamon"),
            date=BUILD_DATE,
        ),
        encoding="utf-8",
    )
    source = sorted((site / "activities").glob("*.ar.md"))[0]  # Arabic, the first language: at the root
    page = output / "activities" / source.name.removesuffix(".ar.md") / "index.html"
    spec = {"settings": str(settings), "output": str(output), "content": str(site), "events": str(events)}
    spec["port"] = _free_port()
    runs = []
    with open(folder / "livereload.log", "w") as stream:
        started = time.time()
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "_livereload", json.dumps(spec)],
            cwd=folder,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        first = _event(events, "end", started, process, timeout) - _event(events, "start", started, process, 60)
        _event(events, "serving", started, process, 60)
        time.sleep(3 * LIVERELOAD_POLL_S)  # the watcher's first looks: every file's mtime noted
        phase = random.Random(SEED)
        for number in range(1, saves + 1):
            settle(settle_s)
            # A save comes at any moment of the watcher's poll, not always at the same one.
            time.sleep(phase.uniform(0, LIVERELOAD_POLL_S))
            marker = f"LR{number}T{time.time_ns()}"
            saved = time.time()
            with open(source, "a", encoding="utf-8") as stream:
                stream.write(f"\nفقرة أضيفت للتجربة {marker}.\n")
            seen = _seen(page, marker.encode(), process, timeout)
            start = _event(events, "start", saved, process, timeout)
            end = _event(events, "end", start, process, timeout)
            runs.append(
                {
                    "save_to_page_s": round(seen - saved, 3),
                    "watcher_s": round(start - saved, 3),
                    "rebuild_to_page_s": round(seen - start, 3),
                    "rebuild_s": round(end - start, 3),
                }
            )
            log(f"  save {number}/{saves}: page rebuilt {seen - saved:.2f} s after the save")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    figures = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    noted = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    looks = [each["s"] for each in noted if each["event"] == "look"]
    figures["look_s"] = round(statistics.median(looks), 4) if looks else None
    figures["watcher"] = next(each["kind"] for each in noted if each["event"] == "watcher")
    return {
        "n": n,
        "saves": saves,
        "poll_s": LIVERELOAD_POLL_S,
        "first_build_s": round(first, 3),
        **figures,
        "runs": runs,
    }


def _watcher(figures):
    if figures.get("watcher") == "InstantWatcher":
        return "told by inotify"
    return f"it looks every {figures['poll_s']} s, each look {(figures['look_s'] or 0) * 1000:.0f} ms"


def livereload_table(result):
    figures = result["livereload"]
    return (
        f"invoke livereload, N={figures['n']}, commit {result['commit']}: a save shows in the rebuilt page after "
        f"{figures['save_to_page_s']:.2f} s (median of {figures['saves']}): "
        f"{figures['watcher_s']:.2f} s until the watcher starts the rebuild ({_watcher(figures)}), "
        f"{figures['rebuild_to_page_s']:.2f} s of rebuild until the page is written; "
        f"the whole rebuild {figures['rebuild_s']:.2f} s (first build {figures['first_build_s']:.1f} s)"
    )


def _commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "nogit"
    return sha + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def table(result):
    """The figures as a text table."""
    s, r = result["scenarios"], result["ratios"]
    lines = [
        f"N={result['n']} ({result['content']['markdown_files']} Markdown files), "
        f"median of {result['reps']}, commit {result['commit']}",
        f"{'build':<10}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}{'tree MB':>9}{'files':>8}"
        f"{'wall x':>9}{'cpu x':>8}{'mem x':>8}",
    ]
    for name in SCENARIOS:
        row = s[name]
        ratio = r.get(name, {"wall_s": 1, "cpu_s": 1, "peak_mb": 1})
        lines.append(
            f"{name:<10}{row['wall_s']:>9.2f}{row['cpu_s']:>9.2f}{row['peak_mb']:>9.0f}{row['tree_mb']:>9.0f}"
            f"{row['files']:>8}"
            f"{ratio['wall_s']:>9.2f}{ratio['cpu_s']:>8.2f}{ratio['peak_mb']:>8.2f}"
        )
    cards = result["cards"]
    if cards.get("cpu_ms_each") is not None:
        lines.append(
            f"share cards from cold: {cards['count']} cards, {cards['cpu_ms_each']:.1f} ms CPU each "
            f"(all first-time work: {cards['first_time_cpu_ms_each']:.1f} ms per card)"
        )
    else:
        lines.append(f"share cards: {cards['note']}")
    lines.append("targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in result["targets"].items()))
    lines.append("peak MB: the largest single process; tree MB: every process of the build at once (PSS)")
    return "\n".join(lines)


def save(result, results, suffix=""):
    folder = Path(results)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result['commit']}-n{result['n']}{suffix}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_build"]:
        _child(json.loads(argv[1]))
        return 0
    if argv[:1] == ["_livereload"]:
        _livereload_child(json.loads(argv[1]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of activities (each in Arabic and French)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of every build (median kept; 0: profile only)")
    parser.add_argument("--growth", action="store_true", help="run N=1000 and N=4000 and compare")
    parser.add_argument("--profile", action="store_true", help="also cProfile a cold and a warm build")
    parser.add_argument(
        "--livereload", action="store_true", help="only measure invoke livereload: from a save to the rebuilt page"
    )
    parser.add_argument("--results", default=str(ROOT / "bench-results"), help="folder for the JSON figures")
    parser.add_argument("--work", help="keep the generated site and outputs in this folder")
    parser.add_argument("--settle", type=float, default=SETTLE_S, help="pause before each build (s; see settle())")
    args = parser.parse_args(argv)

    sizes = (1000, 4000) if args.growth else (args.n,)
    results = {}
    # Pelican and the libraries come compiled by pip; our plugins are compiled
    # as any run writes them, unless PYTHONDONTWRITEBYTECODE is set (as here).
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="tadamon-bench-"))
    try:
        for n in sizes:
            if args.livereload:
                result = {"n": n, "commit": _commit(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
                result["livereload"] = measure_livereload(n, root / f"n{n}", settle_s=args.settle)
                print(livereload_table(result))
                print(f"figures written to {save(result, args.results, '-livereload')}\n")
                continue
            results[n] = result = bench(n, root / f"n{n}", args.reps, args.results, args.profile, args.settle)
            if args.reps:
                print(table(result))
                # A growth run's own N=1000 does not replace the figures of a run of N=1000 alone.
                print(f"figures written to {save(result, args.results, '-growth' if args.growth else '')}\n")
    finally:  # deleted only now (see _discard); with --work, only what was put aside
        if args.work:
            for n in sizes:
                shutil.rmtree(root / f"n{n}" / "trash", ignore_errors=True)
        else:
            shutil.rmtree(root, ignore_errors=True)
    if args.growth and args.reps and not args.livereload:
        small, big = results[1000]["scenarios"], results[4000]["scenarios"]
        keys, builds = ("wall_s", "build_s", "cpu_s", "peak_mb"), [name for name in SCENARIOS if name != "plain"]
        growth = {name: {key: round(big[name][key] / small[name][key], 2) for key in keys} for name in builds}
        met = all(ratios["wall_s"] <= 4.4 for ratios in growth.values())
        for name, ratios in growth.items():
            print(f"growth N=4000 / N=1000 ({name}): {ratios}")
        print(f"target: every build's wall time <= 4.4x: {'met' if met else 'NOT met'}")
        path = Path(args.results) / f"{results[4000]['commit']}-growth.json"
        path.write_text(json.dumps({**growth, "target_met": met}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
