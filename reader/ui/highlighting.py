"""Between the reading view and the highlights core: selections, ranges and styles.

The core places highlights in the article's plain text (`reader.highlights.text`):
the blocks the view shows, joined by blank lines. These helpers translate
between that text and the view: a selection on block widgets becomes a range of
it, a range becomes a selection (the keyboard cursor), and each block's
`Content` gets the highlight style over the pieces that fall in it.

A table is drawn as a grid, not as the core's text of it; its block maps the
two (`Block.to_core`, `Block.shown_ranges`). A block whose text differs from
the core's otherwise (never, unless they drift apart) is left alone: a highlight
there stays listed but is not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.widget import Widget

from reader.highlights.text import ArticleText
from reader.ui.widgets.blocks import Block

#: The styles of highlighted text: the theme's highlight background (`reader.ui.themes`),
#: named as a variable rather than a component class: Textual draws a component class's
#: opaque background as transparent inside `Content` (a partial style), and an
#: alpha one at a fraction of its strength, which left highlights nearly invisible.
HIGHLIGHT = "on $reader-highlight"
HIGHLIGHT_NOTE = "underline on $reader-highlight"


def flat_offset(text: str, offset: Offset | None, default: int) -> int:
    """The character index in *text* of a selection offset (column x, line y)."""
    if offset is None:
        return default
    lines = text.split("\n")
    y = max(0, min(offset.y, len(lines) - 1))
    index = sum(len(line) + 1 for line in lines[:y])
    return min(len(text), index + max(0, min(offset.x, len(lines[y]))))


def line_offset(text: str, index: int) -> Offset:
    """The (column, line) offset of character *index* of *text*."""
    before = text[:index]
    return Offset(index - (before.rfind("\n") + 1), before.count("\n"))


def matches(text: ArticleText, block: Block) -> bool:
    """True when *block* has exactly the core's text of the same block."""
    return block.index < len(text.blocks) and text.blocks[block.index] == block.core_text


def selection_range(
    selections: Mapping[Widget, Selection], blocks: Iterable[Block], text: ArticleText
) -> tuple[int, int] | None:
    """The range of the article text the selected *blocks* cover, or None.

    Only the article's own blocks count (not the title above them). A selection
    that starts or ends in a block the core does not share, or covers nothing but a
    table's rules and padding, gives None.
    """
    ours = [b for b in blocks if b in selections]
    if not ours:
        return None
    first = min(ours, key=lambda b: b.index)
    last = max(ours, key=lambda b: b.index)
    if not (matches(text, first) and matches(text, last)):
        return None
    start_sel, end_sel = selections[first], selections[last]
    begin = first.to_core(flat_offset(first.plain, start_sel.start, 0))
    finish = last.to_core(flat_offset(last.plain, end_sel.end, len(last.plain)), end=True)
    if begin is None or finish is None:
        return None
    start = text.starts[first.index] + begin
    end = text.starts[last.index] + finish
    # selections never begin or end in whitespace worth keeping
    while start < end and text.text[start].isspace():
        start += 1
    while end > start and text.text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def selections_for(
    start: int, end: int, text: ArticleText, blocks: Sequence[Block]
) -> dict[Widget, Selection]:
    """The selection that shows ``text.text[start:end]`` on the mounted *blocks*."""
    found: dict[Widget, Selection] = {}
    for index, begin, finish in text.spans(start, end):
        if index >= len(blocks) or not matches(text, blocks[index]):
            continue
        block = blocks[index]
        shown = block.shown_ranges(begin, finish)
        if shown:
            plain = block.plain
            first, last = shown[0][0], shown[-1][1]
            found[block] = Selection(line_offset(plain, first), line_offset(plain, last))
    return found


def styled(base: Content, ranges: Iterable[tuple[int, int, bool]]) -> Content:
    """*base* with the highlight style over each ``(start, end, has_note)`` range."""
    content = base
    for start, end, noted in ranges:
        content = content.stylize(HIGHLIGHT_NOTE if noted else HIGHLIGHT, start, end)
    return content
