"""A paragraph that holds nothing but a video's address, found on Markdown's tree.

The paragraph becomes a plain link to the video, marked as one
(``<p class="video-link"><a href="ADDRESS">ADDRESS</a></p>``): that is what
the body holds, and what feeds carry. Pages turn each marked paragraph into a
player (``tadamon.video.player``). The address may be bare or between angle
brackets (``<https://youtu.be/ID>``); a link with words of its own stays a link.
Code is text in the tree: an address in a code sample is left alone.
"""

import html
import re
import xml.etree.ElementTree as ET

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from tadamon.video.addresses import parse

MARKER_CLASS = "video-link"
# The marked paragraph as Markdown writes it (code is escaped, so no sample matches).
MARKED_RE = re.compile(r'<p class="video-link"><a href="(?P<href>[^"<>]*)">[^<>]*</a></p>')


def only_address(paragraph):
    """The address a paragraph holds and nothing else, or None."""
    text = (paragraph.text or "").strip()
    if len(paragraph) == 0:
        return text or None
    if len(paragraph) > 1 or text:
        return None
    link = paragraph[0]
    if link.tag != "a" or len(link) or (link.tail or "").strip():
        return None
    href = link.get("href")
    return href if (link.text or "").strip() == href else None


class VideoParagraphs(Treeprocessor):
    def run(self, root):
        for paragraph in list(root.iter("p")):
            address = only_address(paragraph)
            video = parse(address) if address else None
            if video is None:
                continue
            paragraph.clear()
            paragraph.set("class", MARKER_CLASS)
            ET.SubElement(paragraph, "a", {"href": video.url}).text = video.url


class VideoExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's name
        # After "inline" (20), which makes autolinks; before the links are resolved (17).
        md.treeprocessors.register(VideoParagraphs(md), "tadamon_videos", 19)


def marked(body):
    """The videos a read body holds, in order: [Video]."""
    if not body or 'class="video-link"' not in body:  # most bodies: no search at all
        return []
    found = (parse(html.unescape(match["href"])) for match in MARKED_RE.finditer(body))
    return [video for video in found if video is not None]
