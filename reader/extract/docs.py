"""What a reader keeps of a documentation page: its index lists too.

Many documentation pages are, in whole or in part, lists of links to the
other pages of the manual: a wiki's "Performance Optimization" page is a
list of articles, a chapter's first page lists its sections. Post-cleaning
removes lists that are mostly links (menus, teasers, tag clouds), which on
such a page removes the content. trafilatura's reading has already left the
site's menus out, so on a documentation page its link lists are kept when
the reading, without them, agrees with readability's (`same_reading`): it
found the same content, and its lists are that content's.

Docs pages also put small calls to action inside the content ("Edit this page
on GitHub", "Was this page helpful?"); `drop_page_chrome` removes the blocks
that say only that.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from reader.extract.dom import is_within, iter_elements, remove, text_of

_WORD = re.compile(r"\w+")
#: At least this share of the shorter reading's words must be in the other one.
_SAME_SHARE = 0.8
_MIN_WORDS = 20


def same_reading(text: str, other_text: str) -> bool:
    """True if *other_text* and *text* read the same part of the page.

    Most of the words of the shorter of the two (counted with repeats) are
    in the longer one; a short reading proves nothing and returns False.
    """
    mine = Counter(_WORD.findall(text.lower()))
    theirs = Counter(_WORD.findall(other_text.lower()))
    shorter, longer = sorted((mine, theirs), key=lambda c: sum(c.values()))
    total = sum(shorter.values())
    if total < _MIN_WORDS:
        return False
    return sum((shorter & longer).values()) / total >= _SAME_SHARE


#: The whole text of a block that is a docs site's call to action, not the page.
_CHROME = re.compile(
    r"(edit|improve|suggest (an )?edits? (to|on)) (this|the) (page|doc|article)"
    r"( on (github|gitlab))?"
    r"|edit on (github|gitlab)|was this (page |article |doc )?helpful"
)
_CHROME_CHARS = 60


def drop_page_chrome(article: HtmlElement) -> int:
    """Remove the blocks of *article* that only ask to edit or rate the page; return how many."""
    removed = 0
    for el in list(iter_elements(article)):
        if el is article or not is_within(el, article):
            continue  # the article itself, or inside a block already removed
        text = text_of(el)
        if len(text) > _CHROME_CHARS:
            continue
        if _CHROME.fullmatch(" ".join(_WORD.findall(text.lower()))):
            remove(el)
            removed += 1
    return removed


__all__ = ["drop_page_chrome", "same_reading"]
