"""Stage: activities as iCalendar files (RFC 5545, with RFC 7986 properties).

One ``.ics`` per activity (TADAMON_URLS ``activity_calendar``) to add it to a
calendar, and one calendar per language with every activity (``calendar``) to
subscribe to. Lines are written by ``ical`` (escaped, folded at 75 octets,
ended with CRLF), and so is the time zone (VTIMEZONE) unless it has summer
time: the icalendar library makes those.
Nothing in them comes from the clock: the same content gives the same bytes.
"""

import datetime
import uuid

from jinja2 import pass_context

from tadamon import listed_alone
from tadamon.calendar import ical
from tadamon.config import config_of
from tadamon.formats import CALENDAR, kinds_with
from tadamon.kinds.contents import page_url
from tadamon.kinds.facts import facts


def stable_uid(settings, url):
    """A UUID (as RFC 7986 recommends) derived from the absolute URL of a page:
    the same in every build of the site, different for each activity and language."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, config_of(settings).absolute(url)))


def make_event(activity, settings, i18n):
    """The VEVENT of an activity, serialised (properties in icalendar's order:
    SUMMARY, DTSTART, DTEND, DTSTAMP, UID, then alphabetical)."""
    lang = {"LANGUAGE": activity.lang}
    page = config_of(settings).absolute(activity.url)
    said = facts(activity, i18n)
    start, end = said.start, said.end
    if activity.all_day:  # DTEND is the day after the last one
        end = (end or start) + datetime.timedelta(days=1)
    location, online = said.location, said.online
    place = ", ".join(part for part in (location.name, location.address) if part) if location else ""
    description = [activity.description]
    if online and place:  # a mixed activity: the link is not in LOCATION
        description.append(f"{i18n.translations(activity.lang).ugettext('Online')}: {online}")
    description.append(page)
    updated = activity.updated
    tags = activity.tags
    image = activity.image

    lines = [ical.line("SUMMARY", ical.text(activity.title), lang), ical.line("DTSTART", *ical.when(start))]
    if end is not None:
        lines.append(ical.line("DTEND", *ical.when(end)))
    # DTSTAMP says when this description of the event was made: its content's
    # date, never the time of the build.
    lines.append(ical.line("DTSTAMP", ical.utc(updated or activity.publication_date)))
    lines.append(ical.line("UID", stable_uid(settings, activity.url)))
    if tags:
        lines.append(ical.line("CATEGORIES", ",".join(ical.text(tag) for tag in tags)))
    if online:
        lines.append(ical.line("CONFERENCE", online, {"FEATURE": "VIDEO", "VALUE": "URI"}))
    lines.append(ical.line("DESCRIPTION", ical.text("\n\n".join(d for d in description if d)), lang))
    if image:
        lines.append(ical.line("IMAGE", config_of(settings).absolute(image.path), {"DISPLAY": "BADGE", "VALUE": "URI"}))
    if updated:
        lines.append(ical.line("LAST-MODIFIED", ical.utc(updated)))
    if place or online:
        lines.append(ical.line("LOCATION", ical.text(place or online), lang))
    lines.append(ical.line("STATUS", "CONFIRMED"))
    lines.append(ical.line("URL", page))
    return ical.component("VEVENT", lines)


def make_calendar(events, activities, settings, uid_url, lang, association, zones, subscribe=False):
    """A VCALENDAR holding ``events`` (serialised), with the VTIMEZONE of the
    site's zone over the years of its activities if any has a time.

    ``zones`` keeps the VTIMEZONEs made in this build by years: one with
    summer time takes icalendar about 25 ms, which 2000 activities would pay
    2000 times.
    """
    tz = config_of(settings).timezone
    lines = [
        ical.line("VERSION", "2.0"),
        ical.line("PRODID", f"-//Tadamon//Activities//{lang.upper()}"),
        ical.line("METHOD", "PUBLISH"),
    ]
    if subscribe:
        # What calendar apps show of a subscribed calendar and how they refresh it
        # (each in RFC 7986's property and the X-WR- one older apps read).
        tagline = association.tagline.get_text(lang)
        if tagline:
            lines += [ical.line("DESCRIPTION", ical.text(tagline)), ical.line("X-WR-CALDESC", ical.text(tagline))]
        name = ical.text(association.name.get_text(lang))
        lines += [ical.line("NAME", name), ical.line("X-WR-CALNAME", name)]
        refresh = ical.duration(datetime.timedelta(hours=settings["TADAMON_CALENDAR_REFRESH_HOURS"]))
        lines += [
            ical.line("REFRESH-INTERVAL", refresh, {"VALUE": "DURATION"}),
            ical.line("SOURCE", config_of(settings).absolute(uid_url)),
        ]
    lines.append(ical.line("UID", stable_uid(settings, uid_url)))
    if subscribe:
        lines += [
            ical.line("URL", config_of(settings).absolute(page_url("activity_list", lang, settings))),
            ical.line("X-PUBLISHED-TTL", refresh),  # Outlook's REFRESH-INTERVAL
            ical.line("X-WR-TIMEZONE", tz.key),  # Google Calendar's default zone
        ]
    if any(not a.all_day for a in activities):  # dates (all-day) need no zone
        # From January 1st of the first activity's year to the end of the year
        # after the last one: derived from the content, so stable across builds.
        years = (
            min(a.start for a in activities).astimezone(tz).year,
            max(a.ends for a in activities).astimezone(tz).year + 2,
        )
        if years not in zones:
            first, last = (datetime.date(year, 1, 1) for year in years)
            zones[years] = ical.timezone(tz, first, last)
        lines.append(zones[years])
    return ical.component("VCALENDAR", lines + events)


def write(build):
    """A calendar per activity, and one per language, through the site's plan."""
    site = build.site
    if not site.read:
        return
    association, plan, settings = site.association, site.plan, build.settings
    zones, events, files = {}, {}, {}

    def event(activity):
        """The activity's VEVENT: made once, or taken from its own calendar when
        that one came from the cache (a change remakes the language's calendar,
        not every event in it)."""
        if activity not in events:
            events[activity] = _event_of(files.get(activity)) or make_event(activity, settings, site.i18n)
        return events[activity]

    # Through the site's plan: a calendar is made only when its activities
    # or a site-wide input changed.
    for lang in association.languages:
        # In the order of their content, not of the build date (upcoming first),
        # so that the calendar changes only when the content does.
        found = [item for kind in kinds_with(CALENDAR) for item in site.items[lang][kind]]
        activities = sorted(found, key=lambda a: (a.start, a.slug))
        for activity in activities:
            url = page_url("activity_calendar", lang, settings, slug=activity.slug)
            files[activity] = plan.publish(
                url,
                plan.add(url, plan.digest(activity)),
                lambda a=activity, url=url, lang=lang: make_calendar(
                    [event(a)], [a], settings, url, lang, association, zones
                ),
            )
        # The language's calendar: its header and time zone, then every event.
        url = page_url("calendar", lang, settings)
        plan.publish(
            url,
            plan.add(url, [plan.digest(a) for a in activities]),
            lambda found=activities, url=url, lang=lang: make_calendar(
                [event(a) for a in found], found, settings, url, lang, association, zones, subscribe=True
            ),
        )


def _event_of(path):
    """The VEVENT of the one-activity calendar at ``path`` (None: no file). Its
    lines start after a line break; a folded line's go on after one and a space."""
    if path is None:
        return None
    with open(path, "rb") as stream:
        data = stream.read()
    begin, end = ical.CRLF + b"BEGIN:VEVENT" + ical.CRLF, ical.CRLF + b"END:VEVENT" + ical.CRLF
    return data[data.index(begin) + len(ical.CRLF) : data.rindex(end) + len(end)]


def install(generator):
    """``activity_calendar_url(item)`` and ``calendar_url(lang)`` for the theme."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings

    def activity_calendar_url(item):
        return page_url("activity_calendar", item.lang, settings, slug=item.slug)

    @pass_context
    def calendar_url(ctx, lang=None):
        return page_url("calendar", lang or ctx["lang"], settings)

    env.globals.update(activity_calendar_url=activity_calendar_url, calendar_url=calendar_url)


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
