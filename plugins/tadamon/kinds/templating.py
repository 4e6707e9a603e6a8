"""What the theme's templates need from the kinds: URLs, labels, grouping.

Labels are English msgids; templates pass them through ``_()``.
"""

import datetime
import hashlib
import os
from urllib.parse import quote

from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from tadamon import formats
from tadamon.kinds.contents import page_url
from tadamon.site import site_of

MENU = (
    ("activity_list", "Activities"),
    ("project_list", "Projects"),
    ("campaign_list", "Campaigns"),
    ("volunteer_list", "Volunteer"),
    ("news_list", "News"),
)
LIST_TITLES = {
    "activity": "Activities",
    "project": "Projects",
    "campaign": "Donation campaigns",
    "volunteer": "Volunteer calls",
    "news": "News",
}
HOME_SECTIONS = (
    ("activity", "Upcoming activities"),
    ("campaign", "Open campaigns"),
    ("volunteer", "Open calls"),
    ("news", "News"),
)
MODE_LABELS = {"remote": "Remote", "onsite": "On site", "hybrid": "Hybrid"}
STAGE_LABELS = {"planned": "Planned", "ongoing": "Ongoing", "completed": "Completed"}
APPLY_LABELS = {
    "url": "Apply online",
    "email": "Apply by e-mail",
    "phone": "Apply by phone",
    "whatsapp": "Apply on WhatsApp",
}
DETAIL_LABELS = {
    "holder": "Account holder",
    "bank": "Bank",
    "iban": "IBAN",
    "rib": "RIB",
    "swift": "SWIFT/BIC",
    "number": "Account number",
    "key": "Key",
}
NETWORK_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "youtube": "YouTube",
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
}


# Where each network takes a link to share: plain links, no script or widget of theirs.
SHARE_ADDRESSES = (
    ("WhatsApp", "https://wa.me/?text={title_and_url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("X", "https://x.com/intent/post?text={title}&url={url}"),
    ("Telegram", "https://t.me/share/url?url={url}&text={title}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
)


def share_links(title, url):
    """(network, address) to share a page with ``title`` at ``url``."""
    quoted = {"title": quote(title), "url": quote(url), "title_and_url": quote(f"{title} {url}")}
    return [(network, address.format(**quoted)) for network, address in SHARE_ADDRESSES]


def state_of(item):
    """The section of a list an item belongs to (a msgid), or None for no sections."""
    if item.kind == "activity":
        return "Upcoming activities" if item.upcoming else "Past activities"
    if item.kind == "campaign":
        return "Open campaigns" if not item.closed else "Closed campaigns"
    if item.kind == "volunteer":
        return "Open calls" if not item.closed else "Closed calls"
    if item.kind == "project":
        return STAGE_LABELS[item.stage]
    return None


# The sections of lists by state: open ones lose an item when its moment passes
# (deadline.js moves it to the closed section of the same page, or marks it).
OPEN_STATES = frozenset({"Upcoming activities", "Open campaigns", "Open calls"})
CLOSED_STATES = frozenset({"Past activities", "Closed campaigns", "Closed calls"})
# "N days left" carries the words of this many days ahead: the daily build
# renews them, and a few failed nights still show the right count.
COUNTDOWN_DAYS = 3


def closes(item):
    """The moment (ISO 8601, with its offset) at which an item that is open or
    upcoming as built closes or ends; "" for what does not change with time.
    Pages carry it (``data-closes``) for deadline.js, which switches at the visitor's clock."""
    if item.kind == "activity":
        return item.ends.isoformat() if item.upcoming else ""
    if item.kind in ("campaign", "volunteer"):
        deadline = item.deadline
        return deadline.isoformat() if deadline and not item.closed else ""
    return ""


@pass_context
def has_moments(ctx):
    """Whether the page shows an item that closes or ends later (then it loads deadline.js)."""
    shown = []
    item = ctx.get("item")
    if item:
        shown += [item, *item.related.items()]
    shown += ctx.get("list_items") or []
    if ctx.get("page_name") == "home":
        lists = ctx["items"][ctx["lang"]]
        shown += [*lists["activity"], *lists["campaign"], *lists["volunteer"]]
    return any(closes(other) for other in shown if other is not None)


def state_group(state):
    """``open``, ``closed`` or "" for a list's section (a state msgid of ``state_of``)."""
    return "open" if state in OPEN_STATES else "closed" if state in CLOSED_STATES else ""


@pass_context
def countdown(ctx, deadline):
    """[(moment, days left from then)]: the build day's count, then one more at each
    midnight in the site's time zone until the deadline's day (at most COUNTDOWN_DAYS
    ahead, then (moment, None): a page that old no longer knows, and says nothing).
    A page says the first; deadline.js the last one whose moment has passed."""
    site = site_of(ctx)
    now, zone = site.build_time, site.association.timezone
    today, last = now.astimezone(zone).date(), deadline.astimezone(zone).date()
    left = (last - today).days
    if left < 0:
        return []
    steps = []
    for ahead in range(min(left, COUNTDOWN_DAYS) + 1):
        midnight = datetime.datetime.combine(today + datetime.timedelta(days=ahead), datetime.time(), zone)
        steps.append((midnight.isoformat(timespec="minutes"), left - ahead))
    if left > COUNTDOWN_DAYS:
        after = datetime.datetime.combine(today + datetime.timedelta(days=COUNTDOWN_DAYS + 1), datetime.time(), zone)
        steps.append((after.isoformat(timespec="minutes"), None))
    return steps


def compact_json(value):
    """JSON for an HTML attribute, without spaces and with its text as it is
    (Arabic is 2 bytes a letter, 6 as \\u escapes): pages carry one per deadline."""
    return htmlsafe_json_dumps(value, separators=(",", ":"), ensure_ascii=False)


def groupby_state(items):
    """Consecutive runs of items of one state (lists are already ordered by state)."""
    groups = []
    for item in items:
        state = state_of(item)
        if groups and groups[-1][0] == state:
            groups[-1][1].append(item)
        else:
            groups.append((state, [item]))
    return groups


class BytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, where a damaged file (cut short by a
    bad cache restore) is a miss: Jinja's own loader lets its EOFError through."""

    def load_bytecode(self, bucket):
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unpickling a damaged file raises anything
            bucket.reset()


def install(generator):
    settings = generator.settings
    # A build renders one version of the templates: do not stat every template
    # file again at each include (the environment is new at every build).
    generator.env.auto_reload = False
    # Compiled templates kept between builds (Jinja checks each against its
    # source, not against the environment's options: those name the folder).
    # Compiling the theme took 70 ms of every build.
    options = hashlib.sha256(repr(sorted(settings["JINJA_ENVIRONMENT"].items())).encode()).hexdigest()[:16]
    cache = os.path.join(settings["CACHE_PATH"], "templates", options)
    os.makedirs(cache, exist_ok=True)
    generator.env.bytecode_cache = BytecodeCache(cache)
    limits = settings["TADAMON_HOME_LIMITS"]

    def url_of(name, lang, **values):
        return page_url(name, lang, settings, **values)

    def home_selection(items, kind):
        """What the home page shows of a kind: only what is current, bounded."""
        if kind == "activity":
            items = [i for i in items if i.upcoming]
        elif kind in ("campaign", "volunteer"):
            items = [i for i in items if not i.closed]
        return items[: limits.get(kind, 3)]

    per_language = {}  # the environment, and so this, lives one build

    @pass_context
    def same_in_language(ctx, name):
        """A partial that is the same on every page of a language (the footer),
        rendered once per build and language: it must use nothing of the page."""
        key = (name, ctx["lang"])
        if key not in per_language:
            per_language[key] = Markup(ctx.environment.get_template(name).render(ctx.get_all()))
        return per_language[key]

    @pass_context
    def item_facts(ctx, item, form="full"):
        """What is said of ``item`` before its body (``kinds/facts.py``), dates in ``form``."""
        from tadamon.kinds.facts import facts

        return facts(item, site_of(ctx).i18n, form)

    generator.env.globals.update(
        has_format=lambda item, format_: formats.has(item.kind, format_),
        facts=item_facts,
        same_in_language=same_in_language,
        has_moments=has_moments,
        share_links=share_links,
        url_of=url_of,
        menu=MENU,
        list_titles=LIST_TITLES,
        home_sections=HOME_SECTIONS,
        mode_labels=MODE_LABELS,
        stage_labels=STAGE_LABELS,
        apply_labels=APPLY_LABELS,
        detail_labels=DETAIL_LABELS,
    )
    generator.env.filters.update(
        groupby_state=groupby_state,
        state_group=state_group,
        closes=closes,
        countdown=countdown,
        compact_json=compact_json,
        home_selection=home_selection,
        network_name=lambda name: NETWORK_NAMES.get(name, name),
    )
