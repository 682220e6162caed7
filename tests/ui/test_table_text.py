"""Tables drawn as a grid or as records, mapped back to the highlights core's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content

from reader.ui.table_text import CELL_SEPARATOR, layout_table

ROWS = [
    [Content("Approach"), Content("How it works"), Content("Weak at")],
    [Content("Headings"), Content("Each entry is filed under one topic"), Content("Two places")],
    [Content("Tags"), Content("Labels"), Content("")],
]


def check_origin(rows: list[list[Content]], width: int) -> None:
    """Every character drawn from the table's text is that character of the core's
    text, drawn once; what is not drawn is the separators between cells and rows, the
    spaces wrapping breaks lines at, and in records the header (it labels each value)."""
    table = layout_table(rows, width)
    plain = table.content.plain
    assert len(table.origin) == len(plain)
    assert all(table.core[o] == plain[i] for i, o in enumerate(table.origin) if o >= 0)
    drawn = [o for o in table.origin if o >= 0]
    assert len(drawn) == len(set(drawn))
    labels = table.records and len(rows) > 1  # the header's cells label each value
    cells: list[range] = []
    position = 0
    for number, row in enumerate(rows):
        position += 1 if number else 0
        for column, cell in enumerate(row):
            position += len(CELL_SEPARATOR) if column else 0
            if not (labels and number == 0):
                cells.append(range(position, position + len(cell.plain)))
            position += len(cell.plain)
    assert position == len(table.core)
    for index in set(range(len(table.core))) - set(drawn):
        inside = any(index in cell for cell in cells)
        assert not inside or table.core[index].isspace(), (index, table.core)


def test_a_grid_maps_each_cell_back_to_the_core_text() -> None:
    table = layout_table(ROWS, 40)
    assert not table.records
    assert table.core == (
        "Approach │ How it works │ Weak at\n"
        "Headings │ Each entry is filed under one topic │ Two places\n"
        "Tags │ Labels │ "
    )
    lines = table.content.plain.splitlines()
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[0].startswith("Approach │ How it works")
    check_origin(ROWS, 40)
    # "filed under" is drawn on a wrapped line of its own cell, found where the core has it
    plain = table.content.plain
    start = plain.index("filed")
    assert table.core[table.origin[start] : table.origin[start] + 5] == "filed"


def test_records_map_values_and_not_their_labels() -> None:
    many = [[Content(f"column {c}") for c in range(12)], [Content(f"v{c}") for c in range(12)]]
    table = layout_table(many, 40)
    assert table.records
    plain = table.content.plain
    assert plain.startswith("column 0: v0\ncolumn 1: v1")
    label = plain.index("column 1")
    assert table.origin[label] == -1
    value = plain.index("v1")
    assert table.core[table.origin[value] : table.origin[value] + 2] == "v1"
    check_origin(many, 40)


cell_text = st.text(alphabet=st.sampled_from("ab cd│é界 xy"), max_size=30)


@given(
    st.lists(st.lists(cell_text.map(Content), min_size=1, max_size=5), min_size=1, max_size=5),
    st.integers(min_value=10, max_value=90),
)
def test_any_table_maps_back(rows: list[list[Content]], width: int) -> None:
    check_origin(rows, width)
