"""Two years of finances added to a copy of the fixture site (tests/test_finances*.py)."""

import shutil

from conftest import FIXTURE

YEAR_2025 = """\
year: 2025
currency: DZD
approved:
  by: {ar: "الجمعية العامة العادية", fr: "Assemblée générale ordinaire"}
  date: 2026-04-25
audited_by: {ar: "مكتب بلقاسم", fr: "Cabinet Belkacem"}
totals: {income: 1000000, spending: 800000}
income:
  - label: {ar: "تبرعات الأفراد", fr: "Dons des particuliers"}
    source: donations
    amount: 600000
  - label: {ar: "رعاية", fr: "Mécénat, en nature"}
    source: grants
    amount: 250000
    in_kind: true
  - label: {ar: "اشتراكات", fr: "Cotisations"}
    source: members
    amount: 150000
spending:
  - label: {ar: "معاطف الشتاء", fr: "Manteaux d'hiver"}
    category: programs
    amount: 500000
    campaign: coats
    project: garden
  - label: {ar: "الحديقة", fr: "Le jardin"}
    category: programs
    amount: 100000
    project: garden
  - label: {ar: "التسيير", fr: "Fonctionnement"}
    category: administration
    amount: 200000
documents:
  - title: {ar: "التقرير المالي 2025", fr: "Rapport financier 2025"}
    file: documents/accounts-2025.pdf
"""

YEAR_2026 = """\
year: 2026
currency: DZD
income:
  - label: {ar: "تبرعات", fr: "Dons"}
    source: donations
    amount: 300000.5
spending:
  - label: {ar: "معاطف", fr: "Manteaux 2026"}
    category: programs
    amount: 120000
    campaign: coats
  - label: {ar: "بنك", fr: "Frais bancaires"}
    category: other
    amount: 4000
"""

CAMPAIGN_UPDATE = """\
---
title: "Les manteaux sont arrivés"
date: 2026-11-01
campaign: coats
---
Premier lot distribué.
"""

OLDER_UPDATE = """\
---
title: "La collecte commence"
date: 2026-10-01
campaign: coats
project: garden
---
C'est parti.
"""


def add_finances(content):
    """Write the two years, a document, and two news posts updating the campaign coats."""
    (content / "finances").mkdir()
    (content / "finances" / "2025.yml").write_text(YEAR_2025, encoding="utf-8")
    (content / "finances" / "2026.yml").write_text(YEAR_2026, encoding="utf-8")
    (content / "documents").mkdir()
    (content / "documents" / "accounts-2025.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    (content / "news" / "coats-arrived.fr.md").write_text(CAMPAIGN_UPDATE, encoding="utf-8")
    (content / "news" / "coats-start.fr.md").write_text(OLDER_UPDATE, encoding="utf-8")
    return content


def site_with_finances(content):
    """A copy of the fixture site at ``content``, with the two years added."""
    shutil.copytree(FIXTURE, content)
    return add_finances(content)
