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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content, Span
from textual.style import Style

from reader.highlights.text import lone_image

#: Inline style classes, resolved through the `ArticleView` component classes.
EM, STRONG, STRIKE, CODE, LINK = ".md-em", ".md-strong", ".md-strike", ".md-code", ".md-link"

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_WS = re.compile(r"\s+")
BULLETS = ("•", "◦", "▪")
CHUNK_CHARS = 6000


@dataclass(frozen=True)
class Link:
    """A link or image found in the article."""

    text: str
    """The link text (or the image's alt text)."""
    href: str
    """Where it points, as written in the markdown."""
    image: bool = False
    """True for an image."""


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


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The markdown parser: CommonMark plus tables and strikethrough, no raw HTML."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


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
        if kind == "text":
            add(_WS.sub(" ", child.content))
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
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
            add(f"[image: {_WS.sub(' ', child.content).strip() or 'untitled'}]")
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


def _blocks(tokens: list[Token], base: int, lines: list[int]) -> Iterator[BlockSpec]:
    lists: list[list[int | str]] = []  # per open list: [kind, next number]
    item_marker: list[str] = []  # the marker still to show for each open list item
    quote_depth = 0
    quote_parts: list[Content] = []
    quote_links: list[str] = []
    quote_offset = 0
    table: list[list[Content]] | None = None
    table_links: list[str] = []
    table_offset = 0
    heading = ""

    def where(token: Token) -> int:
        if token.map is None:
            return base
        return base + lines[min(token.map[0], len(lines) - 1)]

    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            if quote_depth == 0:
                quote_parts, quote_links, quote_offset = [], [], where(token)
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quote_parts:
                yield BlockSpec(
                    "quote", Content("\n\n").join(quote_parts), quote_links, offset=quote_offset
                )
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
            table, table_links, table_offset = [], [], where(token)
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "table_close" and table is not None:
            yield BlockSpec("table", Content(""), table_links, rows=table, offset=table_offset)
            table = None
        elif kind == "inline":
            if table is not None:
                if table:
                    table[-1].append(inline_content(token, table_links))
                continue
            parent = tokens[index - 1] if index else token
            if quote_depth:
                content = inline_content(token, quote_links)
                if item_marker:
                    content = Content(f"{item_marker[-1]} ") + content
                    item_marker[-1] = " " * len(item_marker[-1])
                quote_parts.append(content)
                continue
            if heading:
                links: list[str] = []
                yield BlockSpec(heading, inline_content(token, links), links, offset=where(parent))
                heading = ""
                continue
            links = []
            image = lone_image(token)
            if image is not None and not item_marker:
                src = str(image.attrs.get("src", ""))
                alt = _WS.sub(" ", image.content).strip()
                label = Content(f"Image: {alt}" if alt else "Image (no description)")
                # A linked photo keeps its link (often the full-size picture) in the list.
                wrapped = [str(c.attrs.get("href", "")) for c in token.children or ()]
                target = next((h for h in wrapped if h and h != src), None)
                yield BlockSpec(
                    "figure",
                    label.stylize(LINK).stylize(Style.from_meta({"@click": "link(0)"})),
                    [src, target] if target else [src],
                    offset=where(parent),
                )
                continue
            content = inline_content(token, links)
            if item_marker:
                marker = item_marker[-1]
                item_marker[-1] = ""
                yield BlockSpec(
                    "li", content, links, depth=len(lists), marker=marker, offset=where(parent)
                )
            else:
                yield BlockSpec("p", content, links, offset=where(parent))
        elif kind in ("fence", "code_block"):
            code = Content(token.content.rstrip("\n"))
            if quote_depth:
                quote_parts.append(code.stylize(CODE))
            else:
                yield BlockSpec("code", code, [], depth=len(lists), offset=where(token))
        elif kind == "hr":
            yield BlockSpec("hr", Content("⁂"), [], offset=where(token))


def article_links(specs: list[BlockSpec], body_links: list[Link] | None = None) -> list[Link]:
    """Every link and image of the article in reading order, each target once."""
    found: list[Link] = list(body_links or [])
    seen = {link.href for link in found}
    for spec in specs:
        for index, href in enumerate(spec.links):
            if not href or href in seen:
                continue
            seen.add(href)
            found.append(_link_text(spec, index, href))
    return found


def _link_text(spec: BlockSpec, index: int, href: str) -> Link:
    """The link's text: the characters its ``link(index)`` span covers."""
    action = f"link({index})"
    contents = [spec.content, *(cell for row in spec.rows for cell in row)]
    for content in contents:
        for span in content.spans:
            style = span.style
            if isinstance(style, Style) and style.meta.get("@click") == action:
                text = content.plain[span.start : span.end].strip()
                image = spec.kind == "figure" or text.startswith("[image:")
                return Link(text or href, href, image=image)
    return Link(href, href)
