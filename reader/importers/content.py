"""Turn content an export already carries into an Article, so it needs no fetch."""

from __future__ import annotations

import functools
import re
from typing import Any

from reader.importers.records import ImportRecord
from reader.models import Article
from reader.text.sanitize import (
    MAX_ADDRESS,
    MAX_BYLINE,
    MAX_EXCERPT,
    MAX_SHORT,
    MAX_SITE,
    clean_field,
    clean_text,
)

_MD_SYNTAX = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`>#|]+")
_BLANKS = re.compile(r"\n{3,}")


# How long each text field an export carries may be (cut cleanly, or dropped for an
# address, which cut would turn into another address).
_LIMITS = {
    "byline": MAX_BYLINE,
    "site": MAX_SITE,
    "published": MAX_SHORT,
    "lang": MAX_SHORT,
    "excerpt": MAX_EXCERPT,
}
_ADDRESSES = ("lead_image", "canonical_url")

_DROPPED = ("script", "style", "noscript", "iframe", "form", "template", "svg", "object")


@functools.cache
def _converter() -> Any:
    """A markdownify converter that drops scripts, styles and the like with their content."""
    from markdownify import MarkdownConverter

    class _Converter(MarkdownConverter):
        def convert_dropped(self, *args: object, **kwargs: object) -> str:
            return ""

    for tag in _DROPPED:
        setattr(_Converter, f"convert_{tag}", _Converter.convert_dropped)
    return _Converter(heading_style="ATX", bullets="-")


def html_to_markdown(html: str) -> str:
    """Already-clean article HTML (wallabag's, Omnivore's) as markdown.

    Scripts, styles, frames and forms are dropped with their content.
    """
    markdown: str = _converter().convert(html)
    return _BLANKS.sub("\n\n", clean_text(markdown)).strip()


def markdown_text(markdown: str) -> str:
    """Rough plain text of *markdown* (for word counts and search)."""
    return _MD_SYNTAX.sub(lambda m: m.group(1) or " ", markdown)


def article_from(record: ImportRecord) -> Article:
    """The Article a record's content makes (it must have content).

    The content goes through the cleaning a fetched page gets (`reader.extract.imported`):
    share bars and "PUBLICITÉ" labels go, images keep their alt text and captions.
    """
    from reader.extract.imported import clean_html, clean_markdown

    if record.content_markdown is not None and record.content_markdown.strip():
        markdown = clean_markdown(clean_text(record.content_markdown)).strip()
    elif record.content_source is not None:
        markdown = clean_markdown(clean_text(record.content_source())).strip()
    else:
        html = record.content_html or ""
        markdown = (clean_html(html, record.url, record.title) or html_to_markdown(html)).strip()
    extra = record.extra

    def opt(key: str) -> str | None:
        value = extra.get(key)
        if not isinstance(value, str) or not value:
            return None
        if key in _ADDRESSES:
            return clean_field(value, MAX_ADDRESS) if len(value) <= MAX_ADDRESS else None
        return clean_field(value, _LIMITS[key], ellipsis=key == "excerpt")

    return Article(
        title=record.title or record.url,
        markdown=markdown,
        text=markdown_text(markdown),
        url=record.url,
        canonical_url=opt("canonical_url"),
        byline=opt("byline"),
        site_name=opt("site"),
        published=opt("published"),
        lang=opt("lang"),
        excerpt=opt("excerpt"),
        lead_image=opt("lead_image"),
    )
