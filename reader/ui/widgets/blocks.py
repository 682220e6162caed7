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
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Static

from reader.ui.link_hints import with_hints
from reader.ui.markdown_blocks import BlockSpec
from reader.ui.table_text import layout_table
from reader.ui.text import direction

TABLE_INSET = 2
"""Columns a table loses to its own padding."""

FLOWING = frozenset({"p", "li", "quote", "h1", "h2", "h3", "h4", "h5", "h6", "figure"})
"""The kinds of block whose text is aligned by its direction (code and tables keep theirs)."""


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
        table = layout_table(spec.rows, width - TABLE_INSET) if spec.kind == "table" else None
        content = table.content if table is not None else spec.content
        if spec.kind in FLOWING and direction(content.plain) == "rtl":
            classes = f"{classes} rtl"  # Arabic, Hebrew...: aligned right (see app.tcss)
        super().__init__(content, markup=False, classes=f"{spec.kind} {classes}".strip())
        self.spec = spec
        """What this block shows."""
        self.index = index
        """Position of the block in its article."""
        self.base_content = content
        """What it shows when nothing in it is highlighted."""
        self._plain = content.plain
        self._table = table
        self._shown: Content = content
        self._hinted = False

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual sets the size a layout gave a widget as its "virtual size", a reactive
        # that asks for another layout: for hundreds of new blocks, a second layout of
        # the whole article (0.1 s at 500 blocks) that changes nothing, a block being no
        # scrolling container. Its virtual size is set without that request.
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show *content* (remembered, so link hints can be taken off again)."""
        if isinstance(content, Content):
            self._shown = content
            self._hinted = False
        super().update(content, layout=layout)

    def show_hints(self, numbers: list[int | None]) -> bool:
        """Show the number of each link after it (*numbers*: the number of the block's
        *i*-th link); False when the block has none to show (a table keeps its grid)."""
        if self._table is not None or not any(n is not None for n in numbers):
            return False
        shown = self._shown
        super().update(with_hints(shown, numbers))
        self._hinted = True
        return True

    def hide_hints(self) -> None:
        """Take the link numbers off again."""
        if self._hinted:
            self._hinted = False
            super().update(self._shown)

    @property
    def plain(self) -> str:
        """The block's text as shown, without styles (what selection offsets refer to)."""
        return self._plain

    @property
    def core_text(self) -> str:
        """The block's text as the highlights core has it: `plain`, except for a table,
        which the core has row by line and the view draws as a grid."""
        return self._table.core if self._table is not None else self._plain

    def to_core(self, offset: int, *, end: bool = False) -> int | None:
        """Offset *offset* of `plain` as an offset of `core_text`: for a start, the first
        character of the core's text at or after it; for an *end*, just past the last one
        before it (padding and rules between are skipped). None when there is none."""
        if self._table is None:
            return offset
        origin = self._table.origin
        if end:
            before = (o for o in reversed(origin[: max(0, offset)]) if o >= 0)
            last = next(before, None)
            return None if last is None else last + 1
        return next((o for o in origin[max(0, offset) :] if o >= 0), None)

    def shown_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges of `plain` that show ``core_text[start:end]`` (several for a table:
        one per line of each cell)."""
        if self._table is None:
            return [(start, end)] if end > start else []
        ranges: list[tuple[int, int]] = []
        run: int | None = None
        for position, origin in enumerate(self._table.origin):
            inside = start <= origin < end
            if inside and run is None:
                run = position
            elif not inside and run is not None:
                ranges.append((run, position))
                run = None
        if run is not None:
            ranges.append((run, len(self._table.origin)))
        return ranges

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
        marker = self._marker
        text = " " * max(0, self._marker_width - 1 - cell_len(marker)) + marker  # by cells
        if x < 0 or x + cell_len(text) > crop.width:
            return strips
        look = self._get_style(".md-marker").rich_style
        style = self.rich_style + RichStyle(color=look.color, bold=look.bold)
        first = strips[0]
        strips[0] = Strip.join(
            [
                first.crop(0, x),
                Strip([Segment(text, style)]),
                first.crop(x + cell_len(text), first.cell_length),
            ]
        )
        return strips
