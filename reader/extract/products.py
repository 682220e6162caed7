"""What a reader keeps of a product page: its description and specs, not its reviews.

On a product page the longest prose is often the customers' reviews and
questions, which both readings then keep beside (or instead of) the
description. A page marks them well: schema.org ``Review`` items,
``itemprop="review"``, or a block whose class or id names reviews or ratings.
`drop_reviews` removes those blocks from the page before it is read, only on
pages `kinds` reads as products.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from reader.extract.dom import iter_elements, remove, words_of

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


__all__ = ["drop_reviews"]
