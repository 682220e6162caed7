"""Ask readability-lxml which part of the (pre-cleaned) page is the article.

readability's own ``Document._parse`` runs lxml's HTML Cleaner and rewrites
every link on each of its passes. `pre_clean` has already removed what that
Cleaner removes (scripts, styles, comments, ``<link>``, hidden elements), and
`links.fix_links` resolves addresses on the much smaller result, so
`_PreparedDocument` only copies the tree it is given: same choice of article,
less work.
"""

from __future__ import annotations

import copy
import functools
import logging
from typing import Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document

from reader.errors import ExtractError
from reader.extract.parse import NO_ARTICLE


@functools.cache
def _quiet_readability() -> None:
    """Silence readability's own logging (once, on first use, not at import time).

    It logs a full traceback for every page it cannot parse; reader reports
    that itself, as one ExtractError line.
    """
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


class _PreparedDocument(Document):  # type: ignore[misc]  # readability is untyped
    """A readability Document over a tree that reader has already cleaned."""

    def _parse(self, input: Any) -> Any:
        # summary() mutates the tree and may start over: give it a fresh copy each time.
        self.encoding = "utf-8"
        return copy.deepcopy(input)


def readable_part(root: HtmlElement) -> HtmlElement:
    """The element readability-lxml picks as the article of *root*, as a new tree.

    Raises `ExtractError` if the page has no text or readability finds nothing.
    """
    body = root.find("body")
    if body is None or not body.text_content().strip():
        raise ExtractError(NO_ARTICLE)
    _quiet_readability()
    summary = _PreparedDocument(root).summary(html_partial=True)
    if not summary or not summary.strip():
        raise ExtractError(NO_ARTICLE)
    try:
        article = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractError(NO_ARTICLE) from exc
    if not isinstance(article, HtmlElement):
        raise ExtractError(NO_ARTICLE)
    return article
