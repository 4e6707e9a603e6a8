"""Pages in the plan (``tadamon.plan``): what each page declares it shows.

A page's key is made before it is rendered, from the site-wide inputs, its
template, the values passed to it (the item, the members of a list, the
alternates, the pagination; items by their digest) and the items it shows
beyond these: an item's translations and related items, and on a home page
every item of its language. A page whose key is in the cache is published
from there, not rendered.

The declarations are checked, not trusted: with ``TADAMON_CHECK_DEPENDENCIES``
(the test suite sets it) every item a template reads is traced, and a page
that read an item it did not declare stops the build; the tests that
compare a rebuild with a fresh build then hold the declarations complete.
"""

import json

from tadamon.errors import SetupError
from tadamon.plan import stable


def declared(site, values):
    """The items a page with these template values shows, beyond the stable
    pages (the menu), which are site-wide inputs."""
    items = []
    item = values.get("item")
    if item is not None:
        items += [item, *item.translations, *item.related.items()]
    items += values.get("list_items") or []
    if values.get("page_name") == "home":
        items += [i for kind in site.items[values["lang"]].values() for i in kind]
    return items


def page_key(plan, url, template, values):
    """Plan the page at ``url``; return its key."""
    try:  # JSON's C encoder walks the values; items and other objects go through encoded()
        encoded = json.dumps(values, default=plan.encoded, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError):  # keys that are not strings, say
        encoded = repr(stable(values, plan.digest))
    return plan.add(url, template, encoded, plan.digests(declared(plan.site, values)))


def check_declared(page, shown, read):
    """Stop the build if the template of ``page`` read an item not in ``shown``."""
    missing = sorted({(i.kind, i.slug, i.lang) for i in read} - {(i.kind, i.slug, i.lang) for i in shown})
    if missing:
        items = ", ".join("/".join(parts) for parts in missing)
        raise SetupError(
            f"the page {page.name} (template {page.template}) shows items its key does not declare: "
            f"{items}; declare them in kinds/reuse.py (declared)"
        )
