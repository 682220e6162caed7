"""Markdown to block specs: kinds, literal text, links, chunking, tables."""

from __future__ import annotations

from textual.content import Content

from reader.ui.markdown_blocks import parse_blocks, parse_chunk, split_chunks
from reader.ui.table_text import layout_table
from tests.ui.conftest import long_markdown

SAMPLE = """Intro with *em*, **strong**, ~~gone~~, `code` and [a link](https://a.example/x).

## A heading

- one
- two
  - nested
1. first
2. second

> A quote with [a link](https://q.example/).
>
> Its second paragraph.

```
def f():
    return 1
```

| a | b |
|---|---|
| 1 | [two](https://t.example/) |

![A lighthouse at dusk](https://img.example/l.jpg)

---
"""


def test_every_kind_of_block() -> None:
    specs = parse_blocks(SAMPLE)
    assert [s.kind for s in specs] == [
        "p", "h2", "li", "li", "li", "li", "li", "quote", "code", "table", "figure", "hr",
    ]  # fmt: skip
    intro = specs[0].content
    assert intro.plain == "Intro with em, strong, gone, code and a link."
    styles = {str(span.style) for span in intro.spans}
    assert {".md-em", ".md-strong", ".md-strike", ".md-code", ".md-link"} <= styles
    nested = specs[4]
    assert (nested.depth, nested.marker) == (2, "◦")
    assert [s.marker for s in specs[5:7]] == ["1.", "2."]
    assert specs[7].content.plain == "A quote with a link.\n\nIts second paragraph."
    assert specs[8].content.plain == "def f():\n    return 1"
    assert specs[10].content.plain == "Image: A lighthouse at dusk"


def test_a_linked_photo_is_a_figure_that_keeps_its_link() -> None:
    markdown = (
        "[![A harbour](https://i.example/small.jpg)](https://i.example/large.jpg)\n\n"
        "Text with ![an inline icon](https://i.example/icon.png) in it."
    )
    figure, text = parse_blocks(markdown)
    assert figure.kind == "figure" and figure.content.plain == "Image: A harbour"
    assert figure.links == ["https://i.example/small.jpg", "https://i.example/large.jpg"]
    assert text.kind == "p" and text.content.plain == "Text with [image: an inline icon] in it."


def test_markup_is_literal_text() -> None:
    spec = parse_blocks("[bold]x[/bold] [/oops] [@click=app.quit]y[/]")[0]
    assert spec.content.plain == "[bold]x[/bold] [/oops] [@click=app.quit]y[/]"
    assert not spec.content.spans


def test_chunked_parsing_matches_parsing_the_whole() -> None:
    markdown = long_markdown(5_000) + "\n\n```\ncode\n\n# not a heading\n```\n\nAfter.\n"
    chunks = split_chunks(markdown, target=500)
    assert len(chunks) > 5
    assert "".join(text for _, text in chunks) == markdown
    whole = parse_chunk(0, markdown)
    pieces = [spec for offset, text in chunks for spec in parse_chunk(offset, text)]
    assert [(s.kind, s.content.plain, s.offset) for s in pieces] == [
        (s.kind, s.content.plain, s.offset) for s in whole
    ]


def test_tables_fit_the_width_or_become_records() -> None:
    rows = [[Content("Name"), Content("Notes")], [Content("A"), Content("word " * 30)]]
    grid = layout_table(rows, 40).content.plain.splitlines()
    assert all(len(line) <= 40 for line in grid)
    assert grid[0].startswith("Name") and "│" in grid[0]
    many = [[Content(f"column {c}") for c in range(12)], [Content("x") for _ in range(12)]]
    records = layout_table(many, 40).content.plain
    assert records.startswith("column 0: x")
