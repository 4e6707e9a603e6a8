"""Video addresses as editors paste them, and where each plays without tracking.

``parse(url)`` knows YouTube (``https://www.youtube.com/watch?v=ID``,
``https://youtu.be/ID``, ``m.`` and bare ``youtube.com`` too) and Vimeo
(``https://vimeo.com/ID``, ``https://vimeo.com/ID/HASH`` for an unlisted
video); a start time (``t=90``, ``t=1m30s``) is kept. The player is loaded
from YouTube's privacy-enhanced host (``www.youtube-nocookie.com``) or from
Vimeo with ``dnt=1`` (Do Not Track: no cookie, no session data), and only once
the visitor has pressed play (``video.js``).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_PATH_RE = re.compile(r"/(?P<id>[0-9]{1,12})(?:/(?P<hash>[0-9a-f]{6,20}))?/?")
TIME_RE = re.compile(r"(?:(?P<h>[0-9]+)h)?(?:(?P<m>[0-9]+)m)?(?:(?P<s>[0-9]+)s?)?")
HOST_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}


@dataclass(frozen=True)
class Video:
    host: str  # "youtube" or "vimeo"
    id: str  # safe in a file name: [A-Za-z0-9_-]
    url: str  # the address as the editor wrote it: the link without JavaScript, and in feeds
    embed: str  # the privacy-friendly player, loaded on play

    @property
    def host_name(self):
        return HOST_NAMES[self.host]


def parse(url):
    """The Video at ``url``, or None if it is no YouTube or Vimeo video's address."""
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("https", "http"):
        return None
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    if host in YOUTUBE_HOSTS and parts.path in ("/watch", "/watch/"):
        found = (query.get("v") or [""])[0]
    elif host in YOUTUBE_SHORT_HOSTS:
        found = parts.path.strip("/")
    elif host in VIMEO_HOSTS:
        match = VIMEO_PATH_RE.fullmatch(parts.path)
        if match is None:
            return None
        options = {"dnt": 1, "autoplay": 1}
        unlisted = match["hash"] or (query.get("h") or [""])[0]
        if re.fullmatch(r"[0-9a-f]{6,20}", unlisted or ""):
            options["h"] = unlisted
        embed = f"https://player.vimeo.com/video/{match['id']}?{urlencode(options)}"
        return Video("vimeo", match["id"], url, embed + (f"#t={start}s" if start else ""))
    else:
        return None
    if not YOUTUBE_ID_RE.fullmatch(found):
        return None
    options = {"autoplay": 1, **({"start": start} if start else {})}
    return Video("youtube", found, url, f"https://www.youtube-nocookie.com/embed/{found}?{urlencode(options)}")


def _seconds(value):
    """``90``, ``90s``, ``1m30s``, ``1h2m3s`` -> seconds (0: none, or not a time)."""
    match = TIME_RE.fullmatch(value or "")
    if not value or match is None:
        return 0
    return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + int(match["s"] or 0)
