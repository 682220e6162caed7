"""Turn raw page input (text or bytes) into an lxml document, safely.

Everything that can go wrong with hostile input is contained here: bytes are
decoded with `reader.text.encoding.decode_html`, control characters that lxml refuses
are dropped, oversized pages are cut to a bounded size, and parser failures
become `ExtractError`. libxml2 itself stops descending at 256 levels of nesting,
and `flatten_deep` caps the depth further so that recursive code later on
(readability, markdownify) never meets a tree deep enough to hurt.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from reader.errors import ExtractError
from reader.text.encoding import decode_html
from reader.text.sanitize import clean_text

#: Pages longer than this many characters are cut; no article needs more.
MAX_CHARS = 6_000_000

#: Elements nested deeper than this are unwrapped (their text is kept).
MAX_DEPTH = 60

# Characters an XML/HTML tree cannot hold (lxml raises on them).
_UNPARSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

NO_ARTICLE = "no article found in the page"


def to_text(html: str | bytes) -> str:
    """Decode *html* if it is bytes and make it safe to hand to lxml."""
    if isinstance(html, bytes | bytearray):
        if _looks_binary(bytes(html[:4096])):
            raise ExtractError(f"{NO_ARTICLE} (the content is binary, not HTML)")
        text, _ = decode_html(bytes(html[: MAX_CHARS * 2]))
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractError(f"cannot extract from a {type(html).__name__}, expected text or bytes")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    # Escape sequences go first, whole (ESC [ 1 m, not just ESC), then what lxml refuses.
    # (Everything shown is cleaned again later; this pass is for the rare page with ESC.)
    # U+009D in a page is mojibake (the last byte of a UTF-8 quote read as cp1252), not
    # the start of an 8-bit OSC sequence: read as one, it would swallow the page to its end.
    text = text.replace("\x9d", "")
    if "\x1b" in text or "\x9b" in text:
        text = clean_text(text)
    return _UNPARSABLE.sub("", text)


def _looks_binary(head: bytes) -> bool:
    """True if *head* has the control bytes of an image or archive, not of text."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False  # a BOM: text, possibly UTF-16 (whose NULs are expected)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls > len(head) * 0.1


def parse_document(html: str | bytes) -> HtmlElement:
    """Parse *html* into an ``<html>`` element, or raise `ExtractError`."""
    text = to_text(html)
    if not text.strip():
        raise ExtractError(f"{NO_ARTICLE} (the page is empty)")
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractError(f"{NO_ARTICLE} (the HTML could not be parsed)") from exc
    if not isinstance(root, HtmlElement):
        raise ExtractError(f"{NO_ARTICLE} (the HTML could not be parsed)")
    flatten_deep(root)
    return root


def flatten_deep(root: HtmlElement, max_depth: int = MAX_DEPTH) -> None:
    """Unwrap every element nested deeper than *max_depth*, keeping its text."""
    too_deep: list[HtmlElement] = []
    stack: list[tuple[HtmlElement, int]] = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if depth + 1 > max_depth:
                too_deep.append(child)
            stack.append((child, depth + 1))
    # Deepest first, so each drop_tag moves already-flat content up one level.
    for element in reversed(too_deep):
        if element.getparent() is not None:
            element.drop_tag()
