"""What a reader keeps of a documentation page: its index lists too.

Many documentation pages are, in whole or in part, lists of links to the
other pages of the manual: a wiki's "Performance Optimization" page is a
list of articles, a chapter's first page lists its sections. Post-cleaning
removes lists that are mostly links (menus, teasers, tag clouds), which on
such a page removes the content. trafilatura's reading has already left the
site's menus out, so on a documentation page its link lists are kept when
the reading, without them, agrees with readability's (`same_reading`): it
found the same content, and its lists are that content's.
"""

from __future__ import annotations

import re
from collections import Counter

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


__all__ = ["same_reading"]
