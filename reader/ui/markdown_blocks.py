"""Turn an article's markdown into block specs: styled, literal `Content` per block.

A *spec* is plain data (no widget), so the slow part of rendering a long article
(parsing and styling) can run off the event loop, chunk by chunk, while the
first screen is already shown. The source is cut into chunks at top-level block
boundaries outside fenced code, so each chunk parses on its own.

Text from the page is only ever put into `Content(...)` and spans: it is never
parsed as Textual markup, and link targets never appear inside action strings
(a link is ``link(<index>)``, the index into the block's own `links`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token
from textual.content import Content, Span
from textual.style import Style

from reader.text.markdown_walk import inline_label, parser, walk

#: Inline style classes, resolved through the `ArticleView` component classes.
EM, STRONG, STRIKE, CODE, LINK = ".md-em", ".md-strong", ".md-strike", ".md-code", ".md-link"

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CHUNK_CHARS = 6000


@dataclass
class BlockSpec:
    """One block of the article, ready to become a widget."""

    kind: str
    """p, h1..h6, li, quote, code, table, hr or figure."""
    content: Content
    """The block's text with its inline styles (empty for tables and rules)."""
    links: list[str] = field(default_factory=list)
    """Targets of the ``link(i)`` actions in `content`."""
    depth: int = 0
    """List nesting depth (0 for top-level blocks)."""
    marker: str = ""
    """A list item's bullet or number (empty for a continuation paragraph)."""
    offset: int = 0
    """Character offset of the block in the article's markdown (for reading progress)."""
    rows: list[list[Content]] = field(default_factory=list)
    """A table's rows of cells, the header row first."""


def split_chunks(markdown: str, target: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut *markdown* into ``(offset, text)`` chunks of about *target* characters.

    Cuts fall only before a heading or paragraph that starts a line at column 0
    after a blank line, outside fenced code: there a new top-level block begins,
    so each chunk parses the same alone as inside the whole document.
    """
    chunks: list[tuple[int, str]] = []
    start = 0
    pos = 0
    fence: str | None = None
    previous_blank = True
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif (
            fence is None
            and previous_blank
            and pos - start >= target
            and line[:1]
            and (line[0] == "#" or line[0].isalpha())
        ):
            chunks.append((start, markdown[start:pos]))
            start = pos
        previous_blank = not line.strip()
        pos += len(line)
    if start < len(markdown) or not chunks:
        chunks.append((start, markdown[start:]))
    return chunks


def inline_content(token: Token, links: list[str]) -> Content:
    """Styled, literal Content of an inline token; link targets are appended to *links*."""
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str | Style, int, str]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    def close(kind: str) -> None:
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][2] == kind:
                style, start, _ = stack.pop(index)
                if position > start:
                    spans.append(Span(start, position, style))
                return

    for child in token.children or ():
        kind = child.type
        if kind in ("text", "softbreak", "hardbreak"):
            add(inline_label(child))
        elif kind == "code_inline":
            start = position
            add(inline_label(child))
            spans.append(Span(start, position, CODE))
        elif kind == "em_open":
            stack.append((EM, position, "em"))
        elif kind == "strong_open":
            stack.append((STRONG, position, "strong"))
        elif kind == "s_open":
            stack.append((STRIKE, position, "s"))
        elif kind in ("em_close", "strong_close", "s_close"):
            close(kind[:-6])
        elif kind == "link_open":
            links.append(str(child.attrs.get("href", "")))
            stack.append((Style.from_meta({"@click": f"link({len(links) - 1})"}), position, "a"))
            stack.append((LINK, position, "a"))
        elif kind == "link_close":
            close("a")
            close("a")
        elif kind == "image":
            links.append(str(child.attrs.get("src", "")))
            start = position
            add(inline_label(child))
            spans.append(Span(start, position, LINK))
            spans.append(
                Span(start, position, Style.from_meta({"@click": f"link({len(links) - 1})"}))
            )
    return Content("".join(parts), spans=spans)


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets


def parse_chunk(offset: int, text: str) -> list[BlockSpec]:
    """The block specs of one chunk of markdown that starts at *offset*."""
    tokens = parser().parse(text)
    lines = _line_offsets(text)
    return list(_blocks(tokens, offset, lines))


def parse_blocks(markdown: str) -> list[BlockSpec]:
    """Every block spec of *markdown* (all chunks)."""
    return [spec for offset, text in split_chunks(markdown) for spec in parse_chunk(offset, text)]


class _StyledWriter:
    """Block text as styled, literal `Content` (see `reader.text.markdown_walk.Writer`)."""

    def inline(self, token: Token, links: list[str]) -> Content:
        return inline_content(token, links)

    def text(self, text: str) -> Content:
        return Content(text)

    def code(self, text: str, in_quote: bool) -> Content:
        return Content(text).stylize(CODE) if in_quote else Content(text)

    def figure(self, label: str) -> Content:
        return Content(label).stylize(LINK).stylize(Style.from_meta({"@click": "link(0)"}))

    def join(self, separator: str, parts: Sequence[Content]) -> Content:
        return Content(separator).join(parts)

    def concat(self, first: Content, second: Content) -> Content:
        return first + second


def _blocks(tokens: list[Token], base: int, lines: list[int]) -> Iterator[BlockSpec]:
    def where(token: Token) -> int:
        if token.map is None:
            return base
        return base + lines[min(token.map[0], len(lines) - 1)]

    for block in walk(tokens, _StyledWriter()):
        table = block.kind == "table"  # drawn from its rows, to the width it is given
        yield BlockSpec(
            block.kind,
            Content("") if table else block.body,
            block.links,
            depth=block.depth,
            marker=block.marker,
            offset=where(block.at),
            rows=block.rows,
        )
