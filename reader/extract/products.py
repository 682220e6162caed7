"""What a reader keeps of a product page: its description and specs, not its reviews.

On a product page the longest prose is often the customers' reviews and
questions, which both readings then keep beside (or instead of) the
description. A page marks them well: schema.org ``Review`` items,
``itemprop="review"``, or a block whose class or id names reviews or ratings.
`drop_reviews` removes those blocks from the page before it is read, only on
pages `kinds` reads as products.

Two more habits of product pages: the description shown on the page sits in
a tab or widget both readings miss, while the page declares it in its
schema.org ``Product`` JSON-LD (`read_description`, `add_description`); and
the longer reading is longer because it kept the shop around the product
(delivery, sizes, newsletter), while the shorter one is the same product
without it (`prefer_trimmed`), unless only one of them names the product at
all (`named_choice`).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement, fragment_fromstring

from reader.extract.dom import iter_elements, remove, words_of
from reader.extract.metadata import json_ld_objects
from reader.text.sanitize import clean_line

#: Class or id words that name customer reviews, ratings and questions.
_REVIEW_WORDS = frozenset(
    {"review", "reviews", "ratings", "testimonial", "testimonials", "bazaarvoice", "yotpo"}
)
_REVIEW_ITEMS = frozenset({"review", "aggregaterating", "question"})
#: A block holding more than this share of the page's text is the page, not its reviews.
_MAX_SHARE = 0.5


def _is_review(el: HtmlElement) -> bool:
    """True if *el* is marked as reviews (microdata or its class and id)."""
    if (el.get("itemprop") or "").strip().lower() in ("review", "reviews"):
        return True
    item = (el.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
    if item in _REVIEW_ITEMS:
        return True
    return bool(_REVIEW_WORDS.intersection(words_of(el)))


def drop_reviews(root: HtmlElement) -> int:
    """Remove the review blocks of the product page *root*; return how many went.

    A block that holds the page's ``<h1>`` or most of its text stays: a page
    whose whole body is classed ``has-reviews`` keeps its body.
    """
    body = root.find("body")
    if body is None:
        return 0
    total = len(body.text_content())
    headings = list(body.iter("h1"))
    found = [
        el
        for el in iter_elements(body)
        if el.tag not in ("body", "html", "main") and _is_review(el)
    ]
    removed = 0
    for el in found:
        if el.getparent() is None or any(h is el or _contains(el, h) for h in headings):
            continue
        if len(el.text_content()) > total * _MAX_SHARE:
            continue
        remove(el)
        removed += 1
    return removed


def _contains(el: HtmlElement, other: HtmlElement) -> bool:
    """True if *other* lies inside *el*."""
    return any(node is el for node in other.iterancestors())


#: JSON-LD types whose ``description`` is the product's.
_PRODUCT_TYPES = frozenset({"product", "productgroup", "car", "book", "individualproduct"})
#: How much of the description's start (in words) must match the page's text or the reading.
_MATCH_CHARS = 80
#: A description shorter than this (characters) is a tagline, not worth adding.
_MIN_DESCRIPTION = 80
_MAX_DESCRIPTION = 20_000
_WORD = re.compile(r"\w+")
_HIDDEN = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"


def read_description(root: HtmlElement) -> str | None:
    """The description the page's ``Product`` JSON-LD declares, if the page shows it.

    A description only in the data (often an SEO blurb nobody sees) is not
    the page's content; one the page shows in its body text is. Call this on
    the parsed page, before cleaning.
    """
    body = root.find("body")
    if body is None:
        return None
    shown: str | None = None
    for obj in json_ld_objects(root):
        kinds = obj.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        if not any(isinstance(n, str) and n.strip().lower() in _PRODUCT_TYPES for n in names):
            continue
        description = _plain(obj.get("description"))
        if len(description) < _MIN_DESCRIPTION:
            continue
        if shown is None:
            shown = _flat(" ".join(body.xpath(f".//text()[not({_HIDDEN})]")))
        if _flat(description)[:_MATCH_CHARS] in shown:
            return description
    return None


def add_description(article: HtmlElement, description: str, text: str) -> bool:
    """Append *description* to *article* as paragraphs unless *text* holds it already.

    Returns True if it was added.
    """
    if _flat(description)[:_MATCH_CHARS] in _flat(text):
        return False
    added = False
    for line in description.splitlines():
        if clean_line(line):
            paragraph = fragment_fromstring("<p></p>")
            paragraph.text = clean_line(line)
            article.append(paragraph)
            added = True
    return added


#: The longer reading may be at most this many times the shorter one's length...
_TRIMMED_RATIO = 2.25
#: ...and must hold this share of the shorter one's words, for the shorter to win.
_TRIMMED_SHARE = 0.8
_MIN_TRIMMED = 200


def prefer_trimmed(text: str, other_text: str) -> bool:
    """True if the shorter reading *other_text* is *text* without the shop around it.

    On a product page the longer reading is often the shorter one plus
    delivery terms, size pickers and sign-up boxes: it holds nearly all of
    the shorter one's words and is at most 2.25 times as long.
    """
    if not _MIN_TRIMMED <= len(other_text) < len(text) <= len(other_text) * _TRIMMED_RATIO:
        return False
    theirs = Counter(_WORD.findall(other_text.lower()))
    total = sum(theirs.values())
    if not total:
        return False
    mine = Counter(_WORD.findall(text.lower()))
    return sum((theirs & mine).values()) / total >= _TRIMMED_SHARE


#: The first this many words of the page's title name the product.
_NAME_WORDS = 3
_TITLE_PARTS = re.compile(r"\s[-|–—:·]\s")


def named_choice(title: str | None, text: str, other_text: str) -> bool | None:
    """Which reading names the product: True for *other_text*, False for *text*.

    A product page's reading that never names the product (a privacy notice,
    a size guide) is the wrong block. If exactly one of the two readings holds
    the first words of the page's *title* (before a
    separator), and is long enough to be more than a
    heading, it wins; otherwise (None) the other rules decide.
    """
    # "Speckle Mug - Ghost Wares": the name ends where the shop's name begins.
    name = _TITLE_PARTS.split(title or "", maxsplit=1)[0]
    name = " ".join(_WORD.findall(name.lower())[:_NAME_WORDS])
    if not name:
        return None
    mine, theirs = name in _flat(text), name in _flat(other_text)
    if theirs and not mine and len(other_text) >= _MIN_TRIMMED:
        return True
    if mine and not theirs and len(text) >= _MIN_TRIMMED:
        return False
    return None


def _plain(value: object) -> str:
    """A JSON-LD text value as plain text (some sites put HTML in it)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value[:_MAX_DESCRIPTION]
    if "<" in text and ">" in text:
        try:
            holder = fragment_fromstring(text, create_parent="div")
        except Exception:  # lxml raises several kinds on odd markup; the text is enough
            return text.strip()
        for br in holder.iter("br", "p", "li", "div"):
            br.tail = "\n" + (br.tail or "")
        text = str(holder.text_content())
    return text.strip()


def _flat(text: str) -> str:
    """*text* as lowercase words joined by single spaces, for comparing texts."""
    return " ".join(_WORD.findall(text.lower()))


__all__ = ["add_description", "drop_reviews", "named_choice", "prefer_trimmed", "read_description"]
