"""Convert the cleaned article tree to tidy markdown with markdownify.

ATX headings, ``-`` bullets, fenced code blocks, pipe tables; a figure becomes
its image followed by its caption as an italic line. The result has no runs of
blank lines, no trailing spaces and no control characters.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement, tostring
from markdownify import ATX, MarkdownConverter

from reader.text.sanitize import clean_text

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)  # any space but the newline
_BACKTICKS = re.compile(r"`+")


class _Converter(MarkdownConverter):
    """markdownify with reader's choices for captions and code blocks."""

    def convert_figcaption(self, el: Any, text: str, parent_tags: set[str]) -> str:
        text = " ".join(text.split())
        return f"\n\n*{text}*\n\n" if text else ""

    def convert_figure(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return f"\n\n{text.strip()}\n\n"

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if not text.strip():
            return ""
        longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
        fence = "`" * max(3, longest + 1)
        language = _code_language(el)
        return f"\n\n{fence}{language}\n{text.strip(chr(10))}\n{fence}\n\n"


def _code_language(el: Any) -> str:
    """The language named by a ``language-x``/``lang-x`` class on a <pre> or its <code>."""
    for node in (el, el.find("code")):
        if node is None:
            continue
        for cls in node.get("class") or []:
            for prefix in ("language-", "lang-"):
                if cls.startswith(prefix) and cls[len(prefix) :].isidentifier():
                    return str(cls[len(prefix) :])
    return ""


_CONVERTER = _Converter(
    bs4_options="lxml",
    heading_style=ATX,
    bullets="-",
    strong_em_symbol="*",
    escape_underscores=False,
    escape_asterisks=False,
    newline_style="backslash",
    table_infer_header=True,
    keep_inline_images_in=["a", "figure", "p", "div", "td", "li"],
)


def to_markdown(article: HtmlElement) -> str:
    """Markdown for the article tree *article*."""
    html = tostring(article, encoding="unicode", method="html")
    return tidy(_CONVERTER.convert(html))


def tidy(markdown: str) -> str:
    """Normalise spacing: no control characters, trailing spaces or blank-line runs,
    and no hard line break (``\\``) on a line of its own or at a paragraph's end."""
    markdown = clean_text(markdown).replace("\u00a0", " ")
    markdown = _TRAILING_SPACE.sub("", markdown)
    if "\\\n" in markdown or markdown.endswith("\\"):
        markdown = _without_stray_breaks(markdown)
    markdown = _BLANK_RUNS.sub("\n\n", markdown)
    return markdown.strip() + "\n" if markdown.strip() else ""


_FENCE = re.compile(r"^\s*(?:```|~~~)")


def _without_stray_breaks(markdown: str) -> str:
    """Hard breaks left where the tree had ``<br>`` runs or edges the paragraph pass
    could not reach (inside an inline wrapper): a line that is only ``\\`` ends the
    paragraph, and a ``\\`` before a paragraph's end goes. Code blocks are left alone."""
    out: list[str] = []
    in_code = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            if line.strip() == "\\":
                if out and out[-1].endswith("\\"):
                    out[-1] = out[-1][:-1].rstrip()
                out.append("")
                continue
            if not line.strip() and out and out[-1].endswith("\\"):
                out[-1] = out[-1][:-1].rstrip()
        out.append(line)
    if not in_code and out and out[-1].endswith("\\"):
        out[-1] = out[-1][:-1].rstrip()
    return "\n".join(out)
