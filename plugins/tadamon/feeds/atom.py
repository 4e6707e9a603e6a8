"""feedgen, imported only when a feed is made: a build that takes every feed
from the cache does not load it (feedgen and lxml hold 7 MB)."""

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

__all__ = ["Entry", "FeedGenerator"]


class Entry(FeedEntry):
    """feedgen 1.0.0 writes only the href of an entry's Atom links (its loop
    variable shadows the link's data, lkiesow/python-feedgen#135), which turns
    the image's enclosure into a second alternate link: put the attributes back."""

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        for element, data in zip(entry.findall("link"), self.link() or [], strict=True):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if data.get(key):
                    element.set(key, data[key])
        return entry
