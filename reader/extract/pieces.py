"""The text of a page in reading order, in pieces, around its headline.

Bylines and datelines are short pieces of text near the headline ("By Sam Roe",
"Published on July 18, 2025"), in elements of any class. `headline_pieces` cuts
the page's text into pieces (one per run of inline text: "By " + "<a>Sam Roe</a>"
is one piece), leaves out scripts, buttons and the site's menus ("By Modality" in
a menu is a filter), and says where the headline is: the first ``<h1>``, or the
first ``<h2>`` on a page without one (forums, old blogs).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from lxml.html import HtmlElement

from reader.extract.vocabulary import name_words

#: Pieces read at most: the byline and date are near the top, a huge page is not read whole.
_MAX_PIECES = 5_000
_NO_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})


def headline_pieces(
    body: HtmlElement, *, join: bool = True
) -> tuple[list[tuple[str, bool]], int | None]:
    """The text pieces of *body* (each with whether it is in the headline) and the
    index of the headline's first piece (None if the page has no headline).

    With *join* false, every text node is a piece of its own ("Posted", "by",
    "Sam Roe"): a date is read best alone, a byline whole."""
    pieces: list[tuple[str, bool]] = []
    for heading in ("h1", "h2"):
        if body.find(f".//{heading}") is None:
            continue
        pieces = list(islice(_pieces(body, heading, join), _MAX_PIECES))
        start = next((i for i, (_, inside) in enumerate(pieces) if inside), None)
        if start is not None:
            return pieces, start
    return pieces, None


def _pieces(body: HtmlElement, heading: str, join: bool) -> Iterator[tuple[str, bool]]:
    """The page's text pieces in reading order, each with whether it is in a *heading*."""
    pending: list[tuple[str | HtmlElement | None, bool]] = [(body, False)]
    run: list[str] = []
    run_h1 = False
    while pending:
        item, in_h1 = pending.pop()
        if item is _BREAK or (isinstance(item, HtmlElement) and item.tag in _BLOCKS):
            if run and "".join(run).strip():
                yield "".join(run), run_h1
            run, run_h1 = [], False
            if item is _BREAK:
                continue
        if item is None or isinstance(item, str):
            if item and not join:
                if item.strip():
                    yield item, in_h1
            elif item:
                run.append(item)
                run_h1 = run_h1 or in_h1
            continue
        if not isinstance(item.tag, str) or item.tag in _NO_TEXT or _is_menu(item):
            pending.append((item.tail, in_h1))
            continue
        inside = in_h1 or item.tag == heading
        pending.append((item.tail, in_h1))
        if item.tag in _BLOCKS:
            pending.append((_BREAK, in_h1))
        for child in reversed(item):
            pending.append((child, inside))
        pending.append((item.text, inside))
    if run and "".join(run).strip():
        yield "".join(run), run_h1


def _is_menu(el: HtmlElement) -> bool:
    """True for a site's menu ("By Modality" there is a filter, not a byline)."""
    if el.tag == "nav":
        return True
    if el.tag in ("main", "article", "body"):
        return False
    # A class that starts with a menu word ("nav-dropdown-3"), not "offset-nav".
    return any(
        (name_words(token) or [""])[0] in _MENU_WORDS for token in (el.get("class") or "").split()
    )


_MENU_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "dropdown", "megamenu"})
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol section article header footer aside nav main "
    "table tr td th dl dt dd figure figcaption blockquote br hr address".split()
)
#: Ends the inline run at a block's end (the element itself ends it at its start).
_BREAK = HtmlElement("br")
