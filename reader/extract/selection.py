"""Choose between readability's reading of a page and trafilatura's.

Both extractors read every page; each wins on different pages. "The fuller
reading wins" is right most of the time, but a longer reading is sometimes
longer because it kept a sidebar, and a shorter one sometimes holds the whole
article. The choice weighs the readings themselves with the page's kind
(see `kinds`).
"""

from __future__ import annotations

import re
from collections import Counter
from enum import Enum

from lxml.html import HtmlElement

from reader.extract.kinds import PageSignals


def prefer_alternative(
    signals: PageSignals,
    article: HtmlElement | None,
    text: str,
    other: HtmlElement | None,
    other_text: str,
) -> bool:
    """True if trafilatura's reading (*other*, *other_text*) should replace readability's."""
    return len(other_text) > len(text)


#: Above this share of the posts' words already in the reading, the reading holds them.
_SAME_POSTS = 0.5
_WORD = re.compile(r"\w+")
#: How much more text the thread's posts must hold than the chosen reading.
_THREAD_GAIN = 1.3
#: Posts within the reading: at least this share of its length, nearly all their words in it.
_MOST_OF_READING = 0.6
_WITHIN_READING = 0.85


class ThreadChoice(Enum):
    """What to do with a thread's posts, given the reading already chosen."""

    READING = "reading"  # keep the reading: the posts add nothing
    POSTS = "posts"  # the reading was one post: take them all instead
    BOTH = "both"  # the reading is the opening post, drawn apart: add the replies


def thread_choice(text: str, posts_text: str) -> ThreadChoice:
    """How the thread's posts (*posts_text*) and the chosen reading (*text*) combine.

    The posts must hold clearly more text than the reading. If the reading
    starts inside them, it was one of the posts; if not, it is the opening
    post shown apart from the replies, unless the replies already sit in it.
    """
    if len(posts_text) <= len(text) * _THREAD_GAIN:
        return ThreadChoice.READING
    reading = " ".join(text.split())
    posts = " ".join(posts_text.split())
    if not reading or reading[:80] in posts:
        return ThreadChoice.POSTS
    if posts[:80] in reading or _share_within(posts, reading) > _SAME_POSTS:
        return ThreadChoice.READING
    return ThreadChoice.BOTH


def posts_within_reading(text: str, posts_text: str) -> bool:
    """True if the reading (*text*) is the thread's posts with something more around them.

    Readability often takes a whole thread, with what sits before the posts
    (a question, a summary) and what it keeps of each poster's profile; the
    posts, with their authors and dates, should then replace that part of it.
    """
    reading = " ".join(text.split())
    posts = " ".join(posts_text.split())
    return (
        len(reading) * _MOST_OF_READING <= len(posts) <= len(reading) * _THREAD_GAIN
        and _share_within(posts, reading) >= _WITHIN_READING
    )


def _share_within(text: str, other: str) -> float:
    """Share of *text*'s words (counted with repeats) that *other* holds too."""
    mine = Counter(_WORD.findall(text.lower()))
    total = sum(mine.values())
    if not total:
        return 0.0
    return sum((mine & Counter(_WORD.findall(other.lower()))).values()) / total


__all__ = ["ThreadChoice", "posts_within_reading", "prefer_alternative", "thread_choice"]
