"""What the calendar, sitemap and structured-data tests share: reading a built
site as a crawler does (absolute URLs under SITEURL), and a fixture site with
the cases the plain fixture lacks (all-day, mixed, hybrid, sponsors...)."""

import json
import shutil
from pathlib import Path

from conftest import FIXTURE, SITEURL, build

PREFIX = SITEURL + "/"

VARIANTS = {
    # An all-day activity over two days, given as bare dates.
    "activities/fair.fr.md": """---
title: "Foire solidaire"
start: 2026-12-19
end: 2026-12-20
location: {name: "Salle des fêtes", address: "Place du 1er-Novembre, Alger"}
tags: [foire, dons]
---
Deux jours de foire.
""",
    # On site and online at once, given with an offset that is not the site's,
    # and edited after publication.
    "activities/forum.fr.md": """---
title: "Forum des associations"
date: 2026-11-01
updated: 2026-11-10 15:30
start: 2026-12-12T09:00:00+00:00
end: 2026-12-12T12:00:00+00:00
location: {name: "Maison de la culture", address: "Boulevard Zighout, Alger", map: https://maps.example.org/forum}
online: https://meet.example.org/forum
summary: "Le forum, sur place ou en ligne."
---
Forum.
""",
    "volunteer/drivers.fr.md": """---
title: "Chauffeurs bénévoles"
date: 2026-11-05
deadline: 2026-12-15
mode: hybrid
location: {name: "Entrepôt", address: "Zone d'activités, lot 17, Alger"}
apply: {url: https://forms.example.org/drivers}
---
Conduire la camionnette.
""",
    "projects/well.fr.md": """---
title: "Le puits du village"
stage: completed
start: 2025-01-01
end: 2025-12-31
location: {name: "Village de Tala", address: "Tala, Blida"}
partners: [fondation, mairie]
---
Un puits.
""",
    # A title that tries to close the <script> that holds the JSON-LD.
    "news/escape.fr.md": """---
title: "Un titre </script><script>alert(1)</script> & « guillemets »"
date: 2026-03-01
---
Texte.
""",
}
SPONSOR = """- id: fondation
  name: {ar: "مؤسسة الخير", fr: "Fondation El Kheir"}
  url: https://fondation.example.org
  kind: sponsor
"""


def build_variant(base, **overrides):
    """The fixture site plus ``VARIANTS``, built into ``base``."""
    content = Path(base) / "content"
    shutil.copytree(FIXTURE, content)
    for relative, text in VARIANTS.items():
        (content / relative).write_text(text, encoding="utf-8")
    partners = content / "partners.yml"
    partners.write_text(partners.read_text(encoding="utf-8") + SPONSOR, encoding="utf-8")
    return build(content, Path(base) / "output", **overrides)


def build_fixture(base, **overrides):
    return build(FIXTURE, Path(base) / "output", **overrides)


def local(url):
    """The file behind an absolute URL of the site."""
    assert url.startswith(PREFIX), f"{url} is not under {PREFIX}"
    relative = url[len(PREFIX) :]
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def page_url(page):
    """The absolute URL of a built HTML file (``fr/x/index.html``)."""
    return PREFIX + page.removesuffix("index.html")


def json_ld(site, page):
    """The JSON-LD of a page, parsed: (the whole document, {@type: [nodes]})."""
    scripts = site.soup(page).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{page}: {len(scripts)} JSON-LD scripts"
    data = json.loads(scripts[0].string)
    nodes = {}
    for node in data["@graph"]:
        nodes.setdefault(node["@type"], []).append(node)
    return data, nodes
