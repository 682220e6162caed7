"""The plain text of a cleaned article tree: what `Article.text` holds.

Built from the lxml tree itself (never by stripping markdown): each block
element (paragraph, heading, quote, caption, table row group...) becomes a
paragraph, separated from the next by a blank line; list items and table rows
each take one line; ``<br>`` is a line break; ``<pre>`` keeps its spacing.
Images contribute nothing, so a figure's caption appears exactly once.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from reader.extract.dom import BLOCK_TAGS
from reader.text.sanitize import clean_text

_LINE_TAGS = frozenset({"li", "tr", "dt", "dd"})
_CELL_TAGS = frozenset({"td", "th"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})


class _Blocks:
    """Collects inline text into blocks and blocks into paragraphs."""

    def __init__(self) -> None:
        self.parts: list[tuple[bool, str]] = []  # (is a line of a list/table, text)
        self.buffer: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self, line: bool = False) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        lines = (" ".join(part.split()) for part in raw.split("\n"))
        text = "\n".join(x for x in lines if x)
        if text:
            self.parts.append((line, text))

    def add_pre(self, text: str) -> None:
        self.flush()
        text = text.strip("\n")
        if text.strip():
            self.parts.append((False, "\n".join(x.rstrip() for x in text.split("\n"))))

    def result(self) -> str:
        self.flush()
        out: list[str] = []
        previous_line = False
        for i, (line, text) in enumerate(self.parts):
            if i:
                out.append("\n" if line and previous_line else "\n\n")
            out.append(text)
            previous_line = line
        return clean_text("".join(out)).strip()


def plain_text(root: HtmlElement) -> str:
    """Plain text of *root*, paragraphs separated by blank lines."""
    blocks = _Blocks()
    # An explicit stack of (element, entering) keeps deep trees off the call stack.
    stack: list[tuple[HtmlElement, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if entering:
            if not tag or tag in _SKIP_TAGS:
                if el is not root:
                    blocks.add(el.tail)
                continue
            if tag == "br":
                blocks.add("\n")
                blocks.add(el.tail)
                continue
            if tag == "pre":
                blocks.add_pre(el.text_content())
                blocks.add(el.tail)
                continue
            if tag in BLOCK_TAGS or tag in _LINE_TAGS:
                blocks.flush()
            elif tag in _CELL_TAGS:
                blocks.add("\t")
            blocks.add(el.text)
            stack.append((el, False))
            for child in reversed(el):
                stack.append((child, True))
        else:
            if tag in _LINE_TAGS:
                blocks.flush(line=True)
            elif tag in BLOCK_TAGS:
                blocks.flush()
            if el is not root:
                blocks.add(el.tail)
    return blocks.result()
