"""Plugin: activities as iCalendar files (RFC 5545, with RFC 7986 properties).

One ``.ics`` per activity (TADAMON_URLS ``activity_calendar``) to add it to a
calendar, and one calendar per language with every activity (``calendar``) to
subscribe to. The files are made with the ``icalendar`` library, which
escapes, folds lines at 75 octets and ends them with CRLF. Nothing in them
comes from the clock: the same content gives the same bytes.
"""

import datetime
import hashlib
import os
import pickle
import uuid

from icalendar import Calendar, Conference, Event, Timezone, vDuration
from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from tadamon.files import write_output
from tadamon.kinds.contents import page_url

UTC = datetime.UTC
CACHE_NAME = "TadamonCalendar"
END = b"END:VCALENDAR\r\n"


def absolute(settings, url):
    return settings["SITEURL"] + "/" + url


def stable_uid(settings, url):
    """A UUID (as RFC 7986 recommends) derived from the absolute URL of a page:
    the same in every build of the site, different for each activity and language."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, absolute(settings, url)))


def _utc(value):
    return value.astimezone(UTC) if value is not None else None


def _date_range(activity, tz):
    """(DTSTART, DTEND or None) as the calendar apps should read them."""
    start = activity.start.astimezone(tz)
    end = getattr(activity, "end", None)
    if activity.all_day:
        # A whole-day activity: dates; DTEND is the day after the last one.
        last = end.astimezone(tz).date() if end else start.date()
        return start.date(), last + datetime.timedelta(days=1)
    return start, end.astimezone(tz) if end else None


def make_event(activity, settings, i18n):
    """The VEVENT of an activity."""
    tz = settings["TADAMON_TIMEZONE"]
    lang = activity.lang
    page = absolute(settings, activity.url)
    start, end = _date_range(activity, tz)
    location = getattr(activity, "location", None)
    online = getattr(activity, "online", None)
    place = ", ".join(part for part in (location.name, location.address) if part) if location else ""

    description = [activity.summary]
    if online and place:  # a mixed activity: the link is not in LOCATION
        description.append(f"{i18n.translations(lang).ugettext('Online')}: {online}")
    description.append(page)

    updated = getattr(activity, "updated", None)
    event = Event.new(
        uid=stable_uid(settings, activity.url),
        # DTSTAMP says when this description of the event was made: its
        # content's date, never the time of the build.
        stamp=_utc(updated or activity.publication_date),
        start=start,
        end=end,
        url=page,
        categories=getattr(activity, "tags", None) or (),
        conferences=[Conference(online, feature="VIDEO")] if online else None,
        last_modified=_utc(updated),
    )
    text = {"LANGUAGE": lang}
    event.add("summary", activity.title, parameters=text)
    event.add("description", "\n\n".join(d for d in description if d), parameters=text)
    if place or online:
        event.add("location", place or online, parameters=text)
    event.add("status", "CONFIRMED")
    image = getattr(activity, "image", None)
    if image:
        event.add("image", absolute(settings, image.path), parameters={"VALUE": "URI", "DISPLAY": "BADGE"})
    return event


def make_calendar(events, activities, settings, uid_url, lang, association, zones, subscribe=False):
    """A VCALENDAR with the VTIMEZONE of the site's zone over the years of its activities.

    ``zones`` caches VTIMEZONEs by years for the build: icalendar computes one
    in about 25 ms, which 2000 activities would pay 2000 times.
    """
    tz = settings["TADAMON_TIMEZONE"]
    calendar = Calendar.new(uid=stable_uid(settings, uid_url), prodid=f"-//Tadamon//Activities//{lang.upper()}")
    calendar.add("method", "PUBLISH")
    if subscribe:
        # What calendar apps show of a subscribed calendar and how they refresh it.
        refresh = datetime.timedelta(hours=settings["TADAMON_CALENDAR_REFRESH_HOURS"])
        calendar.calendar_name = association.name.get_text(lang)  # NAME and X-WR-CALNAME
        if association.tagline.get_text(lang):
            calendar.description = association.tagline.get_text(lang)  # DESCRIPTION and X-WR-CALDESC
        calendar.url = absolute(settings, page_url("activity_list", lang, settings))
        calendar.source = absolute(settings, uid_url)
        calendar.refresh_interval = refresh
        calendar.add("x-published-ttl", vDuration(refresh))  # Outlook's REFRESH-INTERVAL
        calendar.add("x-wr-timezone", tz.key)  # Google Calendar's default zone
    if any(not a.all_day for a in activities):  # dates (all-day) need no zone
        # From January 1st of the first activity's year to the end of the year
        # after the last one: derived from the content, so stable across builds.
        years = (
            min(a.start for a in activities).astimezone(tz).year,
            max(a.ends for a in activities).astimezone(tz).year + 2,
        )
        if years not in zones:
            zones[years] = Timezone.from_tzinfo(
                tz, tz.key, first_date=datetime.date(years[0], 1, 1), last_date=datetime.date(years[1], 1, 1)
            )
        calendar.add_component(zones[years])
    for event in events:
        calendar.add_component(event)
    return calendar


def with_events(calendar, events):
    """A serialised VCALENDAR with serialised VEVENTs added at its end, byte for
    byte what icalendar writes for the calendar holding them (it concatenates
    its components): each event is serialised once, however many files hold it."""
    return calendar[: -len(END)] + b"".join(events) + END


class EventCache:
    """The iCalendar text of each activity, kept between builds (as Pelican keeps
    what it read): icalendar takes about a millisecond per event, which a
    rebuild of a thousand activities in two languages would pay every time.

    An activity's key is its source file (path, size, time), the site's
    address, time zone and URLs, its language's catalog and this module."""

    def __init__(self, settings, catalogs):
        self.settings = settings
        self.path = os.path.join(settings["CACHE_PATH"], CACHE_NAME)
        self.previous, self.current = {}, {}
        if settings.get("LOAD_CONTENT_CACHE") and os.path.isfile(self.path):
            try:
                with open(self.path, "rb") as stream:
                    self.previous = pickle.load(stream)
            except (OSError, pickle.PickleError, EOFError):
                self.previous = {}
        with open(__file__, "rb") as stream:
            code = stream.read()
        site = repr((settings["SITEURL"], settings["TADAMON_TIMEZONE"].key, sorted(settings["TADAMON_URLS"].items())))
        self.site = hashlib.sha256(code + site.encode()).hexdigest()
        self.catalogs = catalogs

    def key(self, activity):
        stat = os.stat(activity.source_path)
        catalog = os.path.join(self.catalogs, activity.lang, "LC_MESSAGES", "messages.po")
        catalog_stamp = os.stat(catalog).st_mtime_ns if os.path.exists(catalog) else 0
        return f"{self.site}|{activity.source_path}|{stat.st_size}|{stat.st_mtime_ns}|{catalog_stamp}"

    def get(self, activity, make):
        """(event text, the activity's own calendar file), made by ``make`` if not kept."""
        key = self.key(activity)
        found = self.previous.get(key) or make()
        self.current[key] = found
        return found

    def save(self):
        if self.settings.get("CACHE_CONTENT"):
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(self.path, "wb") as stream:
                pickle.dump(self.current, stream)


class CalendarGenerator(Generator):
    def generate_output(self, writer):
        if "items" not in self.context:
            return
        association = self.context["association"]
        i18n = self.context["i18n"]
        settings = self.settings
        cache = EventCache(settings, os.path.join(self.theme, "translations"))
        zones = {}
        for lang in association.languages:
            # In the order of their content, not of the build date (upcoming first),
            # so that the calendar changes only when the content does.
            activities = sorted(self.context["items"][lang]["activity"], key=lambda a: (a.start, a.slug))
            events = []
            for activity in activities:
                url = page_url("activity_calendar", lang, settings, slug=activity.slug)

                def make(activity=activity, url=url, lang=lang):
                    event = make_event(activity, settings, i18n).to_ical()
                    own = make_calendar([], [activity], settings, url, lang, association, zones)
                    return event, with_events(own.to_ical(), [event])

                event, own = cache.get(activity, make)
                events.append(event)
                write_output(self.output_path, url, own)
            # The language's calendar: its header and time zone, then every event.
            url = page_url("calendar", lang, settings)
            shell = make_calendar([], activities, settings, url, lang, association, zones, subscribe=True)
            write_output(self.output_path, url, with_events(shell.to_ical(), events))
        cache.save()


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


def _calendar_generator(pelican):
    return CalendarGenerator


def register():
    signals.generator_init.connect(install)
    signals.get_generators.connect(_calendar_generator)
