"""Clean an article that arrives already extracted (an import's HTML or markdown).

wallabag, Omnivore and the like export the article as their own extractor left it,
share bars, "PUBLICITÉ" labels and all. `clean_html` runs it through the cleaning a
fetched page gets after readability (`cleanup.post_clean`, with figures tidied so an
image keeps its alt text and caption) and renders it as `markdown` does;
`clean_markdown` drops the blocks of a markdown article whose whole text is such a
label. Neither raises: content that cannot be parsed is returned as it came.
"""

from __future__ import annotations

import re

from reader.errors import ExtractError
from reader.extract.boilerplate import light_clean
from reader.extract.cleanup import post_clean, remove_empty, strip_wrappers
from reader.extract.links import fix_links
from reader.extract.markdown import tidy, to_markdown
from reader.extract.metadata import Metadata
from reader.extract.parse import parse_document
from reader.extract.vocabulary import is_label

_BLOCKS = re.compile(r"\n\s*\n")
_MD_LINKS = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)


def clean_html(html: str, url: str | None = None, title: str | None = None) -> str | None:
    """The already-extracted article *html* cleaned like a fetched one, as markdown
    (None when it cannot be parsed or holds nothing)."""
    try:
        root = parse_document(html)
    except ExtractError:
        return None
    light_clean(root)
    body = root.find("body")
    if body is None:
        return None
    try:
        post_clean(body, Metadata(title=title))
        fix_links(body, url)
        strip_wrappers(body)
        remove_empty(body)
        markdown = to_markdown(body)
    except (ValueError, RecursionError):
        return None
    return markdown or None


def _is_label_paragraph(block: str) -> bool:
    """True for a plain paragraph (not a heading, list, quote, table or image) whose whole
    text is a label: a heading "## Comments" in someone's notes is theirs, kept."""
    stripped = block.strip()
    if not stripped or stripped[0] in "#>|-*+" or stripped[0].isdigit() or "![" in stripped:
        return False
    text = " ".join(_MD_LINKS.sub(lambda m: m.group(1), stripped).strip("*_ ").split())
    return bool(text) and is_label(text)


def clean_markdown(markdown: str) -> str:
    """*markdown* without its paragraphs that are only a label ("Share on X", "PUBLICITÉ",
    "Partager sur Facebook · Partager sur X"); headings, lists and code are left alone."""
    if _FENCE.search(markdown):
        return tidy(markdown)  # a label inside code is code: no block is judged
    kept = []
    for block in _BLOCKS.split(markdown.replace("\r\n", "\n")):
        if _is_label_paragraph(block):
            continue
        kept.append(block.strip("\n"))
    return tidy("\n\n".join(kept))
