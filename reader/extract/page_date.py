"""Find the date an article was published, from everything its page says.

Sources, in the order they are trusted:

1. declared publication dates: JSON-LD ``datePublished``, ``article:published_time``,
   ``citation_date``, any ``<meta>`` whose name says "publish", ``itemprop=datePublished``;
2. the first ``<time datetime>`` element;
3. the date printed next to the headline ("Published on July 18, 2025", a lone
   "Nov 21, 2018" under the ``<h1>``), whatever the element's class, or in an
   element whose class marks a date;
4. the page's own data (``"publishedAt": "..."`` in a script);
5. modified dates last: they are the publication date less often than not.

A date in the address (``/2025/12/18/``) is what the author filed the post under,
so it wins over a declared date of another day (time zones move those by one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from reader.extract.dates import normalize_date, parse_printed_date, split_printed_date
from reader.extract.pieces import headline_pieces
from reader.extract.vocabulary import name_words
from reader.text.sanitize import clean_line

#: ``<meta>`` names of the publication date, most trusted first.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "parsely-pub-date",
    "sailthru.date",
)
#: ``<meta>`` names of the date a page was last changed.
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dcterms.modified")


def page_date(
    root: HtmlElement, ld: Mapping[str, object], meta: Mapping[str, str], url: str | None
) -> str | None:
    """The publication date of the page *root* as ISO 8601, or None.

    *ld* is its article's JSON-LD object, *meta* its ``<meta>`` values by
    lower-cased name, *url* the address it was fetched from.
    """
    found = _first_date(_candidates(root, ld, meta))
    filed = url_date(url)
    if filed and (found is None or found[:10] != filed):
        return filed
    return found


def _candidates(
    root: HtmlElement, ld: Mapping[str, object], meta: Mapping[str, str]
) -> Iterator[str | None]:
    """Every date value the page offers, most trusted first (unparsed)."""
    yield _ld_str(ld.get("datePublished"))
    for key in _PUBLISHED_META:
        yield meta.get(key)
    for key, value in meta.items():
        if "publish" in key and "modif" not in key and "update" not in key:
            yield value
    yield _ld_str(ld.get("dateCreated"))
    body = root.find("body")
    if body is not None:
        for el in body.iter("time"):
            yield el.get("datetime")
            break
        for el in body.xpath(".//*[@itemprop='datePublished' or @itemprop='dateCreated']")[:5]:
            yield el.get("content") or el.get("datetime") or clean_line(el.text_content())
        yield headline_date(body)
        yield _marked_date(body)
    yield script_date(root)
    for key in _MODIFIED_META:
        yield meta.get(key)
    yield _ld_str(ld.get("dateModified"))


def _first_date(values: Iterator[str | None]) -> str | None:
    for value in values:
        if not value:
            continue
        normalized = normalize_date(value) or parse_printed_date(clean_line(value))
        if normalized:
            return normalized
    return None


def _ld_str(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, str) else None


# /2025/12/18/, /2025-12-18-title, /20251218/ is too ambiguous to read.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def url_date(url: str | None) -> str | None:
    """The date in the path of *url* ("/2025/12/18/post"), as ISO 8601, or None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _URL_DATE.search(path)
    if not match:
        return None
    return normalize_date("-".join(match.groups()))


#: Words that may stand beside a printed date: "Published on", "Last updated:", "By".
_MAX_OTHER_WORDS = 4
#: Text segments looked at after (and before) the headline.
_AFTER_HEADLINE = 150
_BEFORE_HEADLINE = 40
_WORD = re.compile(r"\w+")


def headline_date(body: HtmlElement) -> str | None:
    """The date printed on its own near the page's first ``<h1>``.

    A short piece of text that is a date and little else ("July 18, 2025",
    "Published on July 18, 2025", "- Mar 27, 2024"), first after the headline, then
    before it. Needs no date-like class: many pages print the date in a bare <p>.
    """
    segments, start = headline_pieces(body, join=False)
    if start is None:
        return None
    after = segments[start : start + _AFTER_HEADLINE]
    before = reversed(segments[max(0, start - _BEFORE_HEADLINE) : start])
    for text, _ in (*after, *before):
        found = _lone_date(text)
        if found:
            return found
    return None


def _lone_date(text: str) -> str | None:
    text = clean_line(text)
    if not text or len(text) > 60:
        return None
    found = split_printed_date(text)
    if not found:
        return None
    iso, rest = found
    words = [w for w in _WORD.findall(rest) if w.casefold() not in _SMALL_WORDS]
    return iso if len(words) <= _MAX_OTHER_WORDS else None


#: Not counted among the words beside a date: "Posted on the 15/12/2025 at 19:00 by".
_SMALL_WORDS = frozenset({"on", "the", "at", "by", "of", "le", "am", "de", "à", "um", "el"})


# Class/id words of elements that show the publication date.
_DATE_WORDS = frozenset({"date", "datetime", "time", "timestamp", "published", "posted", "pubdate"})
_MAX_DATE_CANDIDATES = 30


def _marked_date(body: HtmlElement) -> str | None:
    """The first date printed in an element marked as a date, or in a <time>."""
    for el in body.xpath(
        ".//time | .//*[contains(@class, 'date') or contains(@class, 'time')"
        " or contains(@class, 'publish') or contains(@class, 'posted')]"
    )[:_MAX_DATE_CANDIDATES]:
        if el.tag != "time" and not _DATE_WORDS.intersection(name_words(el.get("class") or "")):
            continue
        text = clean_line(el.text_content())
        if text and len(text) <= 80:
            found = parse_printed_date(text)
            if found:
                return found
    return None


# "publishedAt": "2025-10-20T13:08:55-07:00" in a page's data (escaped or not).
_SCRIPT_DATE = re.compile(
    r'\\?"(?:datePublished|publishedDate|publishDate|published_at|publishedAt|published_on'
    r'|date_published|publicationDate|publishedOn|pubDate|postDate)\\?"\s*:\s*\\?"([^"\\]{8,40})'
)
_MAX_SCRIPT = 2_000_000


def script_date(root: HtmlElement) -> str | None:
    """The first publication date named in the page's scripts' data."""
    seen = 0
    for script in root.iter("script"):
        text = script.text or ""
        seen += len(text)
        if seen > _MAX_SCRIPT:
            break
        for match in _SCRIPT_DATE.finditer(text):
            value = normalize_date(match.group(1)) or parse_printed_date(match.group(1))
            if value:
                return value
    return None
