"""Read a table used for layout as text, and keep a data table a table.

Older pages (and e-mail-like newsletters) place their text in ``<table>`` cells:
one column of boxes, or a cell holding whole paragraphs beside a cell with an
icon. Rendered as a markdown table that is a row of ``| | |`` pipes with the
article squeezed into one cell. A table counts as layout when it has no header
cell (``<th>``) and either has one column (one filled cell per row), or has a cell
holding blocks (paragraphs, lists, headings) or a long run of prose. Its rows
and cells become plain blocks, so the text reads in order; a table with a header,
or with short values in a grid, stays a table.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from reader.extract.dom import text_of

#: Blocks that a data cell does not hold: a cell with one is a layout box.
_CELL_BLOCKS = frozenset(
    """
    p div ul ol dl h1 h2 h3 h4 h5 h6 blockquote pre table figure section article
    header footer aside form
    """.split()
)

#: A cell with this much text is prose, not a value.
_PROSE_CHARS = 300

_TABLE_PARTS = ("thead", "tbody", "tfoot")


def unwrap_layout_tables(article: HtmlElement) -> None:
    """Turn each layout table in *article* into plain blocks, innermost first."""
    for table in reversed(list(article.iter("table"))):
        if table.getparent() is not None and is_layout_table(table):
            _to_blocks(table)


def is_layout_table(table: HtmlElement) -> bool:
    """True if *table* lays out a page rather than holding data (see the module)."""
    rows = _rows(table)
    if next(table.iter("th"), None) is not None:
        return False
    if not rows:
        return True
    # One column, or one cell filled per row (the others spacers): a column of boxes.
    if all(sum(1 for cell in _cells(row) if _filled(cell)) <= 1 for row in rows):
        return True
    for row in rows:
        for cell in _cells(row):
            if any(d.tag in _CELL_BLOCKS for d in cell.iterdescendants()):
                return True
            if len(text_of(cell)) > _PROSE_CHARS:
                return True
    return False


def _filled(cell: HtmlElement) -> bool:
    """True if *cell* shows text or an image."""
    return bool(cell.text_content().strip()) or next(cell.iter("img"), None) is not None


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not those of a table inside it)."""
    rows: list[HtmlElement] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _TABLE_PARTS:
            rows += [r for r in child if r.tag == "tr"]
    return rows


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def _to_blocks(table: HtmlElement) -> None:
    """Rename the table's own structure to ``<div>``: a block per row and per cell."""
    for row in _rows(table):
        for cell in _cells(row):
            cell.tag = "div"
            _clear_table_attributes(cell)
        row.tag = "div"
        _clear_table_attributes(row)
    for child in list(table):
        if child.tag in _TABLE_PARTS:
            child.drop_tag()
        elif child.tag in ("caption", "colgroup", "col"):
            if child.tag == "caption":
                child.tag = "p"
            else:
                table.remove(child)
    table.tag = "div"
    _clear_table_attributes(table)


def _clear_table_attributes(el: HtmlElement) -> None:
    for name in ("colspan", "rowspan", "width", "align", "valign", "cellpadding"):
        if name in el.attrib:
            del el.attrib[name]
