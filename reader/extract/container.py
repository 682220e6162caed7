"""Find the element a page itself marks as its article body.

Many pages say where their text is: ``itemprop="articleBody"``, a class such as
``entry-content``, ``article-body`` or ``post-content``, or a single
``<article>``. readability scores text density and can pick the wrong block
(an author bio, a comment, a product blurb); the marked container is a second
opinion the pipeline uses to check and, when needed, correct its choice.
"""

from __future__ import annotations

import itertools

from lxml.html import HtmlElement

from reader.extract.dom import text_of, words_of

# Class/id word pairs (and single words) that name an article's body.
_BODY_PAIRS = frozenset(
    {
        ("entry", "content"),
        ("post", "content"),
        ("post", "body"),
        ("post", "text"),
        ("article", "body"),
        ("article", "content"),
        ("article", "text"),
        ("story", "body"),
        ("story", "content"),
        ("story", "text"),
        ("news", "text"),
        ("news", "content"),
        ("news", "body"),
        ("blog", "content"),
        ("blog", "post"),
        ("main", "content"),
        ("page", "content"),
        ("single", "content"),
        ("entry", "body"),
        ("text", "content"),
        ("content", "text"),
        ("body", "text"),
        ("rich", "text"),
    }
)
_BODY_WORDS = frozenset({"articlebody", "entrycontent", "postcontent", "storybody", "artikel"})

#: A container needs at least this many characters of text to be trusted.
MIN_TEXT = 200


def marked_container(root: HtmlElement) -> HtmlElement | None:
    """The element *root* marks as its article body, or None if it marks none clearly."""
    body = root.find("body")
    if body is None:
        return None
    candidates: list[HtmlElement] = list(body.xpath(".//*[@itemprop='articleBody']"))
    if not candidates:
        for el in body.iter():
            if not isinstance(el.tag, str) or el.tag in ("body", "p", "span", "a"):
                continue
            words = words_of(el)
            if not words:
                continue
            if _BODY_WORDS.intersection(words) or _BODY_PAIRS.intersection(
                itertools.pairwise(words)
            ):
                candidates.append(el)
    if not candidates:
        top = [a for a in body.iter("article") if not _inside_article(a)]
        if len(top) == 1:
            candidates = top
    best: HtmlElement | None = None
    best_length = MIN_TEXT - 1
    for el in candidates:
        length = len(text_of(el))
        if length > best_length:
            best, best_length = el, length
    return best


def _inside_article(el: HtmlElement) -> bool:
    return any(parent.tag == "article" for parent in el.iterancestors())
