"""Choose an article's title between what the page declares and what it shows.

The declared titles (JSON-LD ``headline``, ``og:title``, ``<title>``...) are often
written for search engines ("Best Tax Preparation Software | Site") while the
page's one ``<h1>`` is the headline a reader sees ("The Best Tax Prep Software of
2025"). The visible headline wins when it is clearly the article's: the page has
exactly one ``<h1>``, it is a phrase (not "Blog" or the site's name) and it shares
at least half its words with the declared title. Otherwise the declared title
stays, minus its " | Site" suffix.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from reader.extract.vocabulary import fold
from reader.text.repair import repair
from reader.text.sanitize import clean_line

# " | Site", " - Site", " — Site", " :: Site", " · Site", " » Site" (and "Site | " first).
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|•|/)\s+")
_WORD = re.compile(r"\w+")

#: Fewer words than this and an <h1> is a label ("Blog", "Latest News"), not a headline.
_MIN_HEADLINE_WORDS = 4
#: Share of the <h1>'s words the declared title must also have.
_MIN_SHARED = 0.5

#: Inside a heading, these hold no words of the headline.
_NOT_TEXT = ("style", "script", "noscript", "button", "svg", "template", "select")


def heading_text(el: HtmlElement) -> str:
    """The words a heading shows: a line break or block inside it separates words,
    and styles, scripts and buttons inside it add none."""
    el = copy.deepcopy(el)
    el.tail = None
    for child in list(el.iter(*_NOT_TEXT)):
        if child is not el:
            child.drop_tree()
    for br in el.iter("br", "div", "p", "li"):
        br.tail = " " + (br.tail or "")
        if br.tag != "br":
            br.text = " " + (br.text or "")
    return clean_line(repair(el.text_content()))


def choose_title(
    declared: Sequence[str], headings: Sequence[str], site_name: str | None, url: str | None
) -> str | None:
    """The title of the page from its *declared* titles (most trusted first) and the
    texts of its <h1> *headings*."""
    h1 = headings[0] if len(headings) == 1 else None
    if not declared:
        return headings[0] if headings else None
    title = declared[0]
    if h1 and not _agree(title, h1):
        # A declared title that no other source backs loses to one the headline backs
        # (Wikipedia's JSON-LD "headline" is a description of the page's kind).
        backed = [d for d in declared if _agree(d, h1)]
        title = backed[0] if backed else title
    title = strip_site_suffix(title, site_name, url, h1)
    if h1 and _is_headline(h1, title, site_name):
        return h1
    return title


def _is_headline(h1: str, title: str, site_name: str | None) -> bool:
    """True if the page's only <h1> is the article's headline rather than a label."""
    folded, folded_title = fold(h1), fold(title)
    if folded in folded_title:
        return False  # the title says it all, and more
    if site_name:
        site = fold(site_name)
        if site and (folded in site or site in folded):
            return False
    words = _words(h1)
    if len(words) < _MIN_HEADLINE_WORDS:
        return False
    shared = words & _words(title)
    return len(shared) >= len(words) * _MIN_SHARED


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _agree(a: str, b: str) -> bool:
    """True if one text holds the other, word for word."""
    wa, wb = " ".join(_WORD.findall(a.casefold())), " ".join(_WORD.findall(b.casefold()))
    return bool(wa) and bool(wb) and (wa in wb or wb in wa)


def strip_site_suffix(
    title: str, site_name: str | None, url: str | None, h1: str | None = None
) -> str:
    """Remove a " | Site" style suffix (or "Site | " prefix) from *title*."""
    parts = _TITLE_SEPARATOR.split(title)
    seps = _TITLE_SEPARATOR.findall(title)
    if len(parts) < 2:
        return title
    names = {fold(site_name)} if site_name else set()
    host = urlsplit(url).hostname if url else None
    if host:
        names.add(host.removeprefix("www.").split(".")[0])
        names.add(host.removeprefix("www."))

    def is_site(part: str) -> bool:
        folded = fold(part)
        squashed = folded.replace(" ", "")
        return any(n and (folded == n or squashed == n.replace(" ", "")) for n in names)

    while len(parts) > 1 and is_site(parts[-1]):
        parts, seps = parts[:-1], seps[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        parts, seps = parts[1:], seps[1:]
    title = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=True))
    if h1 and len(h1) > 10 and fold(title) != fold(h1) and fold(title).startswith(fold(h1)):
        return h1
    # An unnamed short tail after " | " is a site or section name, not headline.
    if (
        len(parts) > 1
        and seps[-1].strip() == "|"
        and len(parts[-1].split()) <= 3
        and len(" ".join(parts[:-1]).split()) >= 3
    ):
        return title[: title.rfind(seps[-1])].strip()
    return title.strip()
