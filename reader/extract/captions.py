"""Captions the reader's way: one caption, under its image, once.

Pages print a photo's caption several times (the slide, its lightbox copy, a
``wp-caption-text`` under the ``<figcaption>``), prefix it for screen readers
("Image caption,", "Media caption"), number the slides of a gallery ("Image 1 of
5", "3 / 12") and title their videos in a caption with no picture above it. So:

- `clean_caption` takes a caption's text without the screen-reader prefix and
  the gallery counter;
- `is_counter` tells a block that is only a counter, which goes;
- `dedupe_captions` keeps the first of captions that say the same, and drops a
  paragraph that repeats the caption just above it; a figure that repeats an
  image already shown goes with its caption.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from reader.extract.dom import iter_elements, remove, text_of, words_of
from reader.extract.vocabulary import fold

#: A screen-reader or layout prefix before the caption's own words.
_PREFIX = re.compile(
    r"^\s*(?:image|media|photo|video|picture)\s+caption\s*[,:.]?\s*"
    r"|^\s*(?:caption|bildunterschrift|légende|legende|leyenda|didascalia)\s*[,:]\s*",
    re.IGNORECASE,
)

_COUNTER_WORDS = r"(?:image|photo|picture|slide|bild|foto|imagen|immagine|diapositive)"
# "1 / 12" only after a word ("Photo 1/12"): a bare "1/2" is a fraction, "24/7" a slogan.
_COUNTER_BODY = (
    rf"(?:{_COUNTER_WORDS}\s*\d{{1,3}}\s*(?:/|of|von|de|sur|di|van|av|z)"
    rf"|\d{{1,3}}\s+(?:of|von|de|sur|di|van|av|z))\s*\d{{1,3}}"
)
#: A whole text that is a gallery counter: "Image 1 of 5", "1 / 12", "Slide 2 of 8".
_COUNTER = re.compile(rf"^\W*{_COUNTER_BODY}\W*$", re.IGNORECASE)
#: A counter opening or closing a caption.
_COUNTER_WORD_FORM = rf"{_COUNTER_WORDS}\s*\d{{1,3}}\s*(?:/|of|von|de|sur|di|van|av|z)\s*\d{{1,3}}"
#: A counter opening or closing a caption (at the end: with its word, in brackets or
#: after a bar, so that "Part 1 of 3" stays whole).
_COUNTER_EDGE = re.compile(
    rf"^\s*\(?{_COUNTER_BODY}\)?\s*[:.,|–—-]?\s+"
    rf"|\s+\(?{_COUNTER_WORD_FORM}\)?\s*$|\s*\({_COUNTER_BODY}\)\s*$|\s+[|–—]\s*{_COUNTER_BODY}\s*$",
    re.IGNORECASE,
)

#: Elements that may hold a caption outside a <figure>.
_CAPTION_TAGS = frozenset({"p", "div", "span", "figcaption", "small"})


def clean_caption(text: str) -> str:
    """*text* without a screen-reader prefix ("Image caption,") or gallery counter."""
    text = _PREFIX.sub("", text, count=1)
    if not _COUNTER.match(text):
        text = _COUNTER_EDGE.sub("", text)
    return text.strip()


def is_counter(text: str) -> bool:
    """True if *text* (a whole block) is a gallery counter such as "Image 1 of 5"."""
    return len(text) <= 30 and _COUNTER.match(text) is not None


def remove_counters(article: HtmlElement) -> None:
    """Remove leaf elements whose whole text is a gallery counter."""
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None or el.tag in ("td", "th", "li", "a"):
            continue
        if len(el) and any(isinstance(child.tag, str) for child in el):
            continue
        # A leaf: its text is its own (no folding of long paragraphs needed).
        text = el.text or ""
        if len(text) <= 60 and is_counter(text.strip()) and not (el.tail or "").strip():
            remove(el)


def is_caption(el: HtmlElement) -> bool:
    """True for a ``<figcaption>`` or a block whose class names it a caption."""
    if el.tag == "figcaption":
        return True
    return el.tag in _CAPTION_TAGS and "caption" in words_of(el) and el.find(".//img") is None


def dedupe_captions(article: HtmlElement) -> None:
    """Keep one of each caption, and one of each figure's image."""
    seen_images: set[str] = set()
    for figure in list(article.iter("figure")):
        if figure.getparent() is None:
            continue
        srcs = [img.get("src") or "" for img in figure.iter("img") if img.get("src")]
        if srcs and all(src in seen_images for src in srcs):
            remove(figure)
            continue
        seen_images.update(srcs)
    seen: set[str] = set()
    for el in list(iter_elements(article)):
        if el is article or el.getparent() is None or not is_caption(el):
            continue
        key = fold(text_of(el))
        if not key:
            continue
        if key in seen:
            remove(el)
            continue
        seen.add(key)
        _drop_repeat_below(el, key)


def _drop_repeat_below(caption: HtmlElement, key: str) -> None:
    """Remove the block right after *caption*'s figure when it says the caption again."""
    node: HtmlElement | None = caption
    while node is not None and node.getnext() is None and node.getparent() is not None:
        parent = node.getparent()
        if parent is None or parent.tag not in ("figure", "div", "span"):
            break
        node = parent
    following = node.getnext() if node is not None else None
    if following is None or not isinstance(following.tag, str):
        return
    if next(following.iter("img"), None) is None and fold(text_of(following)) == key:
        remove(following)
