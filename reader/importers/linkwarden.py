"""Linkwarden's JSON export (Settings > Migrate data): ``{"collections": [...]}``.

Each collection has a ``name`` and ``links``: ``name`` (the title), ``url``,
``description``, ``createdAt`` (ISO 8601; ``importDate``, when set, is the date the
link was first saved elsewhere and wins), ``tags`` (``[{"name"}]``); the top-level
``pinnedLinks`` (or a link's ``pinnedBy``) are the pinned ones, kept as favorites.
The collection becomes a tag (except "Unorganized", Linkwarden's default); the
description becomes the excerpt.
Linkwarden keeps no read state, so every link is unread. Its ``textContent``, the
archived page's bare text, is dropped: the page is fetched again, with its structure.
"""

from __future__ import annotations

from reader.errors import ImportFormatError
from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    parse_time,
    split_tags,
)
from reader.importers.jsonitems import json_document
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "linkwarden"

_DEFAULT_COLLECTION = "unorganized"


def _tag_names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    names = [v.get("name") if isinstance(v, dict) else v for v in value]
    return [n for n in names if isinstance(n, str)]


def record_from(
    item: object, number: int, folder: str, result: ParsedImport, pinned_urls: frozenset[str]
) -> ImportRecord:
    """One link as an ImportRecord (RowError if it is broken)."""
    if not isinstance(item, dict):
        raise RowError("link is not a JSON object")
    if isinstance(item.get("textContent"), str) and item["textContent"].strip():
        result.drop("textContent")
    folders = [folder] if folder and folder.casefold() != _DEFAULT_COLLECTION else []
    pinned = item.get("pinnedBy")
    url = check_url(item.get("url"))
    return ImportRecord(
        url=url,
        line=number,
        title=clean_title(item.get("name")),
        tags=split_tags([*folders, *_tag_names(item.get("tags"))]),
        saved_at=parse_time(item.get("importDate") or item.get("createdAt")),
        favorite=(isinstance(pinned, list) and bool(pinned)) or item.get("url") in pinned_urls,
        extra=extra_text(excerpt=item.get("description")),
    )


def parse(text: str) -> ParsedImport:
    """Read a Linkwarden export (items are numbered across collections: JSON is one line)."""
    result = ParsedImport(NAME)
    document = json_document(text)
    collections = document.get("collections") if isinstance(document, dict) else None
    if not isinstance(collections, list):
        raise ImportFormatError("a Linkwarden export has a 'collections' list")
    pins = document.get("pinnedLinks")
    pinned_urls = frozenset(
        p["url"]
        for p in (pins if isinstance(pins, list) else [])
        if isinstance(p, dict) and isinstance(p.get("url"), str)
    )
    number = 0
    for collection in collections:
        if not isinstance(collection, dict) or not isinstance(collection.get("links"), list):
            continue
        name = collection.get("name")
        folder = name if isinstance(name, str) else ""
        for item in collection["links"]:
            number += 1
            try:
                result.records.append(record_from(item, number, folder, result, pinned_urls))
            except RowError as exc:
                result.problems.append(ImportProblem(0, f"link {number} of the file: {exc}"))
    return result
