"""The best available text of a page in which no reading found an article.

A person who saved a page keeps what it shows, not an error: its visible text
with only boilerplate by construction removed, or, for a page drawn by
scripts whose body is empty, the text its structured data and description
carry (JSON-LD ``articleBody``, ``text`` or ``description``, the meta
description). Only a page with no text at all has nothing to keep.
"""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement

from reader.extract.boilerplate import light_clean, pre_clean
from reader.extract.metadata import json_ld_objects
from reader.extract.parse import parse_document

#: A note the reading view shows above such a text.
UNSURE_NOTE = "*reader found no article in this page: this is all the text it shows.*"

_LD_TEXT_KEYS = ("articleBody", "text", "description")


def whole_page(html: str | bytes, excerpt: str | None) -> list[HtmlElement]:
    """Readings of the page's text, each a ``<div>``: keep the fullest once cleaned.

    The body pre-cleaned, the body with only scripts and hidden elements
    removed, and the text the page declares. Empty if it shows no text at all.
    """
    found: list[HtmlElement] = []
    for clean in (pre_clean, light_clean):
        root = parse_document(html)
        clean(root)
        body = root.find("body")
        if body is not None and body.text_content().strip():
            body.tag = "div"
            found.append(body)
    declared = _declared_text(parse_document(html), excerpt)
    if declared is not None:
        found.append(declared)
    return found


def _declared_text(root: HtmlElement, excerpt: str | None) -> HtmlElement | None:
    """The longest text the page's JSON-LD or description declares, as paragraphs."""
    texts = [excerpt or ""]
    for obj in json_ld_objects(root):
        texts.extend(str(obj[key]) for key in _LD_TEXT_KEYS if isinstance(obj.get(key), str))
    best = max(texts, key=len).strip()
    if not best:
        return None
    div = lxml.html.fragment_fromstring("<div></div>")
    for paragraph in best.split("\n\n"):
        if paragraph.strip():
            p = lxml.html.Element("p")
            p.text = " ".join(paragraph.split())
            div.append(p)
    return div
