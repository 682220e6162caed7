"""A table laid out as text for the reading view, and where each of its characters
comes from in the article's plain text.

The highlights core (`reader.highlights.text`) knows a table as its rows joined by
newlines, cells by " │ ". The view draws a grid instead: cells padded to their
column's width and wrapped to fit, rules between rows; or, when even squeezed
columns do not fit, one "Header: value" record per row. `TableText.origin` maps
each character drawn back to the core's text (-1 for padding, rules, separators
and header labels), so a passage selected in a table can be highlighted, and a
highlight drawn, like anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content

from reader.ui.markdown_blocks import STRONG

MIN_COLUMN = 8
"""Narrowest a table column is squeezed to before the table is shown as records."""
CELL_SEPARATOR = " │ "
"""Between two cells, in the grid and in the core's text."""


@dataclass(frozen=True)
class TableText:
    """A table as the view draws it."""

    content: Content
    """The grid (or the records), styled."""
    origin: tuple[int, ...]
    """For each character of ``content.plain``, its offset in `core`, or -1."""
    core: str
    """The table as the highlights core has it: rows by line, cells joined by " │ "."""
    records: bool = False
    """True when drawn as records (the columns could not fit as a grid)."""


def layout_table(rows: list[list[Content]], width: int) -> TableText:
    """*rows* (header first) as a grid whose cells wrap to fit *width* columns, or, when
    even squeezed columns cannot fit, one record ("Header: value" lines) per row."""
    core = "\n".join(CELL_SEPARATOR.join(cell.plain for cell in row) for row in rows)
    if not rows:
        return TableText(Content(""), (), core)
    starts = _cell_starts(rows)
    columns = max(len(row) for row in rows)
    widths = [
        max(1, *(cell_len(row[c].plain) if c < len(row) else 0 for row in rows))
        for c in range(columns)
    ]
    room = width - len(CELL_SEPARATOR) * (columns - 1)
    while sum(widths) > room and max(widths) > MIN_COLUMN:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    records = sum(widths) > room
    lines = _records(rows, starts) if records else _grid(rows, starts, widths)
    content = Content("\n").join([line for line, _ in lines])
    origin: list[int] = []
    for number, (_, line_origin) in enumerate(lines):
        if number:
            origin.append(-1)  # the newline
        origin.extend(line_origin)
    return TableText(content, tuple(origin), core, records)


def _cell_starts(rows: list[list[Content]]) -> list[list[int]]:
    """Where each cell begins in the core's text of the table."""
    starts: list[list[int]] = []
    position = 0
    for number, row in enumerate(rows):
        if number:
            position += 1  # the newline between rows
        row_starts: list[int] = []
        for column, cell in enumerate(row):
            if column:
                position += len(CELL_SEPARATOR)
            row_starts.append(position)
            position += len(cell.plain)
        starts.append(row_starts)
    return starts


Line = tuple[Content, list[int]]


def _grid(rows: list[list[Content]], starts: list[list[int]], widths: list[int]) -> list[Line]:
    wrapped = any(cell_len(cell.plain) > widths[c] for row in rows for c, cell in enumerate(row))
    rule_text = "─┼─".join("─" * w for w in widths)
    rule: Line = (Content(rule_text), [-1] * len(rule_text))
    lines: list[Line] = []
    for number, row in enumerate(rows):
        if number > 1 and wrapped:
            lines.append(rule)
        pieces = [
            _wrapped(row[c], widths[c], starts[number][c]) if c < len(row) else []
            for c in range(len(widths))
        ]
        for index in range(max(1, *(len(p) for p in pieces))):
            cells: list[Content] = []
            origin: list[int] = []
            for c, piece in enumerate(pieces):
                text, first = piece[index] if index < len(piece) else (Content(""), -1)
                padding = max(0, widths[c] - cell_len(text.plain))
                if c:
                    origin.extend([-1] * len(CELL_SEPARATOR))
                cells.append(text + Content(" " * padding))
                origin.extend(
                    range(first, first + len(text.plain)) if first >= 0 else [-1] * len(text.plain)
                )
                origin.extend([-1] * padding)
            line = Content(CELL_SEPARATOR).join(cells)
            lines.append((line.stylize(STRONG) if number == 0 else line, origin))
        if number == 0:
            lines.append(rule)
    return lines


def _wrapped(cell: Content, width: int, start: int) -> list[tuple[Content, int]]:
    """*cell* wrapped to *width*, each line with where it begins in the core's text
    (-1 if it cannot be told: then its characters are not mapped)."""
    plain = cell.plain
    found: list[tuple[Content, int]] = []
    cursor = 0
    for piece in cell.wrap(width):
        offset = plain.find(piece.plain, cursor)
        if offset < 0:
            found.append((piece, -1))
            continue
        found.append((piece, start + offset))
        cursor = offset + len(piece.plain)
    return found


def _records(rows: list[list[Content]], starts: list[list[int]]) -> list[Line]:
    """One "Header: value" line per cell of each row after the header (the header's
    own cells are labels, not mapped); a table with no other row shows its header."""
    header = rows[0]
    if len(rows) == 1:
        return [
            (cell.stylize(STRONG), list(range(first, first + len(cell.plain))))
            for cell, first in zip(header, starts[0], strict=True)
        ]
    lines: list[Line] = []
    for number, row in enumerate(rows[1:], 1):
        if number > 1:
            lines.append((Content(""), []))  # a blank line between records
        for column, cell in enumerate(row):
            name = header[column].plain if column < len(header) else ""
            label = Content(f"{name or f'Column {column + 1}'}: ").stylize(STRONG)
            first = starts[number][column]
            origin = [-1] * len(label.plain) + list(range(first, first + len(cell.plain)))
            lines.append((label + cell, origin))
    return lines
