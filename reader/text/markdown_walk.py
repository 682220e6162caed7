"""An article's markdown as the blocks the reader shows, each with its text.

The reading view (`reader.ui.markdown_blocks`) styles every block; highlights
(`reader.highlights.text`) need the very same blocks as plain text, character
for character, because a highlight is an offset into that text. Both walk the
markdown-it tokens here, each with its own `Writer` that turns inline tokens
into its kind of text (styled `Content`, or `str`), so the two cannot drift
apart. Nothing here imports Textual; markdown-it is imported on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "BULLETS",
    "Walked",
    "Writer",
    "image_label",
    "inline_label",
    "lone_image",
    "parser",
    "walk",
]

#: List bullets by nesting depth.
BULLETS = ("•", "◦", "▪")
_WS = re.compile(r"\s+")

T = TypeVar("T")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The markdown parser: CommonMark plus tables and strikethrough, no raw HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def inline_label(child: Token) -> str:
    """The text an inline *child* token shows (text, breaks, code, an image's label);
    "" for the tokens that only open or close a style or a link."""
    kind = child.type
    if kind == "text":
        return _WS.sub(" ", child.content)
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "code_inline":
        return str(child.content)
    if kind == "image":
        return f"[image: {_WS.sub(' ', child.content).strip() or 'untitled'}]"
    return ""


def image_label(alt: str) -> str:
    """What a figure shows in place of its image: its description."""
    alt = _WS.sub(" ", alt).strip()
    return f"Image: {alt}" if alt else "Image (no description)"


def lone_image(token: Token) -> Token | None:
    """The image of a paragraph (inline *token*) that holds nothing but one image, or one
    image inside a link (``[![alt](photo.jpg)](large.jpg)``, as many sites link photos
    to their full size); else None. Such a paragraph is a figure."""
    blank = ("softbreak", "hardbreak")
    children = [
        c
        for c in token.children or ()
        if c.type not in blank and not (c.type == "text" and not c.content.strip())
    ]
    kinds = [c.type for c in children]
    if kinds == ["image"]:
        return children[0]
    if kinds == ["link_open", "image", "link_close"]:
        return children[1]
    return None


class Writer(Protocol[T]):
    """Makes one kind of block text (styled or plain) from the pieces the walk finds."""

    def inline(self, token: Token, links: list[str]) -> T:
        """The text of an inline token; its link targets are appended to *links*."""
        ...

    def text(self, text: str) -> T:
        """Literal text (a list marker, a rule)."""
        ...

    def code(self, text: str, in_quote: bool) -> T:
        """A code block's text (*in_quote*: inside a quote, shown as code there)."""
        ...

    def figure(self, label: str) -> T:
        """A figure's label (its link is ``links[0]``, the image)."""
        ...

    def join(self, separator: str, parts: Sequence[T]) -> T:
        """*parts* joined by *separator*."""
        ...

    def concat(self, first: T, second: T) -> T:
        """*first* then *second*."""
        ...


@dataclass
class Walked(Generic[T]):
    """One block as the reader shows it."""

    kind: str
    """p, h1..h6, li, quote, code, table, figure or hr."""
    body: T
    """The block's text (a table's rows joined line by line, cells by " │ ")."""
    at: Token
    """The token that says where the block is in the markdown (its ``map``)."""
    links: list[str] = field(default_factory=list)
    """Link and image targets in the block, in order."""
    depth: int = 0
    """List nesting depth of list items and code blocks (0 elsewhere)."""
    marker: str = ""
    """A list item's bullet or number (empty for a continuation paragraph)."""
    rows: list[list[T]] = field(default_factory=list)
    """A table's rows of cells, the header row first."""


def walk(tokens: list[Token], writer: Writer[T]) -> Iterator[Walked[T]]:
    """The blocks of a parsed markdown document, in reading order."""
    lists: list[list[int | str]] = []  # per open list: [kind, next number]
    item_marker: list[str] = []  # the marker still to show for each open list item
    quote_depth = 0
    quote_parts: list[T] = []
    quote_links: list[str] = []
    quote_at: Token | None = None
    table: list[list[T]] | None = None
    table_links: list[str] = []
    table_at: Token | None = None
    heading = ""
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            if quote_depth == 0:
                quote_parts, quote_links, quote_at = [], [], token
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quote_parts and quote_at is not None:
                body = writer.join("\n\n", quote_parts)
                yield Walked("quote", body, quote_at, quote_links)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
            lists.append([kind, start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            if lists:
                current = lists[-1]
                if current[0] == "ordered_list_open":
                    number = int(current[1])
                    current[1] = number + 1
                    item_marker.append(f"{number}.")
                else:
                    item_marker.append(BULLETS[(len(lists) - 1) % len(BULLETS)])
        elif kind == "list_item_close":
            if item_marker:
                item_marker.pop()
        elif kind == "heading_open":
            heading = token.tag
        elif kind == "table_open":
            table, table_links, table_at = [], [], token
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "table_close" and table is not None and table_at is not None:
            body = writer.join("\n", [writer.join(" │ ", row) for row in table])
            yield Walked("table", body, table_at, table_links, rows=table)
            table = None
        elif kind == "inline":
            if table is not None:
                if table:
                    table[-1].append(writer.inline(token, table_links))
                continue
            parent = tokens[index - 1] if index else token
            if quote_depth:
                text = writer.inline(token, quote_links)
                if item_marker:
                    text = writer.concat(writer.text(f"{item_marker[-1]} "), text)
                    item_marker[-1] = " " * len(item_marker[-1])
                quote_parts.append(text)
                continue
            links: list[str] = []
            if heading:
                yield Walked(heading, writer.inline(token, links), parent, links)
                heading = ""
                continue
            image = lone_image(token)
            if image is not None and not item_marker:
                src = str(image.attrs.get("src", ""))
                # A linked photo keeps its link (often the full-size picture).
                wrapped = [str(c.attrs.get("href", "")) for c in token.children or ()]
                target = next((h for h in wrapped if h and h != src), None)
                label = writer.figure(image_label(image.content))
                yield Walked("figure", label, parent, [src, target] if target else [src])
                continue
            text = writer.inline(token, links)
            if item_marker:
                marker = item_marker[-1]
                item_marker[-1] = ""
                yield Walked("li", text, parent, links, depth=len(lists), marker=marker)
            else:
                yield Walked("p", text, parent, links)
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            if quote_depth:
                quote_parts.append(writer.code(code, in_quote=True))
            else:
                yield Walked("code", writer.code(code, in_quote=False), token, depth=len(lists))
        elif kind == "hr":
            yield Walked("hr", writer.text("⁂"), token)
