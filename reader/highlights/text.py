"""The plain text highlights are anchored in: an article's blocks as the reader shows them.

`article_text` turns markdown into one string per block (paragraph, heading,
list item, quote, code, rule, figure, table): the same blocks and the same text
the reading view draws, because both walk the markdown with
`reader.text.markdown_walk` (the view styles what this keeps plain). `plain_text`
joins them with a blank line. Positions of highlights are offsets into that
joined text, so the view can map them to a block and an offset within it.

markdown-it is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.text.markdown_walk import inline_label, parser, walk
from reader.text.sanitize import clean_text

if TYPE_CHECKING:
    from markdown_it.token import Token

#: What separates two blocks in the joined plain text.
BLOCK_SEPARATOR = "\n\n"


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


@lru_cache(maxsize=8)
def article_text(markdown: str) -> ArticleText:
    """The plain text of an article's *markdown*, block by block.

    Cached (the value is immutable): making a highlight in a long article, then
    placing them all again, parses it once.
    """
    walked = walk(parser().parse(clean_text(markdown)), _PlainWriter())
    blocks = [(block.kind, block.body) for block in walked]
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


class _PlainWriter:
    """Block text as plain strings (see `reader.text.markdown_walk.Writer`)."""

    def inline(self, token: Token, links: list[str]) -> str:
        return "".join(inline_label(child) for child in token.children or ())

    def text(self, text: str) -> str:
        return text

    def code(self, text: str, in_quote: bool) -> str:
        return text

    def figure(self, label: str) -> str:
        return label

    def join(self, separator: str, parts: Sequence[str]) -> str:
        return separator.join(parts)

    def concat(self, first: str, second: str) -> str:
        return first + second


#: What may follow a sentence's final mark and still belong to it: closing quotes and brackets
#: (the CJK corner brackets and fullwidth ones too).
_CLOSERS = "\"'”’»)\\]」』）】〉》〕〗〙〛］｝"
_SENTENCE_END = re.compile(
    # Latin, Arabic (؟ ۔), Devanagari (। ॥), Ethiopic (። ፧) marks: a space follows
    rf"[.!?…‼⁇⁈⁉‽؟۔।॥።፧]+[{_CLOSERS}]*\s+"
    # CJK and fullwidth marks end a sentence at once (no space is written after them)
    rf"|[。！？｡．︒﹒﹖﹗]+[{_CLOSERS}]*\s*"
    r"|\n+"
)


def sentences(text: ArticleText) -> list[tuple[int, int, int]]:
    """Every sentence of the article as ``(block index, start, end)``, offsets into `text`.

    A sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing quote or
    bracket) followed by a space, after Arabic ``؟``, Devanagari ``।`` and the like
    followed by a space, right after CJK ``。！？`` (no space is written there), or at
    a line break; each block has at least one.
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
