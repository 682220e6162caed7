"""Choose an article's title between what the page declares and what it shows.

The declared titles (JSON-LD ``headline``, ``og:title``, ``<title>``...) are often
written for search engines ("Best Tax Preparation Software | Site") while the
page's one ``<h1>`` is the headline a reader sees ("The Best Tax Prep Software of
2025"). The visible headline wins when it is clearly the article's: the page has
exactly one ``<h1>``, it is a phrase (not "Blog" or the site's name) and it shares
at least half its words with the declared title. Otherwise the declared title
stays, minus its " | Site" suffix.

What a site writes on every page names no page: a title that is only the site's
name ("Glossier"), a "Site - tagline" title ("Reddit - The heart of the internet")
and an og:title slogan no heading backs ("Build software better, together") give
way to the headline or to the declared title the headline backs. A page with
several <h1>s (logo, "Menu", a newsletter box) has as headline the one a declared
title names. A site's front page keeps the site's name: there, it is the title.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from lxml.html import HtmlElement

from reader.extract.vocabulary import fold
from reader.text.repair import repair
from reader.text.sanitize import clean_line

# " | Site", " - Site", " — Site", " :: Site", " · Site", " » Site" (and "Site | " first).
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|•|/)\s+")
_WORD = re.compile(r"\w+")
_AND = re.compile(r"\s*&\s*")
#: A title that starts with " | ": the page's part of "Page | Site" was left empty.
_EMPTY_PAGE_PART = re.compile(r"\s*\|\s+\S")

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
    names = site_names(site_name, url)
    # A heading that is the site's name is its logo, not the page's headline.
    distinct = [h for h in _distinct(headings) if not _is_site_only(h, names)]
    if not declared:
        return distinct[0] if distinct else (headings[0] if headings else None)
    if _is_home(url):
        # A site's front page is the site: "Loom | Free screen recorder" keeps "Loom".
        named = [d for d in declared if _names_site(d, names)]
        if named:
            return named[0]
    # A declared title that is only the site's name ("Glossier") names no page.
    own = [d for d in declared if not _is_site_only(d, names)]
    if not own:
        return distinct[0] if distinct else declared[0]
    declared = own
    h1 = distinct[0] if len(distinct) == 1 else _backed_heading(distinct, declared)
    title = declared[0]
    if h1 and not _agree(title, h1):
        # A declared title that no other source backs loses to one the headline backs
        # (Wikipedia's JSON-LD "headline" is a description of the page's kind, GitHub's
        # og:title its slogan).
        backed = [d for d in declared if _agree(d, h1)]
        title = backed[0] if backed else title
    stripped = strip_site_suffix(title, site_name, url, h1)
    if h1 and _is_slogan(title, stripped, h1):
        return h1  # "Reddit - The heart of the internet" over a thread's own title
    if h1 and _is_headline(h1, stripped, site_name):
        return h1
    return stripped


def site_names(site_name: str | None, url: str | None) -> set[str]:
    """The folded names a site goes by: its declared name, its host and host label."""
    names = {fold(site_name)} if site_name else set()
    parts = _split(url)
    host = parts.hostname if parts else None
    if host:
        names.add(host.removeprefix("www.").split(".")[0])
        names.add(host.removeprefix("www."))
    return {n for n in names if n}


def _is_site(part: str, names: set[str]) -> bool:
    folded = _AND.sub(" and ", fold(part))
    squashed = folded.replace(" ", "")
    return any(
        folded == n
        or squashed == n.replace(" ", "")
        or squashed == _AND.sub("and", n).replace(" ", "")
        for n in names
    )


def _is_site_only(title: str, names: set[str]) -> bool:
    """True if *title* is nothing but the site's name (or separators around it), or
    the site's suffix with nothing before it ("| Nuts & Volts Magazine")."""
    if _EMPTY_PAGE_PART.match(title):
        return True
    parts = [p for p in _TITLE_SEPARATOR.split(title.strip(" |-–—:·»•/")) if p.strip()]
    return not parts or all(_is_site(p, names) for p in parts)


def _names_site(title: str, names: set[str]) -> bool:
    """True if one of the " | "-separated parts of *title* is the site's name."""
    return any(_is_site(p, names) for p in _TITLE_SEPARATOR.split(title))


def _is_home(url: str | None) -> bool:
    """True if *url* is a site's front page (no path, no query)."""
    parts = _split(url)
    return (
        parts is not None and bool(parts.hostname) and parts.path in ("", "/") and not parts.query
    )


def _split(url: str | None) -> SplitResult | None:
    """*url*'s parts, or None if there is none or it cannot be read ("http://[::1")."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises on a malformed host
    except ValueError:
        return None
    return parts


def _backed_heading(headings: Sequence[str], declared: Sequence[str]) -> str | None:
    """Of several <h1>s, the one a declared title holds or shares most words with
    (the others are the site's name, "Menu", a newsletter box...)."""
    held = [
        h for h in headings if any(_agree(strip_site_suffix(d, None, None), h) for d in declared)
    ]
    if held:
        return max(held, key=lambda h: len(_words(h)))
    best, best_shared, tie = None, 0.0, False
    title_words = _words(declared[0])
    for h in headings:
        words = _words(h)
        if len(words) < _MIN_HEADLINE_WORDS:
            continue
        shared = len(words & title_words) / len(words)
        if shared > best_shared:
            best, best_shared, tie = h, shared, False
        elif shared == best_shared:
            tie = True
    return best if best is not None and not tie and best_shared >= _MIN_SHARED else None


def _is_slogan(title: str, rest: str, h1: str) -> bool:
    """True if *title* is "Site - tagline": the site's name first, then *rest*, which
    shares no word of substance with the page's headline *h1* (the same title on
    every page)."""
    words = _words(h1)
    return (
        rest != title
        and fold(title).endswith(fold(rest))
        and len(words) >= _MIN_HEADLINE_WORDS
        and not _long_words(h1) & _long_words(rest)
    )


def _long_words(text: str) -> set[str]:
    """The words of *text* longer than "the", "of", "and": the ones that say something."""
    return {w for w in _words(text) if len(w) > 3}


def _distinct(headings: Sequence[str]) -> list[str]:
    """The headings' different texts (a page often repeats its <h1> for phones)."""
    seen: dict[str, str] = {}
    for text in headings:
        key = fold(text)
        if key and key not in seen:
            seen[key] = text
    return list(seen.values())


def _is_headline(h1: str, title: str, site_name: str | None) -> bool:
    """True if the page's only <h1> is the article's headline rather than a label."""
    folded, folded_title = fold(h1), fold(title)
    if folded in folded_title:
        return False  # the title says it all, and more
    if h1.isupper() and not title.isupper():
        return False  # a shouted headline: the declared title has the words in their case
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
    names = site_names(site_name, url)
    while len(parts) > 1 and _is_site(parts[-1], names):
        parts, seps = parts[:-1], seps[:-1]
    while len(parts) > 1 and _is_site(parts[0], names):
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
