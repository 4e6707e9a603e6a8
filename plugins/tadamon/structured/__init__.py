"""Stage: structured data (schema.org, JSON-LD) for every page.

The theme's ``partials/head-extra.html`` writes ``structured_data()|tojson``:
one ``@graph`` with the association as an ``NGO`` on every page, what the
page is about, and a ``BreadcrumbList`` on item and list pages.

- activity: ``Event`` (Place, VirtualLocation or both);
- volunteer call: ``JobPosting`` with ``employmentType: VOLUNTEER``;
- project: ``Project`` (a schema.org Organization: its start and end are
  ``foundingDate``/``dissolutionDate``, sponsors from partners.yml are ``funder``);
- campaign: a ``DonateAction`` whose ``recipient`` is the association and
  whose ``object`` is the money asked for, a ``MonetaryAmount`` with the goal
  as ``maxValue`` and what was raised so far as ``value``. schema.org has no
  fundraiser type nor a ``goal`` property; the action names what a donor is
  asked to do, where (``target``) and until when (``endTime``);
- news: ``NewsArticle``; pages: ``WebPage``; lists: ``CollectionPage``; home: ``WebSite``.
"""

import datetime

from babel.core import get_global
from jinja2 import pass_context

from tadamon import listed_alone
from tadamon.config import config_of
from tadamon.formats import JSONLD, has
from tadamon.kinds.contents import page_url
from tadamon.kinds.facts import facts
from tadamon.kinds.templating import LIST_TITLES
from tadamon.site import site_of

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    "offline": SCHEMA + "OfflineEventAttendanceMode",
    "online": SCHEMA + "OnlineEventAttendanceMode",
    "mixed": SCHEMA + "MixedEventAttendanceMode",
}
# Links to profiles that are the association (sameAs); a WhatsApp number is a contact, not a profile.
NOT_PROFILES = ("whatsapp",)


class Graph:
    """Builds the JSON-LD of one page; ``ctx`` is the page's template context,
    ``known`` keeps what is the same on every page of a language for the build."""

    def __init__(self, settings, ctx, known):
        self.settings = settings
        self.ctx = ctx
        self.known = known
        self.lang = ctx.get("lang") or config_of(settings).default_lang
        self.association = site_of(ctx).association
        self.tz = self.association.timezone
        self.territory = get_global("zone_territories").get(self.tz.key)

    # --- helpers ------------------------------------------------------------

    def url(self, relative):
        return config_of(self.settings).absolute(relative)

    def link(self, name, **values):
        return self.url(page_url(name, self.lang, self.settings, **values))

    def when(self, value):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.astimezone(self.tz).isoformat()
        return value.isoformat()

    def day(self, value):
        """A date written without a time (midnight) as a date, else with its time."""
        if isinstance(value, datetime.datetime):
            local = value.astimezone(self.tz)
            if local.timetz().replace(tzinfo=None) == datetime.time():
                return local.date().isoformat()
        return self.when(value)

    def gettext(self, message):
        return site_of(self.ctx).i18n.translations(self.lang).ugettext(message)

    def image(self, item):
        """The item's picture, else the association's logo, as absolute URLs."""
        image = item.image
        path = image.path if image else self.association.logo
        return [self.url(path)] if path else None

    def address(self, text):
        address = {"@type": "PostalAddress", "streetAddress": text or None, "addressCountry": self.territory}
        return _clean(address) if text else None

    def place(self, location):
        if not location:
            return None
        return _clean(
            {
                "@type": "Place",
                "name": location.name or location.address,
                "address": self.address(location.address or location.name),
                "hasMap": location.map or None,
            }
        )

    def own_place(self):
        """The association's premises, for what has no place of its own."""
        address = self.association.contact.address.get_text(self.lang)
        if not address:
            return None
        return {"@type": "Place", "name": self.association.name.get_text(self.lang), "address": self.address(address)}

    # --- the association -----------------------------------------------------

    @property
    def ngo_id(self):
        return self.settings["SITEURL"] + "/#organization"

    @property
    def website_id(self):
        return self.link("home") + "#website"

    def per_language(self, make):
        """``make()``, once per language and build."""
        key = (make.__name__, self.lang)
        if key not in self.known:
            self.known[key] = make()
        return self.known[key]

    def ngo_ref(self):
        """The association where another entity refers to it."""
        return self.per_language(self._ngo_ref)

    def _ngo_ref(self):
        return _clean(
            {
                "@type": "NGO",
                "@id": self.ngo_id,
                "name": self.association.name.get_text(self.lang),
                "url": self.link("home"),
                "logo": self.url(self.association.logo) if self.association.logo else None,
            }
        )

    def ngo(self):
        return self.per_language(self._ngo)

    def _ngo(self):
        a = self.association
        name = a.name.get_text(self.lang)
        others = [a.name.get_text(lang) for lang in a.languages if lang != self.lang]
        registration = a.registration
        return _clean(
            {
                **self.ngo_ref(),
                "alternateName": [n for n in dict.fromkeys(others) if n != name] or None,
                "description": a.tagline.get_text(self.lang) or None,
                "email": a.contact.email or None,
                "telephone": a.contact.phone or None,
                "address": self.address(a.contact.address.get_text(self.lang)),
                "sameAs": [link for network, link in a.social.items() if network not in NOT_PROFILES] or None,
                "identifier": _clean(
                    {
                        "@type": "PropertyValue",
                        "propertyID": registration.authority.get_text(self.lang) or None,
                        "value": registration.number,
                    }
                )
                if registration and registration.number
                else None,
                "foundingDate": self.when(registration.date) if registration else None,
            }
        )

    # --- pages ---------------------------------------------------------------

    def build(self):
        item = self.ctx.get("item")
        name = self.ctx.get("page_name") or ""
        nodes = [self.ngo()]
        if item is not None and has(item.kind, JSONLD):
            nodes.append(getattr(self, f"{item.kind}_node")(item))
            nodes.append(self.breadcrumbs(item))
        elif name.endswith("_list") and self.ctx.get("list_kind") in LIST_TITLES:
            nodes.append(self.collection())
            nodes.append(self.breadcrumbs())
        elif name == "home":
            nodes.append(self.website())
        return {"@context": "https://schema.org", "@graph": [n for n in nodes if n]}

    def common(self, item, kind):
        return {
            "@type": kind,
            "@id": self.url(item.url) + "#" + item.kind,
            "url": self.url(item.url),
            "name": item.title,
            "description": item.description or None,
            "image": self.image(item),
        }

    def activity_node(self, item):
        said = facts(item, site_of(self.ctx).i18n)
        places = [self.place(said.location)]
        if said.online:
            places.append({"@type": "VirtualLocation", "url": said.online})
        places = [p for p in places if p]
        return _clean(
            {
                **self.common(item, "Event"),
                "inLanguage": self.lang,
                "startDate": self.when(said.start),
                "endDate": self.when(said.end),
                "eventAttendanceMode": ATTENDANCE[item.attendance],
                "eventStatus": SCHEMA + "EventScheduled",
                "location": (places[0] if len(places) == 1 else places) or None,
                "organizer": self.ngo_ref(),
                "offers": {"@type": "Offer", "url": item.registration} if item.registration else None,
            }
        )

    def volunteer_node(self, item):
        remote = item.mode in ("remote", "hybrid")
        onsite = item.mode in ("onsite", "hybrid")
        country = None
        if remote and self.territory:
            country = {
                "@type": "Country",
                # In the page's language: its locale is loaded already (English would add a megabyte).
                "name": site_of(self.ctx).i18n.locale(self.lang).territories.get(self.territory, self.territory),
                "identifier": self.territory,
            }
        node = self.common(item, "JobPosting")
        node.pop("name")
        return _clean(
            {
                **node,
                "title": item.title,
                # Search engines want the whole call, as HTML.
                "description": item.content or item.description or item.title,
                "datePosted": self.day(item.publication_date),
                "validThrough": self.when(item.deadline),
                "employmentType": "VOLUNTEER",
                "hiringOrganization": self.ngo_ref(),
                "jobLocationType": "TELECOMMUTE" if remote else None,
                "applicantLocationRequirements": country,
                "jobLocation": (self.place(item.location) or self.own_place()) if onsite else None,
                "skills": ", ".join(item.skills or ()) or None,
                "workHours": item.commitment or None,
                "totalJobOpenings": item.places,
            }
        )

    def project_node(self, item):
        partners = self.association.partners
        sponsors = [partners[p] for p in item.partners or () if partners[p].kind == "sponsor"]
        end = item.end
        return _clean(
            {
                **self.common(item, "Project"),
                "parentOrganization": self.ngo_ref(),
                "foundingDate": self.day(item.start),
                "dissolutionDate": self.day(end) if item.stage == "completed" else None,
                "location": self.place(item.location),
                "funder": [
                    _clean({"@type": "Organization", "name": p.name.get_text(self.lang), "url": p.url or None})
                    for p in sponsors
                ]
                or None,
            }
        )

    def campaign_node(self, item):
        channels = item.donate or self.association.donate
        targets = [c.url for c in channels if c.url] or [self.url(item.url)]
        raised = item.raised
        deadline = item.deadline
        return _clean(
            {
                **self.common(item, "DonateAction"),
                "recipient": self.ngo_ref(),
                "object": _clean(
                    {
                        "@type": "MonetaryAmount",
                        "currency": item.goal.currency,
                        "maxValue": item.goal.amount,
                        "value": raised.amount if raised else None,
                    }
                ),
                "target": [{"@type": "EntryPoint", "urlTemplate": url} for url in targets],
                "endTime": self.when(deadline),
                "actionStatus": SCHEMA + ("CompletedActionStatus" if item.closed else "PotentialActionStatus"),
            }
        )

    def news_node(self, item):
        published = item.publication_date
        node = self.common(item, "NewsArticle")
        return _clean(
            {
                **node,
                "headline": item.title,
                "mainEntityOfPage": node["url"],
                "inLanguage": self.lang,
                "datePublished": self.day(published),
                "dateModified": self.day(item.updated or published),
                "author": self.ngo_ref(),
                "publisher": self.ngo_ref(),
            }
        )

    def page_node(self, item):
        node = self.common(item, "WebPage")
        return _clean(
            {
                **node,
                "inLanguage": self.lang,
                "dateModified": self.day(item.updated or item.publication_date),
                "isPartOf": {"@id": self.website_id},
                "publisher": {"@id": self.ngo_id},
            }
        )

    def collection(self):
        kind = self.ctx["list_kind"]
        return {
            "@type": "CollectionPage",
            "url": self.url(self.ctx["page_url"]),
            "name": self.gettext(LIST_TITLES[kind]),
            "inLanguage": self.lang,
            "isPartOf": {"@id": self.website_id},
        }

    def website(self):
        return _clean(
            {
                "@type": "WebSite",
                "@id": self.website_id,
                "url": self.link("home"),
                "name": self.association.name.get_text(self.lang),
                "description": self.association.tagline.get_text(self.lang) or None,
                "inLanguage": self.lang,
                "publisher": {"@id": self.ngo_id},
            }
        )

    def breadcrumbs(self, item=None):
        trail = [(self.association.name.get_text(self.lang), self.link("home"))]
        kind = item.kind if item is not None else self.ctx["list_kind"]
        if kind in LIST_TITLES:
            trail.append((self.gettext(LIST_TITLES[kind]), self.link(f"{kind}_list")))
        if item is not None:
            trail.append((item.title, self.url(item.url)))
        return {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": url}
                for n, (name, url) in enumerate(trail, start=1)
            ],
        }


def _clean(node):
    """Without the properties that have no value."""
    return {k: v for k, v in node.items() if v is not None and v != "" and v != []}


def install(generator):
    """``structured_data()`` for the theme: the JSON-LD of the page being rendered."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    known = {}  # the environment, and so this, lives one build

    @pass_context
    def structured_data(ctx):
        return Graph(settings, ctx, known).build()

    env.globals["structured_data"] = structured_data
    # |tojson keeps Arabic as it is (a third of the size of \\u escapes); it
    # still escapes <, >, & and ' so that nothing can close the <script>.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


# PLUGINS = ["tadamon"] wires this stage; listed on its own (the old way) it is
# refused, with what to write instead.
register = listed_alone
