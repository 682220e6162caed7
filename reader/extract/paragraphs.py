"""Give the article's loose text clean paragraphs: line breaks and split sentences.

Pages lay text out with ``<br>`` as much as with ``<p>``, and readability-lxml
rewrites a ``<div>`` holding both text and blocks by wrapping each loose piece of
text in a ``<p>`` of its own, which cuts a sentence at the link or the bold word
inside it ("You can download Python 3.6.0" / "here" / "."). Rendered as they are,
these show as lone ``\\`` lines and half sentences. So, in place:

- a ``<br>`` with nothing but space or blocks between it and its block's start or
  end (``<p><br>text<br></p>``, ``</p><br><p>``) is dropped;
- two or more ``<br>`` in a row break the paragraph in two;
- loose inline text between blocks becomes one paragraph, and a paragraph that
  stops mid-sentence is joined with the loose inline element and the paragraph
  that carry on its sentence.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement, fragment_fromstring

from reader.extract.dom import BLOCK_TAGS, iter_elements, text_of

#: Elements that show something without text: a <br> next to one is not at an edge.
_OBJECTS = frozenset({"img", "picture", "svg", "video", "audio", "iframe", "object", "embed"})

#: Blocks whose loose inline content may be wrapped in paragraphs or split at a
#: double break (never inside a list item's or a cell's own layout).
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "blockquote", "td", "dd"})

#: Text that ends a sentence (or a line on its own): a paragraph ending so is complete.
_SENTENCE_END = re.compile(r"[.!?…:;。！？」』)\]\"”»]$")
#: Text that carries on a sentence: closing punctuation or a lower-case word.
_CARRIES_ON = re.compile(r"^(?:[.,;:!?)\]…»”’%]|[^\W\d_](?<=[a-zà-öø-ÿ]))")

#: At most this many characters in a loose inline element joined into a sentence.
_MAX_LOOSE = 200


def tidy_paragraphs(article: HtmlElement) -> None:
    """Drop edge ``<br>``, split at ``<br><br>``, and join sentences cut into pieces."""
    _drop_edge_breaks(article)
    for el in list(iter_elements(article)):
        if el is article or (el.tag in _CONTAINERS and el.getparent() is not None):
            _join_split_sentences(el)
    for el in list(iter_elements(article)):
        if el.tag == "p" or el.tag in _CONTAINERS:
            _split_at_double_breaks(el)


def _is_block(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.tag in BLOCK_TAGS


def _shows_something(el: HtmlElement) -> bool:
    """True if the inline element *el* shows text or an object."""
    if el.tag in _OBJECTS or any(d.tag in _OBJECTS for d in el.iterdescendants()):
        return True
    return bool(el.text_content().strip())


def _at_edge(br: HtmlElement, forward: bool) -> bool:
    """True if nothing but space, other breaks or a block lies between *br* and its
    block's start (or end, if *forward*)."""
    node = br
    while True:
        if forward and (node.tail or "").strip():
            return False
        sibling = node.getnext() if forward else node.getprevious()
        while sibling is not None:
            # Walking back, a sibling's tail lies between it and where we come from.
            if not forward and (sibling.tail or "").strip():
                return False
            if isinstance(sibling.tag, str):
                if _is_block(sibling):
                    return True
                if sibling.tag != "br" and _shows_something(sibling):
                    return False
            if forward and (sibling.tail or "").strip():
                return False
            sibling = sibling.getnext() if forward else sibling.getprevious()
        parent = node.getparent()
        if parent is None or _is_block(parent):
            return parent is None or forward or not (parent.text or "").strip()
        if not forward and (parent.text or "").strip():
            return False
        node = parent


def _drop_edge_breaks(article: HtmlElement) -> None:
    for br in list(article.iter("br")):
        if br.getparent() is not None and (_at_edge(br, False) or _at_edge(br, True)):
            _remove_keeping_tail(br)


def _remove_keeping_tail(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if tail.strip() or previous is None or not (previous.tail or "").strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _split_at_double_breaks(block: HtmlElement) -> None:
    """Break *block* into paragraphs where it holds two or more ``<br>`` in a row."""
    runs = _break_runs(block)
    if not runs:
        return
    if block.tag == "p":
        parent = block.getparent()
        if parent is None:
            return
        pieces = _pieces(block, runs)
        index = parent.index(block)
        tail = block.tail
        parent.remove(block)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)
        if pieces:
            pieces[-1].tail = tail
        return
    # A container: only when it holds nothing but inline content around the breaks.
    if any(_is_block(child) for child in block):
        return
    pieces = _pieces(block, runs)
    for child in list(block):
        block.remove(child)
    block.text = None
    for piece in pieces:
        block.append(piece)


def _break_runs(block: HtmlElement) -> list[list[HtmlElement]]:
    """The runs of two or more sibling ``<br>`` directly in *block* (space between)."""
    runs: list[list[HtmlElement]] = []
    current: list[HtmlElement] = []
    for child in block:
        if child.tag == "br":
            current.append(child)
            if (child.tail or "").strip():
                if len(current) >= 2:
                    runs.append(current)
                current = []
        else:
            if len(current) >= 2:
                runs.append(current)
            current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _pieces(block: HtmlElement, runs: list[list[HtmlElement]]) -> list[HtmlElement]:
    """New ``<p>`` elements holding *block*'s content between the break runs."""
    ends = {id(run[-1]): run for run in runs}
    in_run = {id(br) for run in runs for br in run}
    pieces: list[HtmlElement] = []
    current = fragment_fromstring("<p></p>")
    current.text = block.text
    for child in list(block):
        if id(child) in in_run:
            if id(child) in ends:
                pieces.append(current)
                current = fragment_fromstring("<p></p>")
                current.text = child.tail
            continue
        block.remove(child)
        current.append(child)
    pieces.append(current)
    return [p for p in pieces if len(p) or (p.text or "").strip()]


def _ends_mid_sentence(text: str) -> bool:
    return bool(text) and not _SENTENCE_END.search(text)


def _join_split_sentences(container: HtmlElement) -> None:
    """Join ``<p>`` + loose inline element (+ ``<p>``) when they make one sentence."""
    children = list(container)
    i = 0
    joins = 0
    while i < len(children) - 1:
        first = children[i]
        loose = children[i + 1]
        # A sentence is cut into a few pieces, never into dozens: the cap keeps a page
        # of thousands of unpunctuated paragraphs linear.
        if joins >= _MAX_JOINS or not _is_plain_paragraph(first):
            i, joins = i + 1, 0
            continue
        if _is_plain_paragraph(loose):
            if not _continues_paragraph(first, loose):
                i, joins = i + 1, 0
                continue
            _merge_into(first, loose)
            children.pop(i + 1)
            joins += 1
            continue
        if not _is_loose_inline(loose):
            i, joins = i + 1, 0
            continue
        raw = first.text_content()
        # readability keeps the space before the link it cut off ("3.6.0 " / "here"):
        # a paragraph ending in a space, or a lower-case continuation, is cut short.
        if not _ends_mid_sentence(raw[-80:].strip()) or not (
            raw[-1:].isspace() or _CARRIES_ON.match(text_of(loose))
        ):
            i, joins = i + 1, 0
            continue
        container.remove(loose)
        _space_before(first, raw, loose.text_content())
        first.append(loose)
        children.pop(i + 1)
        joins += 1
        following = children[i + 1] if i + 1 < len(children) else None
        if (
            following is not None
            and _is_plain_paragraph(following)
            and not (loose.tail or "").strip()
            and _carries_on(text_of(loose), following)
        ):
            _merge_into(first, following)
            children.pop(i + 1)
        # Stay on *first*: another loose piece may follow.


#: At most this many pieces joined into one paragraph.
_MAX_JOINS = 8


def _continues_paragraph(first: HtmlElement, second: HtmlElement) -> bool:
    """True if *second* carries on the sentence *first* leaves unfinished.

    readability cuts ``<div>... is in the <a>What's New</a> document</div>`` into
    "... is in the " and "<a>What's New</a> document": the first piece keeps the
    space before the cut and ends without punctuation, the second starts inside the
    sentence (with the link, or lower-case, or with the full stop).
    """
    raw = first.text_content()
    # Only the ends of the texts matter: no folding of whole paragraphs (pages can
    # hold thousands of them).
    if not raw[-1:].isspace() or not _ends_mid_sentence(raw[-80:].strip()):
        return False
    text = second.text_content()[:80].lstrip()
    if not text or (second.tail or "").strip():
        return False
    starts_inline = (
        not (second.text or "").strip() and len(second) > 0 and second[0].tag in _PHRASES
    )
    return starts_inline or bool(_CARRIES_ON.match(text))


#: Inline elements that a sentence runs through (a link, an emphasis, code).
_PHRASES = frozenset({"a", "strong", "b", "em", "i", "code", "span", "abbr", "q", "mark"})


def _carries_on(before: str, paragraph: HtmlElement) -> bool:
    """True if *paragraph*'s text carries on the sentence that ends with *before*."""
    text = text_of(paragraph)
    return bool(_CARRIES_ON.match(text)) or (
        _ends_mid_sentence(before) and bool(text) and not text[0].isupper()
    )


def _space_before(first: HtmlElement, before: str, after: str) -> None:
    """End *first* with a space if the words *before* and *after* would touch."""
    if not before or not after or before[-1].isspace() or after[0].isspace():
        return
    if not after[0].isalnum() or _CLOSE_UP.match(before[-1]) or _CLOSE_UP.match(after[0]):
        return
    last = first[-1] if len(first) else None
    if last is not None:
        last.tail = (last.tail or "") + " "
    else:
        first.text = (first.text or "") + " "


#: Scripts written without spaces between words (CJK, Thai...): nothing to add.
_CLOSE_UP = re.compile(r"[\u0e00-\u0eff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _merge_into(first: HtmlElement, second: HtmlElement) -> None:
    """Move *second*'s content to the end of *first* and remove *second*."""
    _space_before(first, first.text_content(), second.text_content())
    last = first[-1] if len(first) else None
    text = second.text or ""
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        first.text = (first.text or "") + text
    for child in list(second):
        first.append(child)
    parent = second.getparent()
    if parent is not None:
        tail = second.tail
        parent.remove(second)
        if tail and tail.strip():
            first.tail = (first.tail or "") + tail


def _is_plain_paragraph(el: HtmlElement) -> bool:
    """A ``<p>`` holding only inline content."""
    return el.tag == "p" and not any(_is_block(d) for d in el.iterdescendants())


def _is_loose_inline(el: HtmlElement) -> bool:
    """An inline element with text (a link, a bold word) standing between blocks."""
    if not isinstance(el.tag, str) or _is_block(el) or el.tag == "br" or el.tag in _OBJECTS:
        return False
    if any(d.tag in _OBJECTS or _is_block(d) for d in el.iterdescendants()):
        return False
    text = text_of(el)
    return 0 < len(text) <= _MAX_LOOSE
