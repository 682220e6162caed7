"""Who wrote each post of a thread, and when: the line a reader needs to follow it.

Post-cleaning rightly drops bylines and datelines from an article, but in a
thread the author and date of each post are part of the reading ("phinds,
Oct 8, 2024" tells who answers whom). `take_heads` finds, in every post, the
author's name (``itemprop=author``, a class such as ``username`` or
``author``) and the post's date (a ``<time>``, or a class such as
``post-date``), takes them out of the post and marks it; after cleaning,
`restore_heads` writes them back as the post's first line. The rest of the
poster's profile (title, "Joined", message counts) and signature goes: it is
about the member, not the thread.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml.html import HtmlElement

from reader.extract.dom import is_within, iter_elements, remove, remove_to_end, text_of

#: Marks a post (by its index) so its head can be put back after cleaning.
_MARK = "data-reader-post"
#: Class tokens naming the author's name in a post.
_AUTHOR_CLASS = re.compile(
    r"^(?:[a-z]+_+)?"  # a prefixed token: cAuthorPane_author, ipsComment_author
    r"(?:user-?name|author|poster|post-?author|message-name|creator|"
    r"author-?name|post-?user-?name|user-?link|nick(?:name)?|p-author)$",
    re.IGNORECASE,
)
#: Class tokens naming the post's date.
_DATE_CLASS = re.compile(r"^(?:post-?date|date|post-?time|timestamp|posted-?on)$", re.IGNORECASE)
#: Class tokens (lower-cased, any part) of a poster's profile box or signature.
_PROFILE_CLASS = re.compile(
    r"userextras|usertitle|userinfo|user-info|user_info|user-stats|userstats|postprofile"
    r"|signature|authorpane_info|member-info|memberinfo|user-details|userdetails|reactions|avatar"
)
#: A post's number ("#12"), shown beside its date.
_POST_NUMBER = re.compile(r"^#\s?\d+$")
#: A name is a few words; a date holds a digit.
_MAX_NAME = 40
_MAX_DATE = 60
_DIGIT = re.compile(r"\d")


def take_heads(posts: HtmlElement) -> list[str]:
    """Take each post's author and date out of *posts* (its children); return the heads.

    Each child of *posts* is marked with its index into the returned list; a
    post with neither an author nor a date has an empty head.
    """
    heads: list[str] = []
    for index, post in enumerate(p for p in posts if isinstance(p.tag, str)):
        post.set(_MARK, str(index))
        author = _author(post)
        author_text = text_of(author) if author is not None else ""
        date = _date(post, author)
        date_text = text_of(date) if date is not None else ""
        for el in (author, date):
            if el is not None and el.getparent() is not None:
                remove(el)
        heads.append("\n".join(t for t in (author_text, date_text) if t))
        _drop_profiles(post)
    return heads


def restore_heads(article: HtmlElement, heads: list[str]) -> None:
    """Write each marked post's head back as its first line, and drop the marks."""
    for el in list(article.iter()):
        mark = el.get(_MARK) if isinstance(el.tag, str) else None
        if mark is None:
            continue
        del el.attrib[_MARK]
        head = heads[int(mark)] if mark.isdigit() and int(mark) < len(heads) else ""
        if not head or not text_of(el):
            continue
        p = lxml.html.fragment_fromstring("<p></p>")
        lines = head.split("\n")
        p.text = lines[0]
        for line in lines[1:]:
            br = lxml.html.fragment_fromstring("<br>")
            br.tail = line
            p.append(br)
        p.tail = el.text
        el.text = None
        el.insert(0, p)


#: Blocks a post's text starts in, and how long one must be to be matched.
_START_TAGS = frozenset({"p", "div", "li", "pre", "blockquote", "td", "h2", "h3", "h4"})
_MIN_START = 40
#: Text a post may show before its own (name, profile line, date).
_MAX_BEFORE_POST = 160


def lead_before(article: HtmlElement, posts_text: str) -> HtmlElement:
    """A copy of what *article* holds before the first of the posts (*posts_text*).

    On a Q&A page read whole that is the question; the answers, with their
    heads, follow it. Empty if the article starts with the posts.
    """
    posts = " ".join(posts_text.split())
    lead = copy.deepcopy(article)
    for el in iter_elements(lead):
        if el is lead or el.tag not in _START_TAGS:
            continue
        own = " ".join((el.text or "").split())
        if len(own) < _MIN_START or own[:_MIN_START] not in posts:
            continue
        remove_to_end(_post_start(lead, el), lead)
        break
    return lead


def _post_start(lead: HtmlElement, el: HtmlElement) -> HtmlElement:
    """The element the post whose text starts at *el* begins with.

    What precedes the text inside its post (the poster's name, a profile line,
    a date) is short: climb while the text before *el* stays that short.
    """
    node = el
    parent = node.getparent()
    before = 0
    while parent is not None and parent is not lead:
        before += len((parent.text or "").strip()) + sum(
            len(text_of(s)) + len((s.tail or "").strip()) for s in node.itersiblings(preceding=True)
        )
        if before > _MAX_BEFORE_POST:
            break
        node, parent = parent, parent.getparent()
    return node


def _author(post: HtmlElement) -> HtmlElement | None:
    """The element holding the post's author name, if the post marks one."""
    for el in iter_elements(post):
        if el is post:
            continue
        prop = (el.get("itemprop") or "").split()
        classes = (el.get("class") or "").split()
        if "author" not in prop and not any(_AUTHOR_CLASS.match(c) for c in classes):
            continue
        name = el.find(".//*[@itemprop='name']") if "author" in prop else None
        chosen = name if name is not None else el
        text = text_of(chosen)
        if text and len(text) <= _MAX_NAME and len(text.split()) <= 4:
            return chosen
    return None


def _date(post: HtmlElement, author: HtmlElement | None) -> HtmlElement | None:
    """The element holding the post's date: its first ``<time>``, or a date-classed one."""
    for el in iter_elements(post):
        if el is post or (author is not None and is_within(el, author)):
            continue
        classes = (el.get("class") or "").split()
        if el.tag != "time" and not any(_DATE_CLASS.match(c) for c in classes):
            continue
        text = text_of(el)
        if text and len(text) <= _MAX_DATE and _DIGIT.search(text):
            return el
    return None


def _drop_profiles(post: HtmlElement) -> None:
    """Remove the poster's profile boxes and signature from *post*."""
    for el in list(iter_elements(post)):
        if el is post or el.getparent() is None:
            continue
        profile = any(_PROFILE_CLASS.search(c.lower()) for c in (el.get("class") or "").split())
        number = len(el) == 0 and (
            _POST_NUMBER.match(text_of(el)) or el.get("itemprop") == "position"
        )
        if profile or number:
            remove(el)


__all__ = ["restore_heads", "take_heads"]
