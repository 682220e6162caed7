"""Which images of an article are worth keeping, and the bounds on fetching them.

Content images are kept; tracking pixels, icons, avatars, logos, sprites and
ads are not. Most are recognised from the address alone (so they are never
requested); tiny ones from the size the page declares or, after download, from
the real dimensions.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["DEFAULT_IMAGE_LIMITS", "ImageLimits", "skip_reason", "too_small"]


@dataclass(frozen=True)
class ImageLimits:
    """Bounds on the images saved with one article."""

    max_image_bytes: int = 10_000_000
    """Largest single image."""
    max_images: int = 40
    """Most images saved per article (the first ones in reading order)."""
    max_total_bytes: int = 50_000_000
    """Most bytes of images per article."""
    max_side: int = 30_000
    """Longest side, in pixels, an image may declare."""
    max_pixels: int = 100_000_000
    """Most pixels (width x height) an image may declare: more is a decompression bomb."""
    min_side: int = 32
    """An image narrower or lower than this is an icon, a spacer or a tracking pixel."""
    concurrency: int = 4
    """Images downloaded at once."""
    per_host: int = 2
    """Images downloaded at once from one host."""
    connect_timeout: float = 10.0
    """Seconds to connect for one image."""
    read_timeout: float = 15.0
    """Seconds to wait for any piece of one image."""
    image_timeout: float = 30.0
    """Seconds for one whole image, redirects included."""
    article_timeout: float = 120.0
    """Seconds for all the images of one article; the unfinished ones fail."""


#: The limits used when none are given.
DEFAULT_IMAGE_LIMITS = ImageLimits()

#: Hosts (and their subdomains) that serve tracking pixels, ads or avatars, not content.
TRACKER_HOSTS = frozenset(
    """
    doubleclick.net googlesyndication.com googleadservices.com google-analytics.com
    googletagmanager.com googletagservices.com adservice.google.com
    facebook.com/tr pixel.facebook.com connect.facebook.net
    scorecardresearch.com quantserve.com quantcount.com chartbeat.net chartbeat.com
    pixel.wp.com stats.wp.com pixel.parsely.com analytics.twitter.com ads-twitter.com
    bat.bing.com px.ads.linkedin.com ads.linkedin.com snap.licdn.com
    amazon-adsystem.com adsrvr.org taboola.com outbrain.com criteo.com criteo.net
    mathtag.com adnxs.com rubiconproject.com pubmatic.com openx.net casalemedia.com
    moatads.com doubleverify.com adsafeprotected.com krxd.net bluekai.com
    mc.yandex.ru counter.yadro.ru top-fwz1.mail.ru gemius.pl hotjar.com
    feeds.feedburner.com feedsportal.com list-manage.com
    gravatar.com secure.gravatar.com
    """.split()
)
#: Words that, as a word of the image's path, mark it as not content.
NOT_CONTENT_WORDS = frozenset(
    """
    pixel pixels tracking tracker track beacon avatar avatars icon icons favicon logo logos
    sprite sprites spacer blank 1x1 emoji badge badges
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")


def skip_reason(
    url: str,
    page_url: str | None = None,
    declared: tuple[int | None, int | None] | None = None,
    min_side: int = DEFAULT_IMAGE_LIMITS.min_side,
) -> str | None:
    """Why the image at *url* is not saved ("tracker", "icon", ...), or None to save it.

    *declared* is the (width, height) its ``<img>`` tag gave; *page_url* the
    article's address, so a public page cannot make reader request addresses
    on the reader's own machine or network.
    """
    if url.startswith("data:"):
        return "inline data"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "not a web address"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "not a web address"
    path = parts.path.lower()
    for tracker in TRACKER_HOSTS:
        tracker_host, _, tracker_path = tracker.partition("/")
        if host != tracker_host and not host.endswith("." + tracker_host):
            continue
        if not tracker_path or path.rstrip("/") == "/" + tracker_path:
            return "tracker or ad"
    if path.endswith((".svg", ".svgz", ".ico")):
        return "icon or vector graphic"
    for segment in path.split("/"):
        if set(_WORD.findall(segment)) & NOT_CONTENT_WORDS:
            return "icon, logo or tracking pixel"
    if declared is not None and any(side is not None and side < min_side for side in declared):
        return "tiny (declared size)"
    if page_url is not None and _is_local(host) and not _is_local(_host_of(page_url)):
        return "local address from a public page"
    return None


def too_small(width: int, height: int, min_side: int = DEFAULT_IMAGE_LIMITS.min_side) -> bool:
    """Whether an image of this size is an icon, spacer or pixel rather than content."""
    return width < min_side or height < min_side


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _is_local(host: str) -> bool:
    """Whether *host* names this machine or a private network (by name or literal address)."""
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local
