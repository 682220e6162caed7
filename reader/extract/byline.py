"""Find who wrote an article, and only accept what reads as a name.

Pages give the author in many places: JSON-LD ``author``, ``<meta name=author>``
and its kin (``article:author``, ``citation_author``, Slack's ``twitter:label1``
"Written by"), schema.org microdata (``itemprop=author``), ``rel=author`` and
``/author/`` links, elements whose class says "byline", and plain text such as
"By Sam Roe" or a "Written by" label above the name. Each of them is also, on
some page, a button ("Full Bio"), a label ("Updated", "Name *"), a date, a
comment's "Sam says" or a forum's "Member Joined"; `looks_like_name` keeps only
values that read as a person's or organisation's name, in any script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml.html import HtmlElement

from reader.extract.dates import split_printed_date
from reader.extract.pieces import headline_pieces
from reader.extract.vocabulary import BYLINE_PREFIX, fold, name_words
from reader.text.repair import repair
from reader.text.sanitize import clean_line

#: Longer than this, a text is a sentence or a bio, not a byline.
_MAX_NAME = 100
_MAX_WORDS = 12
#: A declared author (JSON-LD, <meta>) may carry a title: "Benjamin Johnson, Sr. Director
#: of Operations, Atlas Van Lines - 10+ Years in the Moving Industry".
_MAX_DECLARED = 160
_MAX_DECLARED_WORDS = 24

# "Written by", "Posted by", "Authored by:", and "byClemson News" glued together.
_PREFIX = re.compile(
    r"^\W*(?:(?:written|posted|authored|published|words|story|text|reported|created|article"
    r"|started)\s+)?by\b\s*:?\s*|^by(?=[A-Z])"
    r"|^\W*(?:thread\s+starter|topic\s+author|original\s+poster)\b\s*:?\s*",  # forums
    re.IGNORECASE,
)
# What follows a name in a byline: a date, a separator, a handle, a reviewer.
_TAIL = re.compile(
    r"\s+[·|•—–]\s+.*$"  # "Petra Lang · 14.05.2024"
    r"|\s*,?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*$"  # "Name, 14.05.2024"
    r"|\s*@\w+.*$"  # "Jon Porter@JonPorty Jul 3, 2019"
    r"|\s*,?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*$"
    r"|\s*,?\s+(?:updated|published|posted|aktualisiert|veröffentlicht|publié|le)\s+.*\d.*$"
    r"|\s*(?:(?<=[a-z])|\s)(?:medically\s+|fact[- ]checked|edited|reviewed)(?:\s+by\b.*)?$",
    re.IGNORECASE,
)
# A reviewer, editor or photographer is not the author.
_NOT_AUTHOR = re.compile(
    r"^\W*(?:(?:medically\s+)?reviewed|fact[- ]checked|edited|photo(?:graph)?s?|illustrat\w*"
    r"|image|video|produced)\b",
    re.IGNORECASE,
)
#: Words of labels, buttons and forum cards that are never a whole name.
_UI_WORDS = frozenset(
    """by written author authors the a an updated update published posted on at name full bio
    about more read reviewed profile view follow share email contact comments comment reply
    posts post joined member members reputation registered moderator admin administrator
    solutions new well-known guest anonymous unknown says wrote said min minutes ago edit
    all see article articles home menu search sign log in up and our team's your staff
    writers editors contributors location advanced""".split()
)
#: Words that stay lower-case inside a name ("Ludwig van Beethoven", "Center for ...").
_PARTICLES = frozenset(
    """and & of the for de da das do dos del della di du van von der den ter la le les y e
    et und bin ibn al el zu in at on to mit editors team staff contributors writers desk
    reporters""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_NEVER_IN_NAMES = ("©", "://", "|", "{", "<", ":", "…")
_TEMPLATE = re.compile(r"\w\.\w+\.\w")  # "page.head.extra.author"
_SAYS = re.compile(r"\s+(?:says|said|wrote|says:)\s*:?$", re.IGNORECASE)


def looks_like_name(text: str, *, declared: bool = False) -> bool:
    """True if *text* reads as a person's or organisation's name (or a user name).

    A name has letters, at most a dozen words and no date; it is not a label
    made only of interface words ("Full Bio", "Written By", "Updated"); it is not a
    comment's "Sam says", a copyright line or a template's "page.head.author".
    Text read off the page must also not read as a sentence (a lower-case word
    that is no particle) nor be initials under an avatar ("NB"); a *declared*
    name (JSON-LD, <meta>) may be lower-case and longer.
    """
    limit, most_words = (
        (_MAX_DECLARED, _MAX_DECLARED_WORDS) if declared else (_MAX_NAME, _MAX_WORDS)
    )
    if not text or len(text) > limit or not _WORD.search(text):
        return False
    if any(mark in text for mark in _NEVER_IN_NAMES) or _SAYS.search(text):
        return False
    if _TEMPLATE.search(text):
        return False
    words = _WORD.findall(text)
    if len(text.split()) > most_words:
        return False
    if all(word.casefold().strip(".-") in _UI_WORDS for word in words):
        return False
    if split_printed_date(text) is not None:
        return False
    if _NOT_AUTHOR.match(text):
        return False
    if declared:
        return True
    if len(words) == 1 and len(text) <= 3 and text.isupper():
        return False  # the initials of an avatar
    if len(words) > 1:
        for word in words:
            if word.casefold() in _PARTICLES or not word[0].isalpha():
                continue
            if word[0].islower() and word[0].upper() != word[0]:
                return False  # "How we reviewed this article", "Personal finance"
    return True


def clean_name(text: str | None, *, declared: bool = False) -> str | None:
    """*text* without its byline words and what follows the name ("By Sam Roe ·
    3 March 2024" -> "Sam Roe"), or None if what is left is not a name
    (`looks_like_name`, *declared* or read off the page)."""
    if not text:
        return None
    text = clean_line(repair(text))
    text = BYLINE_PREFIX.sub("", _PREFIX.sub("", text))
    text = _EDGES.sub("", _TAIL.sub("", text))
    return text if looks_like_name(text, declared=declared) else None


# Symbols around a name: "✉ Aditya Mahindru", "Meaghan Weeden ●", "Angela Bell, MD*".
_EDGES = re.compile(r"^[\W_]+|[^\w.)®]+$")


def join_names(names: list[str]) -> str | None:
    """Several authors as one byline, "A, B, C" (no "and": the page's language is unknown)."""
    return ", ".join(dict.fromkeys(n for n in names if n)) or None


#: ``<meta>`` names that hold the author's name, most trusted first.
_AUTHOR_META = (
    "author",
    "article:author",
    "article:author_name",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
    "cxenseparse:author",
)


def meta_author(root: HtmlElement, meta: Mapping[str, str]) -> str | None:
    """The author named in the page's ``<meta>`` tags."""
    citation = [
        el.get("content") or ""
        for el in root.iter("meta")
        if (el.get("name") or "").lower() in ("citation_author", "dc.creator")
    ]
    if len(citation) > 1:
        names = [_reorder(n) for n in (clean_name(c, declared=True) for c in citation[:20]) if n]
        if names:
            return join_names(names)
    for key in _AUTHOR_META:
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://", "/")):
            name = clean_name(value, declared=True)
            if name:
                return _reorder(name) if key == "citation_author" else name
    for number in "1234":
        label = fold(meta.get(f"twitter:label{number}", ""))
        if label in ("written by", "author", "by", "authors"):
            name = clean_name(meta.get(f"twitter:data{number}"), declared=True)
            if name:
                return name
    if citation:
        return _reorder(clean_name(citation[0], declared=True) or "") or None
    return None


def _reorder(name: str) -> str:
    """ "Das, Amitava" (a citation's order) -> "Amitava Das"."""
    family, comma, given = name.partition(", ")
    if comma and given and " " not in family and "," not in given:
        return f"{given} {family}"
    return name


def marked_author(body: HtmlElement) -> str | None:
    """The name in an element marked as the author's: microdata ``itemprop=author``,
    a ``rel=author`` link, or an element whose class or id says "byline"/"author"."""
    for el in body.xpath(".//*[@itemprop='author' or @rel='author']")[:10]:
        named = el.xpath(".//*[@itemprop='name']")
        value = named[0].get("content") or named[0].text_content() if named else None
        name = clean_name(value or el.get("content") or text_without_dates(el))
        if name:
            return name
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if not _BYLINE_HINT.search(names) or not _BYLINE_WORDS.intersection(name_words(names)):
            continue
        text = text_without_dates(el)
        if text and len(text) <= _MAX_NAME:
            name = clean_name(text)
            if name:
                return name
    return None


_BYLINE_HINT = re.compile(r"byl|aut|firma|verfasser|writer", re.IGNORECASE)
_BYLINE_WORDS = frozenset(
    {"byline", "author", "autor", "auteur", "autore", "firma", "verfasser", "writer", "authors"}
)
#: Words that label the name that follows them ("Written by" / "Jack Shepherd").
_LABELS = frozenset(
    {"by", "written by", "author", "authors", "words by", "posted by", "autor", "article by"}
    | {"thread starter", "topic author", "started by", "original poster"}
)
_AFTER_HEADLINE = 150
_BEFORE_HEADLINE = 40


def printed_author(body: HtmlElement) -> str | None:
    """The author as printed near the ``<h1>``: "By Sam Roe", or a "Written by" label
    followed by the name, whatever the elements' classes."""
    segments, start = headline_pieces(body)
    if start is None:
        return None
    after = range(start, min(len(segments), start + _AFTER_HEADLINE))
    before = range(start - 1, max(-1, start - _BEFORE_HEADLINE), -1)
    for i in (*after, *before):
        text = clean_line(segments[i][0])
        if fold(text) in _LABELS:
            name = _labelled(segments, i)
        elif len(text) <= _MAX_NAME and starts_byline(text):
            name = clean_name(text)
            if name and " " not in name and not name[0].isupper():
                name = None  # "Shop by functionality"
        else:
            continue
        if name:
            return name
    # A "Written by" label is clear enough anywhere (an author box after the text).
    for i, (text, _) in enumerate(segments):
        if fold(text) in _LABELS and fold(text) != "by":
            name = _labelled(segments, i)
            if name:
                return name
    return None


def _labelled(segments: list[tuple[str, bool]], i: int) -> str | None:
    """The name in the piece of text after the label at *i*."""
    return clean_name(segments[i + 1][0]) if i + 1 < len(segments) else None


def link_author(body: HtmlElement) -> str | None:
    """The text of the first link to an author page (``/author/sam-roe``)."""
    for a in body.xpath(
        ".//a[contains(@href, '/author/') or contains(@href, '/authors/')"
        " or contains(@href, '/writers/') or contains(@href, '/staff/')]"
    )[:10]:
        name = clean_name(a.text_content())
        if name:
            return name
    return None


def starts_byline(text: str) -> bool:
    """True if *text* starts with a byline word ("By", "Written by", "Par", "Von")."""
    return bool(_PREFIX.match(text) or BYLINE_PREFIX.match(text))


def forum_author(body: HtmlElement) -> str | None:
    """The first user name a forum shows (``class="username"``: the thread's starter)."""
    for el in body.xpath(".//*[contains(@class, 'username') or contains(@class, 'postauthor')]")[
        :10
    ]:
        if _USER_WORDS.isdisjoint(name_words(el.get("class") or "")):
            continue
        name = clean_name(el.text_content(), declared=True)
        if name:
            return name
    return None


_USER_WORDS = frozenset({"username", "bigusername", "postauthor"})


def text_without_dates(el: HtmlElement) -> str:
    """The text of *el* without its <time> elements' text."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != "time" and isinstance(child.tag, str):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return clean_line("".join(parts))
