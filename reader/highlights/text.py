"""The plain text highlights are anchored in: an article's blocks as the reader shows them.

`article_blocks` turns markdown into one string per block (paragraph, heading,
list item, quote, code, rule, figure, table), the same blocks and the same text
the reading view draws (see ``reader.ui.markdown_blocks``, which adds styles to
the same walk; a UI test keeps the two in step). `plain_text` joins them with a
blank line. Positions of highlights are offsets into that joined text, so the
view can map them to a block and an offset within it.

markdown-it is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.sanitize import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: What separates two blocks in the joined plain text.
BLOCK_SEPARATOR = "\n\n"
_WS = re.compile(r"\s+")
BULLETS = ("•", "◦", "▪")


@dataclass(frozen=True)
class ArticleText:
    """An article's plain text and where each of its blocks starts in it."""

    text: str
    """The blocks joined by a blank line."""
    blocks: tuple[str, ...]
    """Each block's text."""
    starts: tuple[int, ...]
    """Offset of each block in `text`."""
    kinds: tuple[str, ...]
    """Each block's kind: p, h1..h6, li, quote, code, table, hr or figure."""

    def locate(self, offset: int) -> tuple[int, int]:
        """The (block index, offset in block) of character *offset* of `text`."""
        from bisect import bisect_right

        if not self.blocks:
            return (0, 0)
        index = max(0, bisect_right(self.starts, offset) - 1)
        return index, min(offset - self.starts[index], len(self.blocks[index]))

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """``(block index, start, end)`` pieces of ``text[start:end]``, one per block touched."""
        pieces: list[tuple[int, int, int]] = []
        for index, (block, first) in enumerate(zip(self.blocks, self.starts, strict=True)):
            last = first + len(block)
            if last <= start:
                continue
            if first >= end:
                break
            begin, finish = max(start, first) - first, min(end, last) - first
            if finish > begin:
                pieces.append((index, begin, finish))
        return pieces


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@lru_cache(maxsize=8)
def article_text(markdown: str) -> ArticleText:
    """The plain text of an article's *markdown*, block by block.

    Cached (the value is immutable): making a highlight in a long article, then
    placing them all again, parses it once.
    """
    blocks = list(_blocks(_parser().parse(clean_text(markdown))))
    starts: list[int] = []
    position = 0
    for _, text in blocks:
        starts.append(position)
        position += len(text) + len(BLOCK_SEPARATOR)
    return ArticleText(
        text=BLOCK_SEPARATOR.join(t for _, t in blocks),
        blocks=tuple(t for _, t in blocks),
        starts=tuple(starts),
        kinds=tuple(k for k, _ in blocks),
    )


def plain_text(markdown: str) -> str:
    """The article's plain text: its blocks joined by blank lines."""
    return article_text(markdown).text


def inline_text(token: Token) -> str:
    """The text of an inline token as the reader shows it."""
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            parts.append(_WS.sub(" ", child.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "image":
            parts.append(f"[image: {_WS.sub(' ', child.content).strip() or 'untitled'}]")
    return "".join(parts)


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


def _blocks(tokens: list[Token]) -> Iterator[tuple[str, str]]:
    """(kind, text) of each block, in the order and shape the reading view makes them."""
    lists: list[list[int | str]] = []
    item_marker: list[str] = []
    quote_depth = 0
    quote_parts: list[str] = []
    table: list[list[str]] | None = None
    heading = ""
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            if quote_depth == 0:
                quote_parts = []
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quote_parts:
                yield "quote", "\n\n".join(quote_parts)
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
            table = []
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "table_close" and table is not None:
            yield "table", "\n".join(" │ ".join(row) for row in table)
            table = None
        elif kind == "inline":
            if table is not None:
                if table:
                    table[-1].append(inline_text(token))
                continue
            if quote_depth:
                text = inline_text(token)
                if item_marker:
                    text = f"{item_marker[-1]} " + text
                    item_marker[-1] = " " * len(item_marker[-1])
                quote_parts.append(text)
                continue
            if heading:
                yield heading, inline_text(token)
                heading = ""
                continue
            image = lone_image(token)
            if image is not None and not item_marker:
                alt = _WS.sub(" ", image.content).strip()
                yield "figure", f"Image: {alt}" if alt else "Image (no description)"
                continue
            if item_marker:
                item_marker[-1] = ""
                yield "li", inline_text(token)
            else:
                yield "p", inline_text(token)
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            if quote_depth:
                quote_parts.append(code)
            else:
                yield "code", code
        elif kind == "hr":
            yield "hr", "⁂"


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\n+")


def sentences(text: ArticleText) -> list[tuple[int, int, int]]:
    """Every sentence of the article as ``(block index, start, end)``, offsets into `text`.

    A sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing quote or
    bracket) followed by a space, or at a line break; each block has at least one.
    The keyboard reading cursor moves by these.
    """
    found: list[tuple[int, int, int]] = []
    for index, (block, base) in enumerate(zip(text.blocks, text.starts, strict=True)):
        begin = 0
        for match in _SENTENCE_END.finditer(block):
            piece = block[begin : match.start()] + match.group().rstrip()
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                found.append((index, base + begin + lead, base + begin + len(piece)))
            begin = match.end()
        tail = block[begin:]
        if tail.strip():
            lead = len(tail) - len(tail.lstrip())
            found.append((index, base + begin + lead, base + begin + len(tail.rstrip())))
        elif not any(f[0] == index for f in found[-1:]):
            found.append((index, base, base + len(block)))
    return found
