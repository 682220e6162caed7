"""wallabag's JSON export: a list of entries with their content and annotations.

Each entry has ``title``, ``url``, ``is_archived``, ``is_starred``, ``tags``,
``created_at``, ``content`` (the article as wallabag extracted it, HTML),
``annotations`` (``quote`` = the highlighted text, ``text`` = the note),
``published_at``, ``published_by`` (a list of authors: the byline), ``language``,
``domain_name`` (the site) and ``preview_picture`` (the lead image).
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
from reader.importers.jsonitems import json_items
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

NAME = "wallabag"


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value) if isinstance(value, int | float | bool) else False


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        labels = [v.get("label", "") if isinstance(v, dict) else v for v in value]
        return split_tags([v for v in labels if isinstance(v, str)])
    if isinstance(value, str):
        return split_tags(value)
    return ()


def _highlights(value: object) -> tuple[ImportedHighlight, ...]:
    if not isinstance(value, list):
        return ()
    out: list[ImportedHighlight] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            continue
        note = item.get("text")
        try:
            created = parse_time(item.get("created_at"))
        except RowError:
            created = None
        out.append(
            ImportedHighlight(
                exact=quote,
                note=note if isinstance(note, str) else "",
                created=created.isoformat() if created else None,
            )
        )
    return tuple(out)


def record_from(item: object, line: int) -> ImportRecord:
    """One wallabag entry as an ImportRecord (RowError if it is broken)."""
    if not isinstance(item, dict):
        raise RowError("entry is not a JSON object")
    content = item.get("content")
    try:
        published = parse_time(item.get("published_at"))
    except RowError:
        published = None
    authors = item.get("published_by")
    if isinstance(authors, list):
        authors = ", ".join(a.strip() for a in authors if isinstance(a, str) and a.strip())
    picture = item.get("preview_picture")
    try:
        picture = check_url(picture) if isinstance(picture, str) and picture else None
    except RowError:
        picture = None
    return ImportRecord(
        url=check_url(item.get("url")),
        line=line,
        title=clean_title(item.get("title")),
        tags=_tags(item.get("tags")),
        saved_at=parse_time(item.get("created_at")),
        status="archived" if _flag(item.get("is_archived")) else "unread",
        favorite=_flag(item.get("is_starred")),
        content_html=content if isinstance(content, str) and content.strip() else None,
        highlights=_highlights(item.get("annotations")),
        extra=extra_text(
            byline=authors,
            published=published.isoformat() if published else None,
            lang=item.get("language"),
            site=item.get("domain_name"),
            lead_image=picture,
        ),
    )


def parse(text: str) -> ParsedImport:
    """Read a wallabag JSON export."""
    result = ParsedImport(NAME)
    stripped = text.lstrip()
    if not stripped.startswith("["):
        raise ImportFormatError("a wallabag export is a JSON list of entries")
    for number, (line, item) in enumerate(json_items(text), start=1):
        try:
            result.records.append(record_from(item, line))
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc), number))
    return result
