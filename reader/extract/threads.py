"""Every post of a forum or Q&A thread, found as the page's repeated post structure.

readability and trafilatura both look for one dense block of prose; on a
thread that is the first post, and the replies a reader saved the page for are
lost. A thread shows itself as siblings of one shape (same tag, same classes)
that each hold a paragraph or more of text: the posts. `thread_posts` finds the
largest such run of siblings and returns copies of them, in page order, for
the pipeline to clean like any other reading.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml.html import HtmlElement

from reader.extract.boilerplate import is_hidden
from reader.extract.dom import iter_elements, link_density, text_of

#: A post needs this much text to count; the run needs this many posts and this much text.
_MIN_POST = 40
_MIN_POSTS = 2
_MIN_THREAD = 400
#: A run whose text is mostly links is a list of topics, not a thread.
_MAX_LINK_DENSITY = 0.35
#: The elements a post is drawn as.
_POST_TAGS = frozenset({"article", "div", "li", "section"})
#: Class/id words of a cookie or privacy dialog: its sections are not posts.
_CONSENT = re.compile(r"consent|cookie|gdpr|onetrust|privacy", re.IGNORECASE)
#: Class tokens with digits (``post-1234``, ``id_5``) name one post, not the shape.
_SPECIFIC = re.compile(r"\d")


def _shape(el: HtmlElement) -> tuple[str, frozenset[str]]:
    """What siblings of one kind share: tag and classes without ids in them."""
    classes = frozenset(c for c in (el.get("class") or "").split() if not _SPECIFIC.search(c))
    return str(el.tag), classes


def thread_posts(root: HtmlElement) -> HtmlElement | None:
    """The thread's posts as a ``<div>`` of copies, or None if the page shows none."""
    best: list[HtmlElement] = []
    best_length = 0
    for parent in iter_elements(root):
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < _MIN_POSTS or _in_dialog(parent):
            continue
        groups: dict[tuple[str, frozenset[str]], list[HtmlElement]] = {}
        for child in children:
            if child.tag not in _POST_TAGS:
                continue
            groups.setdefault(_shape(child), []).append(child)
        for (_, classes), members in groups.items():
            if len(members) < _MIN_POSTS or (not classes and members[0].tag == "div"):
                continue
            texts = [text_of(m) for m in members]
            posts = [m for m, t in zip(members, texts, strict=True) if len(t) >= _MIN_POST]
            if len(posts) < _MIN_POSTS or len(posts) * 2 < len(members):
                continue
            length = sum(len(t) for t in texts)
            if length <= best_length or length < _MIN_THREAD:
                continue
            if sum(link_density(m) * len(t) for m, t in zip(members, texts, strict=True)) > (
                _MAX_LINK_DENSITY * length
            ):
                continue
            best, best_length = members, length
    if not best:
        return None
    div = lxml.html.fragment_fromstring("<div></div>")
    for post in best:
        div.append(copy.deepcopy(post))
    return div


def _in_dialog(el: HtmlElement) -> bool:
    """True if *el* is hidden or sits in a cookie/privacy dialog."""
    node: HtmlElement | None = el
    while node is not None:
        if is_hidden(node) or _CONSENT.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


__all__ = ["thread_posts"]
