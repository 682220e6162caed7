"""Read an article's metadata from the whole page, before any cleaning.

Sources, most trusted first: JSON-LD (schema.org ``NewsArticle`` and kin),
OpenGraph / ``article:*`` properties, other ``<meta>`` tags, then the visible
page (``<title>``, ``<h1>``, a byline element, ``<time>``, ``<html lang>``).
The title is chosen in `headline`, the author in `byline` (only values that read
as a name), the publication date in `page_date`.
Every value is folded onto one clean line (`reader.text.sanitize.clean_line`) and
cut to the length a person would ever need (the ``MAX_*`` limits there): a page with
a 100,000-character ``<title>`` is saved with a title of a few hundred.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from reader.extract.byline import (
    clean_name,
    forum_author,
    join_names,
    link_author,
    marked_author,
    meta_author,
    printed_author,
    starts_byline,
    text_without_dates,
)
from reader.extract.headline import choose_title, heading_text
from reader.extract.page_date import page_date
from reader.extract.vocabulary import fold
from reader.text.repair import repair
from reader.text.sanitize import (
    MAX_ADDRESS,
    MAX_BYLINE,
    MAX_EXCERPT,
    MAX_SHORT,
    MAX_SITE,
    MAX_TITLE,
    clean_line,
    cut,
)

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "socialmediaposting",
        "discussionforumposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
        "medicalwebpage",
        "recipe",
        "review",
    }
)


@dataclass(frozen=True)
class Metadata:
    """What the page says about its article, each field None when unknown."""

    title: str | None = None
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None
    lang: str | None = None
    excerpt: str | None = None
    lead_image: str | None = None
    canonical_url: str | None = None
    raw_title: str | None = None
    """The page's ``<title>`` as written, suffix and all (used to spot repeats)."""


def read_metadata(root: HtmlElement, url: str | None = None) -> Metadata:
    """Collect the metadata of the page *root* (fetched from *url*)."""
    meta = _meta_tags(root)
    ld = _json_ld_article(root)
    site_name = _first(
        meta.get("og:site_name"),
        _name_of(ld.get("publisher")),
        meta.get("application-name"),
        meta.get("al:android:app_name"),
    )
    raw_title = _first(_text_of(root.find(".//title")))
    headings = [text for text in (heading_text(h) for h in _h1s(root)) if text]
    declared = [
        value
        for value in (
            _str(ld.get("headline")) if ld else None,
            meta.get("og:title"),
            meta.get("twitter:title"),
            meta.get("citation_title"),
            meta.get("dc.title"),
            raw_title,
        )
        if value
    ]
    title = choose_title(declared, headings, site_name, url)
    base = url
    return Metadata(
        title=_bounded(title, MAX_TITLE, ellipsis=True),
        byline=_bounded(_byline(root, ld, meta), MAX_BYLINE),
        site_name=_bounded(site_name, MAX_SITE),
        published=_bounded(page_date(root, ld, meta, url), MAX_SHORT),
        lang=_bounded(_lang(root, ld, meta), MAX_SHORT),
        excerpt=_bounded(
            _first(
                meta.get("og:description"),
                meta.get("description"),
                meta.get("twitter:description"),
                _str(ld.get("description")),
            ),
            MAX_EXCERPT,
            ellipsis=True,
        ),
        lead_image=_absolute(
            _first(
                meta.get("og:image"),
                meta.get("og:image:url"),
                meta.get("og:image:secure_url"),
                _image_of(ld.get("image")),
                meta.get("twitter:image"),
                meta.get("twitter:image:src"),
            ),
            base,
        ),
        canonical_url=_absolute(_canonical(root) or meta.get("og:url"), base),
        raw_title=raw_title,
    )


def _h1s(root: HtmlElement) -> list[HtmlElement]:
    """The page's <h1> elements (the first few: a page with dozens has no one headline)."""
    found: list[HtmlElement] = []
    for h1 in root.iter("h1"):
        found.append(h1)
        if len(found) > _MAX_HEADINGS:
            break
    return found


_MAX_HEADINGS = 5


def _bounded(value: str | None, limit: int, *, ellipsis: bool = False) -> str | None:
    """*value* cut cleanly to *limit* characters (see `reader.text.sanitize.cut`)."""
    return cut(value, limit, ellipsis=ellipsis) if value else value


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    """``<meta>`` values by lower-cased name/property, the first of each kept."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if not key or value is None:
            continue
        cleaned = clean_line(repair(value))
        if cleaned:
            found.setdefault(key.strip().lower(), cleaned)
    return found


def json_ld_objects(root: HtmlElement) -> Iterator[dict[str, object]]:
    """Every JSON-LD object of the page, ``@graph`` members and main entities included."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack: list[object] = [data]
        seen = 0
        while stack and seen < 500:
            item = stack.pop(0)
            seen += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                main = item.get("mainEntity")
                if isinstance(main, dict):
                    stack.append(main)


def _json_ld_article(root: HtmlElement) -> dict[str, object]:
    """The first JSON-LD object that describes an article (or an empty dict)."""
    best: dict[str, object] = {}
    for obj in json_ld_objects(root):
        kinds = obj.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        lowered = {str(k).lower() for k in names if isinstance(k, str)}
        if lowered & _ARTICLE_TYPES:
            if "webpage" in lowered and not obj.get("headline"):
                best = best or obj
                continue
            return obj
    return best


def _byline(root: HtmlElement, ld: dict[str, object], meta: dict[str, str]) -> str | None:
    """The article's author: the JSON-LD author as the page prints it, else the first
    name found in the ``<meta>`` tags, the marked byline, the printed "By ..." and
    the author links (see `reader.extract.byline`)."""
    body = root.find("body")
    author = ld.get("author") if ld else None
    names = ld_authors(author)
    if names and not _organisations(author, names, ld):
        shown = _shown_byline(body, names) if body is not None else None
        return shown or join_names(names)
    found = None if names else meta_author(root, meta)
    if not found and body is not None:
        found = (
            marked_author(body) or printed_author(body) or link_author(body) or forum_author(body)
        )
    # An organisation named as the author stands in for a person the page may name.
    return found or join_names(names)


def ld_authors(value: object) -> list[str]:
    """The names of a JSON-LD ``author`` (text, Person, list of them), cleaned."""
    values = value[:20] if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        raw = _name_of(item) if isinstance(item, dict) else item if isinstance(item, str) else None
        name = clean_name(raw, declared=True)
        if name and name not in names:
            names.append(name)
    return names


def _organisations(author: object, names: list[str], ld: dict[str, object]) -> bool:
    """True if the JSON-LD *author* is only organisations (or the publisher itself)."""
    items = author if isinstance(author, list) else [author]
    kinds = [str(i.get("@type", "")).lower() for i in items if isinstance(i, dict)]
    if kinds and all(k == "organization" for k in kinds):
        return True
    publisher = _name_of(ld.get("publisher"))
    return len(names) == 1 and publisher is not None and fold(publisher) == fold(names[0])


def _shown_byline(body: HtmlElement, names: list[str]) -> str | None:
    """The byline as the page prints it when it names all of *names*: "Par Gavin
    Blackburn avec AP", "Moses Kim and Kate Shokurova"."""
    wanted = [fold(n) for n in names]
    printed = printed_author(body) if len(names) > 1 else None
    if printed and all(n in fold(printed) for n in wanted):
        return printed
    for el in body.iter():
        if not isinstance(el.tag, str) or not el.text or not starts_byline(el.text):
            continue
        text = text_without_dates(el)
        if len(text) <= _MAX_SHOWN and all(n in fold(text) for n in wanted):
            # It names the declared authors: "avec AP" is part of it, not a sentence.
            return clean_name(text, declared=True)
    return None


_MAX_SHOWN = 100


def _lang(root: HtmlElement, ld: dict[str, object], meta: dict[str, str]) -> str | None:
    value = _first(
        root.get("lang"),
        root.get("xml:lang"),
        _str(ld.get("inLanguage")) if ld else None,
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
    )
    if not value:
        return None
    tag = value.replace("_", "-").split(",")[0].strip()
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag) else None


def _canonical(root: HtmlElement) -> str | None:
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            return clean_line(link.get("href") or "")
    return None


def _absolute(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    try:
        absolute = urljoin(base, value) if base else value
    except ValueError:
        return None
    if len(absolute) > MAX_ADDRESS:  # cutting an address would make another one
        return None
    return absolute if urlsplit(absolute).scheme in {"http", "https"} else None


def _text_of(el: HtmlElement | None) -> str | None:
    return clean_line(repair(el.text_content())) if el is not None else None


def _str(value: object) -> str | None:
    if isinstance(value, str):
        return clean_line(repair(value)) or None
    if isinstance(value, list) and value and isinstance(value[0], str):
        return clean_line(repair(value[0])) or None
    return None


def _name_of(value: object) -> str | None:
    """A person's or organisation's name from a JSON-LD value (str, dict or list)."""
    if isinstance(value, str):
        return clean_line(repair(value)) or None
    if isinstance(value, dict):
        return _str(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value[:10]) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _image_of(value: object) -> str | None:
    if isinstance(value, str):
        return clean_line(value) or None
    if isinstance(value, dict):
        return _str(value.get("url")) or _str(value.get("contentUrl"))
    if isinstance(value, list) and value:
        return _image_of(value[0])
    return None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            cleaned = clean_line(value)
            if cleaned:
                return cleaned
    return None
