"""What the pages show of the finances, as plain values (the pages' keys cover them).

A report page gets ``report``: the year's totals computed from its lines,
income by source and spending by category with their shares and the bars of
their charts, the year's campaigns, projects, activities and volunteer calls,
who approved the accounts, the auditor and the documents. A campaign or
project page gets ``money_trail``: the spending lines that name it and what
they add up to; the transparency page and the home page ``finances``: the
years and their reports.
"""

from tadamon.fields import Money
from tadamon.finances.model import CATEGORIES, SOURCES
from tadamon.kinds.contents import page_url

# Msgids of the theme's catalogs, per value of the contract.
SOURCE_LABELS = {
    "donations": "Donations",
    "grants": "Grants and sponsorship",
    "public": "Public funding",
    "members": "Members' dues",
    "sales": "Sales",
    "other": "Other income",
}
CATEGORY_LABELS = {
    "programs": "Programmes",
    "fundraising": "Fundraising",
    "administration": "Administration",
    "other": "Other spending",
}
TRANSPARENCY = "transparency"  # the slug of the stable page that shows the accounts


def report_url(year, lang, settings):
    return page_url("finances", lang, settings, year=year)


def data_url(year, form, settings):
    """The open data of a year (one file for every language): ``form`` is json or csv."""
    return settings["TADAMON_URLS"][f"finances_{form}"].format(year=year)


def share(part, whole):
    """A percentage with one decimal (0 of nothing)."""
    return round(part * 100 / whole, 1) if whole else 0


def _breakdown(lines, order, labels, currency):
    total = sum(line.amount for line in lines)
    sums = {kind: sum(line.amount for line in lines if line.kind == kind) for kind in order}
    rows = [(kind, amount) for kind, amount in sums.items() if any(line.kind == kind for line in lines)]
    largest = max((amount for _kind, amount in rows), default=0)
    return [
        {
            "kind": kind,
            "label": labels[kind],
            "amount": Money(amount, currency),
            "share": share(amount, total),
            "bar": share(amount, largest),
        }
        for kind, amount in rows
    ]


def _line(line, currency, total):
    return {
        "label": line.label,
        "kind": line.kind,
        "amount": Money(line.amount, currency),
        "share": share(line.amount, total),
        "in_kind": line.in_kind,
    }


def _item(found, lang):
    """The item of this slug in ``lang``, else in the first language that has it."""
    return found.get(lang) or next(iter(found.values()), None)


def _by_slug(site, kind):
    out = {}
    for lang in site.association.languages:
        for item in site.items[lang][kind]:
            out.setdefault(item.slug, {})[lang] = item
    return out


def _shown(item, lang, **more):
    return dict(title=item.title, url=item.url, lang=item.lang if item.lang != lang else "", **more)


def _year_of(moment):
    return moment.year if moment is not None else None


def _runs_in(project, year, now):
    """Whether a dated project ran during ``year`` (one not completed runs until today)."""
    if project.start is None:
        return False
    end = project.end or (project.start if project.stage == "completed" else now)
    return project.start.year <= year <= end.year


def report_values(site, year, lang):
    """The ``report`` of the year's page in ``lang``."""
    settings, currency = site.settings, year.currency
    income, spending = year.total("income"), year.total("spending")
    by_category = _breakdown(year.spending, CATEGORIES, CATEGORY_LABELS, currency)
    programs = next((row["amount"].amount for row in by_category if row["kind"] == "programs"), 0)

    campaigns = _by_slug(site, "campaign")
    named = [line.campaign for line in year.spending if line.campaign]
    dated = [slug for slug, found in campaigns.items() if _year_of(_item(found, lang).deadline) == year.year]
    shown_campaigns = []
    for slug in sorted(set(named + dated), key=lambda s: (s not in named, s)):
        campaign = _item(campaigns[slug], lang)
        spent = sum(line.amount for line in year.spending if line.campaign == slug)
        shown_campaigns.append(
            _shown(campaign, lang, goal=campaign.goal, raised=campaign.raised_amount, spent=Money(spent, currency))
        )

    projects = _by_slug(site, "project")
    named = [line.project for line in year.spending if line.project]
    running = [slug for slug, found in projects.items() if _runs_in(_item(found, lang), year.year, site.build_time)]
    shown_projects = []
    for slug in sorted(set(named + running), key=lambda s: (s not in named, s)):
        project = _item(projects[slug], lang)
        spent = sum(line.amount for line in year.spending if line.project == slug)
        shown_projects.append(
            _shown(project, lang, beneficiaries=project.beneficiaries, spent=Money(spent, currency) if spent else None)
        )

    activities = [a for a in site.items[lang]["activity"] if a.start.year == year.year]
    calls = [c for c in site.items[lang]["volunteer"] if c.deadline.year == year.year]
    years = list(site.finances)
    return {
        "year": year.year,
        "currency": currency,
        "income": Money(income, currency),
        "spending": Money(spending, currency),
        "result": Money(abs(income - spending), currency),
        "surplus": income >= spending,
        "income_lines": [_line(line, currency, income) for line in year.income],
        "spending_lines": [_line(line, currency, spending) for line in year.spending],
        "by_source": _breakdown(year.income, SOURCES, SOURCE_LABELS, currency),
        "by_category": by_category,
        "programs_share": share(programs, spending),
        "campaigns": shown_campaigns,
        "projects": shown_projects,
        "activities": {
            "count": len(activities),
            "participants": sum(a.report.participants or 0 for a in activities if a.report),
        },
        "calls": {"count": len(calls), "places": sum(c.places or 0 for c in calls)},
        "approved": year.approved,
        "audited_by": year.audited_by,
        "documents": [{"title": d.title, "url": d.file, "type": d.type, "size": d.size} for d in year.documents],
        "json": data_url(year.year, "json", settings),
        "csv": data_url(year.year, "csv", settings),
        "years": [(y, report_url(y, lang, settings)) for y in reversed(years)],
    }


def money_trail(site, item):
    """The spending lines that name a campaign or a project, of every year, and their sum."""
    lines = []
    for year in site.finances.values():
        for line in year.spending:
            if getattr(line, item.kind) == item.slug:
                lines.append({"year": year.year, "label": line.label, "amount": Money(line.amount, year.currency)})
    if not lines:
        return None
    currency = item.goal.currency if item.kind == "campaign" else lines[0]["amount"].currency
    spent = sum(line["amount"].amount for line in lines if line["amount"].currency == currency)
    return {"lines": lines, "spent": Money(spent, currency)}


def overview(site, lang):
    """The years and their reports, newest first, with the figures of the latest year (transparency, home)."""
    if not site.finances:
        return None
    years = list(site.finances.values())
    latest = years[-1]
    values = report_values(site, latest, lang)
    keep = ("year", "income", "spending", "result", "surplus", "income_lines", "spending_lines", "programs_share")
    return {
        "latest": {name: values[name] for name in keep} | {"url": report_url(latest.year, lang, site.settings)},
        "years": values["years"],
    }


def page_values(site, template, lang, values):
    """What a page of the kinds stage shows of the finances, beside its own values."""
    if not site.finances:
        return {}
    item = values.get("item")
    if item is not None and item.kind in ("campaign", "project"):
        trail = money_trail(site, item)
        return {"money_trail": trail} if trail else {}
    if template == "home" or (item is not None and item.kind == "page" and item.slug == TRANSPARENCY):
        return {"finances": overview(site, lang)}
    return {}
