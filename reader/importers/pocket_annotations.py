"""Pocket's highlights: ``annotations/part_000000.json`` in its export zip.

A JSON list, one item per article that has highlights:
``{"url", "title", "highlights": [{"quote", "created_at"}]}`` (``created_at`` a unix
time). Each becomes a record with its highlights, merged onto the article of the
same URL when the library (or the CSV beside it) has one, else added and fetched;
the quotes are placed in the article's text by `reader.highlights` once it is there.
"""

from __future__ import annotations

from reader.errors import ImportFormatError
from reader.importers.common import MAX_HIGHLIGHTS, RowError, check_url, clean_title, parse_time
from reader.importers.jsonitems import json_items
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

NAME = "pocket-annotations"


def _highlight(item: object) -> ImportedHighlight | None:
    if not isinstance(item, dict):
        return None
    quote = item.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        return None
    try:
        created = parse_time(item.get("created_at"))
    except RowError:
        created = None
    return ImportedHighlight(exact=quote, created=created.isoformat() if created else None)


def record_from(item: object, line: int) -> ImportRecord:
    """One annotated article as an ImportRecord (RowError if it is broken)."""
    if not isinstance(item, dict):
        raise RowError("item is not a JSON object")
    raw = item.get("highlights")
    found = [_highlight(h) for h in raw[:MAX_HIGHLIGHTS]] if isinstance(raw, list) else []
    highlights = tuple(h for h in found if h is not None)
    if not highlights:
        raise RowError("no highlights")
    return ImportRecord(
        url=check_url(item.get("url")),
        line=line,
        title=clean_title(item.get("title")),
        highlights=highlights,
    )


def parse(text: str, where: str = "") -> ParsedImport:
    """Read Pocket's annotations JSON (*where*, a file name, begins each problem's reason)."""
    result = ParsedImport(NAME)
    if not text.lstrip().startswith("["):
        raise ImportFormatError("Pocket's annotations file is a JSON list")
    for number, (line, item) in enumerate(json_items(text), start=1):
        try:
            result.records.append(record_from(item, line))
        except RowError as exc:
            result.problems.append(ImportProblem(line, f"{where}{exc}", number))
    return result
