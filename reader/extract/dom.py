"""Small helpers over lxml elements shared by the cleaning steps."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from reader.extract.vocabulary import name_words

#: Elements that start a new block of text (the rest flow inline).
BLOCK_TAGS = frozenset(
    """
    address article aside blockquote center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav
    ol p pre section summary table tbody thead tfoot tr td th ul body html caption
    """.split()
)

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def text_of(el: HtmlElement) -> str:
    """The element's text content, folded onto one line."""
    return " ".join(el.text_content().split())


def words_of(el: HtmlElement) -> list[str]:
    """The words of an element's class and id (see `vocabulary.name_words`).

    BEM modifiers (``section--ads``, ``teaser--wide``) describe a variant of the
    block, not what it is, so the part of a class after ``--`` is left out.
    """
    classes = " ".join(token.split("--")[0] for token in (el.get("class") or "").split())
    return name_words(f"{classes} {el.get('id') or ''}")


def link_density(el: HtmlElement, text_length: int | None = None) -> float:
    """Share of the element's text that sits inside links (0.0 to 1.0)."""
    total = text_length if text_length is not None else len(text_of(el))
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def iter_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Every element under *root* (not comments or processing instructions)."""
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


def remove(el: HtmlElement) -> None:
    """Remove *el* and its content, keeping the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def remove_to_end(el: HtmlElement, root: HtmlElement) -> None:
    """Remove *el* and everything after it in *root*, in reading order (a comments
    section and all that follows, the replies after a lead)."""
    node: HtmlElement | None = el
    while node is not None and node is not root:
        for sibling in list(node.itersiblings()):
            remove(sibling)
        node = node.getparent()
    remove(el)


def unwrap(el: HtmlElement) -> None:
    """Remove the tag *el* but keep its content in place."""
    if el.getparent() is not None:
        el.drop_tag()


def is_within(el: HtmlElement, container: HtmlElement | None) -> bool:
    """True if *el* is *container* or one of its descendants."""
    node: HtmlElement | None = el
    while node is not None:
        if node is container:
            return True
        node = node.getparent()
    return False


def has_ancestor(el: HtmlElement, tags: frozenset[str]) -> bool:
    """True if an ancestor of *el* has one of *tags*."""
    parent = el.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
