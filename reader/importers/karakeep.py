"""Karakeep's (formerly Hoarder's) JSON export: ``{"bookmarks": [...]}``.

Each bookmark has ``createdAt`` (unix seconds), ``title``, ``tags`` (names),
``content`` (``{"type": "link", "url"}``; a ``text`` or ``asset`` bookmark is not a
link and is skipped), ``note`` and ``archived``; newer versions add ``favourited``,
``lists`` (ids of the top-level ``lists``, whose names become tags), ``description``,
``summary``, ``imageUrl`` and, in ``content``, ``author``, ``publisher``,
``description`` and ``imageUrl``. The description is the excerpt, the author the
byline, the publisher the site. reader has no note on a whole article, nor a place
for Karakeep's AI summary: ``note`` and ``summary`` are dropped.
"""

from __future__ import annotations

import json
import re

from reader.errors import ImportFormatError
from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    parse_flag,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_items
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "karakeep"

_BOOKMARKS = re.compile(r'"bookmarks"\s*:\s*\[')


def _text(item: dict[str, object], key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _image(*values: str) -> str:
    for value in values:
        try:
            return check_url(value) if value else ""  # an asset id is no address
        except RowError:
            continue
    return ""


def _list_names(text: str) -> dict[str, str]:
    """The names of the export's lists by id (older exports have none)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    lists = document.get("lists") if isinstance(document, dict) else None
    if not isinstance(lists, list):
        return {}
    return {
        item["id"]: item["name"]
        for item in lists
        if isinstance(item, dict)
        and isinstance(item.get("id"), str)
        and isinstance(item.get("name"), str)
    }


def record_from(
    item: object, line: int, result: ParsedImport, lists: dict[str, str] | None = None
) -> ImportRecord:
    """One bookmark as an ImportRecord (RowError if it is broken or not a link)."""
    if not isinstance(item, dict):
        raise RowError("bookmark is not a JSON object")
    content = item.get("content")
    kind = content.get("type") if isinstance(content, dict) else None
    if kind != "link" or not isinstance(content, dict):
        what = f"{kind} bookmark" if isinstance(kind, str) and kind else "bookmark without content"
        article = "an" if what[0] in "aeiou" else "a"
        raise RowError(f"{article} {clean_title(what) or 'bookmark'}, not a link")
    for dropped in ("note", "summary"):
        if _text(item, dropped):
            result.drop(dropped)
    tags = item.get("tags")
    member_of = item.get("lists")
    in_lists = (
        [(lists or {}).get(i, "") for i in member_of if isinstance(i, str)]
        if isinstance(member_of, list)
        else []
    )
    return ImportRecord(
        url=check_url(content.get("url")),
        line=line,
        title=clean_title(item.get("title")),
        tags=split_tags([*(tags if isinstance(tags, list) else []), *in_lists]),
        saved_at=parse_time(item.get("createdAt")),
        status="archived" if parse_flag(item.get("archived")) else "unread",
        favorite=parse_flag(item.get("favourited")),
        extra=extra_text(
            excerpt=_text(content, "description") or _text(item, "description"),
            byline=_text(content, "author"),
            site=_text(content, "publisher"),
            lead_image=_image(_text(content, "imageUrl"), _text(item, "imageUrl")),
        ),
    )


def parse(text: str) -> ParsedImport:
    """Read a Karakeep export."""
    result = ParsedImport(NAME)
    match = _BOOKMARKS.search(text)
    if match is None:
        raise ImportFormatError("a Karakeep export has a 'bookmarks' list")
    lists = _list_names(text) if re.search(r'"lists"\s*:\s*\[\s*\{', text) else {}
    for number, (line, item) in enumerate(json_items(text, match.end() - 1), start=1):
        try:
            result.records.append(record_from(item, line, result, lists))
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc), number))
    return result
