"""What kind of page this is, from cheap signals read once on the parsed page.

People save news and blog articles most, then documentation pages, forum and
Q&A threads, and sometimes product, service and listing pages. Each kind wants
something different from extraction (every post of a thread, a docs page's
code, a product's description), so the pipeline reads the page's own
declarations first: its JSON-LD ``@type``, ``og:type``, the shape of its URL,
and a few counts over its elements (code blocks, repeated posts, prices).
Nothing here decides alone; `selection` weighs these signals with the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from reader.extract.metadata import json_ld_objects


class PageKind(Enum):
    """The kinds of page extraction tells apart."""

    ARTICLE = "article"
    DOCUMENTATION = "documentation"
    FORUM = "forum"
    PRODUCT = "product"
    LISTING = "listing"
    OTHER = "other"


_FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question", "socialmediaposting"})
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle"}
)
_PRODUCT_TYPES = frozenset({"product", "productgroup", "offer", "aggregateoffer", "car", "book"})
_LISTING_TYPES = frozenset({"itemlist", "collectionpage", "searchresultspage"})
_DOCS_TYPES = frozenset({"techarticle", "apireference"})

_FORUM_HOSTS = re.compile(
    r"(^|\.)(news\.ycombinator\.com|reddit\.com|stackoverflow\.com|stackexchange\.com|"
    r"superuser\.com|serverfault\.com|askubuntu\.com|discourse\.|community\.|forum\.|forums\.)"
)
_FORUM_PATH = re.compile(
    r"/(t|topic|topics|thread|threads|questions|comments|discussion|forum)/"
    r"|(viewtopic|showthread|showtopic)\b|[?&]topic="
)
_FORUM_HOST = re.compile(r"^(bbs|board|boards|discuss|discussions)\.")
#: Microdata item types that mark the posts of a thread (not ``Comment`` nor ``Answer``:
#: articles have comments, product pages questions and answers).
_FORUM_ITEMS = frozenset({"discussionforumposting"})
_DOCS_HOST = re.compile(r"(^|\.)(docs|developer|developers|learn|wiki|readthedocs)\.")
_DOCS_PATH = re.compile(r"/(docs?|documentation|reference|api|manual|guide|guides|tutorial)/")


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the page says and shows about its kind, counted once before cleaning."""

    kind: PageKind
    #: The page's JSON-LD ``@type`` values, lowercased.
    ld_types: frozenset[str]
    #: ``og:type`` (lowercased), or "".
    og_type: str
    #: ``<pre>`` blocks in the page.
    code_blocks: int
    #: Elements whose microdata ``itemtype`` is a forum post, a question or an answer.
    forum_items: int


def page_signals(root: HtmlElement, url: str | None) -> PageSignals:
    """Read the signals of the parsed page *root* (before any cleaning)."""
    ld_types: set[str] = set()
    for obj in json_ld_objects(root):
        kinds = obj.get("@type")
        for name in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(name, str):
                ld_types.add(name.strip().lower())
    og_type = ""
    for meta in root.iter("meta"):
        if (meta.get("property") or "").strip().lower() == "og:type":
            og_type = (meta.get("content") or "").strip().lower()
            break
    code_blocks = sum(1 for _ in root.iter("pre"))
    forum_items = sum(
        1
        for el in root.xpath("//*[@itemtype]")
        if (el.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower() in _FORUM_ITEMS
    )
    kind = _kind(ld_types, og_type, code_blocks, forum_items, url or "")
    return PageSignals(
        kind=kind,
        ld_types=frozenset(ld_types),
        og_type=og_type,
        code_blocks=code_blocks,
        forum_items=forum_items,
    )


def _kind(
    ld_types: set[str], og_type: str, code_blocks: int, forum_items: int, url: str
) -> PageKind:
    """The most likely kind given the declarations and the URL."""
    try:
        parts = urlsplit(url)
        host, path = (parts.hostname or "").lower(), f"{parts.path}?{parts.query}".lower()
    except ValueError:
        host, path = "", ""
    if (
        ld_types & _FORUM_TYPES
        or forum_items >= 2
        or _FORUM_HOSTS.search(host)
        or _FORUM_HOST.search(host)
        or _FORUM_PATH.search(path)
    ):
        return PageKind.FORUM
    if ld_types & _ARTICLE_TYPES:
        # An article that names products (a buying guide, a review) is still an article.
        return PageKind.ARTICLE
    if ld_types & _PRODUCT_TYPES or og_type == "product":
        return PageKind.PRODUCT
    if ld_types & _DOCS_TYPES or _DOCS_HOST.search(host) or _DOCS_PATH.search(path):
        return PageKind.DOCUMENTATION
    if og_type == "article":
        return PageKind.ARTICLE
    if ld_types & _LISTING_TYPES:
        return PageKind.LISTING
    return PageKind.OTHER


__all__ = ["PageKind", "PageSignals", "page_signals"]
