"""reader's own JSON export (``reader export --format json``), read back losslessly.

``{"format": "reader-export", "version": 1, "articles": [{...entry fields,
"markdown": ..., "highlights": [...]}]}``
"""

from __future__ import annotations

import re

from reader.errors import ImportFormatError
from reader.importers.common import (
    MAX_HIGHLIGHTS,
    RowError,
    check_url,
    clean_title,
    highlight_from,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_document, json_items
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

NAME = "reader-json"
FORMAT_MARK = "reader-export"

_ARTICLES = re.compile(r'"articles"\s*:\s*\[')
_EXTRA = ("byline", "site", "published", "lang", "excerpt", "lead_image", "canonical_url")


def _highlights(value: object) -> tuple[ImportedHighlight, ...]:
    if not isinstance(value, list):
        return ()
    found = (highlight_from(item) for item in value[:MAX_HIGHLIGHTS])
    return tuple(h for h in found if h is not None)


def record_from(item: object, line: int) -> ImportRecord:
    """One exported article as an ImportRecord (RowError if it is broken)."""
    if not isinstance(item, dict):
        raise RowError("article is not a JSON object")
    markdown = item.get("markdown")
    fetched = item.get("fetched", True) is not False
    extra: dict[str, object] = {k: item[k] for k in _EXTRA if isinstance(item.get(k), str)}
    progress = item.get("progress")
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        extra["progress"] = float(progress)
    for key in ("word_count", "reading_minutes"):
        value = item.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            extra[key] = value
    return ImportRecord(
        url=check_url(item.get("url")),
        line=line,
        title=clean_title(item.get("title")),
        tags=split_tags(item.get("tags") or []),
        saved_at=parse_time(item.get("saved_at")),
        status="archived" if item.get("status") == "archived" else "unread",
        favorite=item.get("favorite") is True,
        content_markdown=markdown if fetched and isinstance(markdown, str) else None,
        highlights=_highlights(item.get("highlights")),
        extra=extra,
    )


def parse(text: str) -> ParsedImport:
    """Read a reader JSON export."""
    result = ParsedImport(NAME)
    match = _ARTICLES.search(text)
    try:
        items = list(json_items(text, match.end() - 1)) if match else None
    except ImportFormatError:
        items = None
    if items is None:
        document = json_document(text)
        articles = document.get("articles") if isinstance(document, dict) else None
        if not isinstance(articles, list):
            raise ImportFormatError("a reader export has an 'articles' list")
        items = list(enumerate(articles, start=1))
    for number, (line, item) in enumerate(items, start=1):
        try:
            result.records.append(record_from(item, line))
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc), number))
    return result
