"""Stage: a newsletter of what the site published since a date, ready to paste
into any mailing tool (``tadamon digest``; docs/editing.*.md say how).

The command runs the whole build without publishing anything (as ``tadamon
check`` does: the same reading, the same validation, so a content mistake is
reported as usual), with ``TADAMON_DIGEST`` saying what to write; this stage,
which runs once every item is read, then writes one file outside the site's
output folder, from the site model (never from the output folder):

- the news and the activities published since the date (an activity without
  a ``date:`` counts from its start), newest news first, activities in the
  order of the site's list;
- the volunteer calls still open, and the campaigns still open or updated
  since the date, with their progress: they need people and money until they
  close, so each digest carries them;

in the theme's templates ``digest/email.html`` (one column 600 px wide, styles
inline, right to left in Arabic, absolute links and images, no script) or
``digest/email.txt`` (``--text``: the plain-text version mailing tools send
beside it). A section shows at most ``MOST_PER_SECTION`` items, then a link
to the rest on the site, so that the HTML stays under the 100 KB past which
webmails (Gmail) cut a message.
"""

import datetime
import logging
from urllib.parse import quote

from tadamon import listed_alone
from tadamon.cache import write_whole
from tadamon.config import config_of, direction
from tadamon.errors import SetupError, _
from tadamon.kinds.contents import page_url
from tadamon.sitemap import modified

logger = logging.getLogger(__name__)

MOST_PER_SECTION = 10
EMAIL_WIDTH = 600  # pixels: the column mailing tools and webmails show
LIMIT = 100 * 1024  # bytes: Gmail cuts a message's HTML past about 102 KB
SECTIONS = ("news", "activity", "volunteer", "campaign")  # in this order; the templates name them


def start_of(day, timezone):
    """Midnight at the start of ``day`` (a date) in the site's time zone."""
    return datetime.datetime.combine(day, datetime.time(), timezone)


def select(lists, since):
    """{kind: [item]} of what a digest since ``since`` (an aware datetime) carries,
    from one language's lists (``Site.items[lang]``, in the site's order)."""

    def after(moment):
        return moment is not None and moment >= since

    return {
        "news": [i for i in lists["news"] if after(i.date)],
        "activity": [i for i in lists["activity"] if after(i.publication_date)],
        "volunteer": [i for i in lists["volunteer"] if not i.closed],
        "campaign": [i for i in lists["campaign"] if not i.closed or after(modified(i))],
    }


def write(build):
    """The newsletter that ``TADAMON_DIGEST`` asks for (nothing in a plain build)."""
    wanted = build.settings.get("TADAMON_DIGEST")
    if wanted:
        Digest(build).write(wanted)


class Digest:
    def __init__(self, build):
        self.build, self.site, self.settings = build, build.site, build.settings
        self.config = config_of(build.settings)

    def write(self, wanted):
        site, config = self.site, self.config
        lang = wanted.get("lang") or config.codes[0]
        if lang not in config.codes:
            raise SetupError(
                _(
                    "the site has no language {lang}: write one of {languages}",
                    lang=repr(lang),
                    languages=", ".join(config.codes),
                )
            )
        since = start_of(datetime.date.fromisoformat(wanted["since"]), config.timezone)
        chosen = select(site.items[lang], since)
        template = self.build.env.get_template("digest/email.txt" if wanted.get("text") else "digest/email.html")
        values = self.values(lang, since, chosen)
        data = template.render(dict(self.build.context, **values)).encode("utf-8")
        write_whole(wanted["to"], data)
        counts = {kind: len(items) for kind, items in chosen.items()}
        site.stats["digest"] = {"bytes": len(data), **counts}
        if len(data) > LIMIT and not wanted.get("text"):
            logger.warning(
                "The digest is %d KB: past 100 KB, webmails cut the message (choose a later --since)",
                len(data) // 1024,
            )

    def values(self, lang, since, chosen):
        """What the digest's templates get, beyond the build's context."""
        settings, site, absolute = self.settings, self.site, self.config.absolute
        sections = []
        for kind in SECTIONS:
            items = chosen[kind]
            shown = [self.entry(item) for item in items[:MOST_PER_SECTION]]
            if shown:
                more = len(items) - len(shown)
                list_url = absolute(page_url(f"{kind}_list", lang, settings))
                sections.append({"kind": kind, "items": shown, "more": more, "list_url": list_url})
        icons = site.pictures.icons if site.pictures is not None else None
        return {
            "lang": lang,
            "dir": direction(lang),
            "since": since,
            "sections": sections,
            "home_url": absolute(page_url("home", lang, settings)),
            "follow_url": absolute(page_url("follow", lang, settings)),
            "logo": icons,
            "colours": dict(zip(("primary", "text", "accent"), settings["TADAMON_CARDS_COLOURS"], strict=True)),
            "width": EMAIL_WIDTH,
        }

    def entry(self, item):
        """One item of the digest: the item, its absolute URL and its picture's."""
        image = None
        pictures = self.site.pictures
        picture = pictures.get(item.image.path) if item.image and pictures is not None else None
        if picture is not None:
            # The smallest copy at least as wide as the column, else the largest.
            path, width, height = next((o for o in picture.outputs if o[1] >= EMAIL_WIDTH), picture.outputs[-1])
            shown = min(width, EMAIL_WIDTH)
            image = {
                "src": self.config.absolute(quote(path)),
                "width": shown,
                "height": round(height * shown / width),
                "alt": item.image.alt,
            }
        return {"item": item, "url": self.config.absolute(item.url), "image": image}


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
