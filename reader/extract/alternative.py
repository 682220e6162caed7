"""trafilatura's reading of a page, as an HTML tree reader can clean and render.

readability-lxml scores blocks by the density of their prose, which suits news
and blog articles; trafilatura walks the page with rules for many more kinds
(documentation, product and service pages, listings, threads). The pipeline
asks both and keeps the fuller reading (see `pipeline`); this module turns
trafilatura's own XML (``<head>``, ``<list>``, ``<hi>``, ``<ref>``...) into the
plain HTML (``<h2>``, ``<ul>``, ``<em>``, ``<a>``...) the rest of reader works on.
"""

from __future__ import annotations

import functools
import logging

import lxml.html
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html


@functools.cache
def _quiet_trafilatura() -> None:
    """Silence trafilatura's logging (once, on first use, not at import time)."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def alternative_part(root: HtmlElement, url: str | None) -> HtmlElement | None:
    """trafilatura's main content of the parsed page *root*, as a ``<div>``, or None.

    *root* is left as it is (trafilatura works on a copy). Call it before
    `pre_clean`, whose cuts would mislead trafilatura.
    """
    _quiet_trafilatura()
    try:
        document = bare_extraction(
            root,  # trafilatura copies a tree it is given before cleaning it
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_formatting=True,
            include_links=True,
            with_metadata=False,
            fast=True,  # no readability or jusText inside: the pipeline runs readability itself
        )
    except Exception:  # the boundary: a second opinion that fails is no opinion
        return None
    body = getattr(document, "body", None)
    if body is None or not len(body):
        return None
    tree = convert_to_html(body).find("body")
    if tree is None:
        return None
    tree.tag = "div"
    # trafilatura builds plain lxml elements: parse them again as HTML elements.
    div = lxml.html.fragment_fromstring(lxml.html.tostring(tree, encoding="unicode"))
    return div if isinstance(div, HtmlElement) else None
