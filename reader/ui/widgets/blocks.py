"""The block widgets an article is made of: one lightweight `Static` per markdown block.

Each block shows literal `Content` built by `reader.ui.markdown_blocks`, so
Textual's text selection works on it, and exposes its plain text as `plain`
(the highlights feature anchors on block index and character offsets).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from reader.ui.markdown_blocks import STRONG, BlockSpec

TABLE_INSET = 2
"""Columns a table loses to its own padding."""


class Block(Static):
    """One block of an article (paragraph, heading, quote, code, table, figure, rule)."""

    DEFAULT_CSS = """
    Block { width: 1fr; height: auto; }
    """

    class LinkClicked(Message):
        """A link (or image) inside a block was clicked."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href
            """The link's target, as written in the article."""

    def __init__(self, spec: BlockSpec, index: int, *, width: int = 76, classes: str = "") -> None:
        """Show *spec*, the *index*-th block of its article (*width*: the reading measure;
        *classes*: more CSS classes than its kind)."""
        content = (
            table_content(spec.rows, width - TABLE_INSET) if spec.kind == "table" else spec.content
        )
        super().__init__(content, markup=False, classes=f"{spec.kind} {classes}".strip())
        self.spec = spec
        """What this block shows."""
        self.index = index
        """Position of the block in its article."""
        self._plain = content.plain

    @property
    def plain(self) -> str:
        """The block's text as shown, without styles (what selection offsets refer to)."""
        return self._plain

    def action_link(self, index: int) -> None:
        """Report a click on the *index*-th link of this block."""
        if 0 <= index < len(self.spec.links):
            self.post_message(self.LinkClicked(self.spec.links[index]))


class ListItemBlock(Block):
    """A list item: its marker is drawn in the left padding, so wrapped lines hang under
    the text (one widget per item, and the marker is not part of the selectable text)."""

    def __init__(self, spec: BlockSpec, index: int, *, width: int = 76, classes: str = "") -> None:
        super().__init__(spec, index, width=width, classes=classes)
        self._marker = spec.marker
        self._indent = 2 * max(0, spec.depth - 1)
        self._marker_width = max(2, cell_len(spec.marker)) + 1
        self.styles.padding = (0, 0, 0, self._indent + self._marker_width)

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = list(super().render_lines(crop))
        if crop.y != 0 or not strips or not self._marker.strip():
            return strips
        x = self._indent - crop.x
        text = self._marker.rjust(self._marker_width - 1)
        if x < 0 or x + cell_len(text) > crop.width:
            return strips
        marker = self._get_style(".md-marker").rich_style
        style = self.rich_style + RichStyle(color=marker.color, bold=marker.bold)
        first = strips[0]
        strips[0] = Strip.join(
            [
                first.crop(0, x),
                Strip([Segment(text, style)]),
                first.crop(x + cell_len(text), first.cell_length),
            ]
        )
        return strips


MIN_COLUMN = 8
"""Narrowest a table column is squeezed to before the table is shown as records."""


def table_content(rows: list[list[Content]], width: int) -> Content:
    """A table as text: a grid whose cells wrap to fit *width* columns, or, when even
    squeezed columns cannot fit, one record ("Header: value" lines) per row."""
    if not rows:
        return Content("")
    columns = max(len(row) for row in rows)
    rows = [row + [Content("")] * (columns - len(row)) for row in rows]
    widths = [max(1, *(cell_len(row[c].plain) for row in rows)) for c in range(columns)]
    room = width - 3 * (columns - 1)
    while sum(widths) > room and max(widths) > MIN_COLUMN:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    if sum(widths) > room:
        return _records(rows)
    wrapped = any(cell_len(cell.plain) > widths[c] for row in rows for c, cell in enumerate(row))
    rule = Content("─┼─".join("─" * w for w in widths))
    lines: list[Content] = []
    for number, row in enumerate(rows):
        if number > 1 and wrapped:
            lines.append(rule)
        pieces = [cell.wrap(widths[c]) or [Content("")] for c, cell in enumerate(row)]
        for index in range(max(len(p) for p in pieces)):
            cells = []
            for c, piece in enumerate(pieces):
                text = piece[index] if index < len(piece) else Content("")
                cells.append(text + Content(" " * max(0, widths[c] - cell_len(text.plain))))
            line = Content(" │ ").join(cells)
            lines.append(line.stylize(STRONG) if number == 0 else line)
        if number == 0:
            lines.append(rule)
    return Content("\n").join(lines)


def _records(rows: list[list[Content]]) -> Content:
    header = rows[0]
    records: list[Content] = []
    for row in rows[1:]:
        fields = [
            Content(f"{header[c].plain or f'Column {c + 1}'}: ").stylize(STRONG) + cell
            for c, cell in enumerate(row)
        ]
        records.append(Content("\n").join(fields))
    return Content("\n\n").join(records)
