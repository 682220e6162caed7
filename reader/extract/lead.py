"""Rescue the lead paragraph that readability leaves behind.

Many pages put the standfirst (the one or two sentence summary under the
headline) in the article's header, apart from the body: readability scores
the body and drops it. The blocks between the page's ``<h1>`` and the start of
the text readability chose are the lead's place; short prose found there
(not links, not a photo's caption, not already part of the article) is put
back at the top.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement, fragment_fromstring

from reader.extract.captions import is_caption
from reader.extract.dom import BLOCK_TAGS, iter_elements, link_density, text_of
from reader.extract.vocabulary import fold

#: A lead is prose of this length (characters).
_MIN_LEAD, _MAX_LEAD = 80, 1200

#: At most this many blocks are put back.
_MAX_BLOCKS = 5

#: How many elements after the headline are looked at, at most.
_SCAN = 60

_LEAD_TAGS = frozenset({"p", "div", "h2", "span", "section", "strong"})


def rescue_lead(root: HtmlElement, article: HtmlElement, title: str | None) -> None:
    """Prepend to *article* the lead paragraphs of *root* that readability missed."""
    article_text = text_of(article)
    if not article_text:
        return
    start = article_text[:60]
    headline = _headline(root, title)
    if headline is None:
        return
    found: list[HtmlElement] = []
    seen = 0
    for el in iter_elements_after(root, headline):
        seen += 1
        if seen > _SCAN:
            break
        if el.tag not in _LEAD_TAGS or _has_block_child(el) or _in_caption(el):
            continue
        text = text_of(el)
        if start in text or (text[:60] in article_text and len(text) >= 20):
            break  # reached the article readability chose
        if len(text) > _MAX_LEAD:
            break
        if len(text) < _MIN_LEAD or link_density(el, len(text)) > 0.2:
            continue
        if any(text in text_of(f) or text_of(f) in text for f in found):
            continue
        found.append(el)
    for el in reversed(found[:_MAX_BLOCKS]):
        block = fragment_fromstring("<p></p>")
        block.text = text_of(copy.deepcopy(el))
        article.insert(0, block)


def iter_elements_after(root: HtmlElement, start: HtmlElement) -> list[HtmlElement]:
    """The elements that follow *start* in document order (not inside it)."""
    following: list[HtmlElement] = []
    passed = False
    inside = set(iter_elements(start))
    for el in iter_elements(root):
        if el is start:
            passed = True
            continue
        if passed and el not in inside:
            following.append(el)
            if len(following) > _SCAN * 4:
                break
    return following


def _headline(root: HtmlElement, title: str | None) -> HtmlElement | None:
    body = root.find("body")
    if body is None:
        return None
    first: HtmlElement | None = None
    wanted = fold(title) if title else None
    for h1 in body.iter("h1"):
        if first is None:
            first = h1
        if wanted and fold(text_of(h1)) == wanted:
            return h1
    return first


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


def _in_caption(el: HtmlElement) -> bool:
    """True if *el* is (or sits in) a figure or a caption: the lede photo's words,
    which belong under the photo, not above the body as its lead."""
    node: HtmlElement | None = el
    while node is not None:
        if node.tag == "figure" or is_caption(node):
            return True
        node = node.getparent()
    return False
