"""Karakeep's (formerly Hoarder's) JSON export: ``{"bookmarks": [...]}``.

Each bookmark has ``createdAt`` (unix seconds), ``title``, ``tags`` (names),
``content`` (``{"type": "link", "url"}``, or ``{"type": "text", "text"}`` for a note,
which is not a link and is skipped), ``note``, ``archived`` and, in newer versions,
``favourited``. reader has no note on a whole article: ``note`` is dropped.
"""

from __future__ import annotations

import re

from reader.errors import ImportFormatError
from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    parse_flag,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_items
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "karakeep"

_BOOKMARKS = re.compile(r'"bookmarks"\s*:\s*\[')


def record_from(item: object, line: int, result: ParsedImport) -> ImportRecord:
    """One bookmark as an ImportRecord (RowError if it is broken or not a link)."""
    if not isinstance(item, dict):
        raise RowError("bookmark is not a JSON object")
    content = item.get("content")
    kind = content.get("type") if isinstance(content, dict) else None
    if kind != "link" or not isinstance(content, dict):
        raise RowError(f"a {kind or 'bookmark without content'} bookmark, not a link")
    note = item.get("note")
    if isinstance(note, str) and note.strip():
        result.drop("note")
    tags = item.get("tags")
    return ImportRecord(
        url=check_url(content.get("url")),
        line=line,
        title=clean_title(item.get("title")),
        tags=split_tags(tags if isinstance(tags, list) else []),
        saved_at=parse_time(item.get("createdAt")),
        status="archived" if parse_flag(item.get("archived")) else "unread",
        favorite=parse_flag(item.get("favourited")),
    )


def parse(text: str) -> ParsedImport:
    """Read a Karakeep export."""
    result = ParsedImport(NAME)
    match = _BOOKMARKS.search(text)
    if match is None:
        raise ImportFormatError("a Karakeep export has a 'bookmarks' list")
    for number, (line, item) in enumerate(json_items(text, match.end() - 1), start=1):
        try:
            result.records.append(record_from(item, line, result))
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc), number))
    return result
