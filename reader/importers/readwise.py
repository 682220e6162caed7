"""Readwise's CSV files: Reader's library export, the highlights export, and the upload CSV.

- Reader's library (Reader > Export): ``Title,URL,ID,Document tags,Saved date,Reading
  progress,Location,Seen``. Tags are written as a Python list (``['a', 'b']``);
  progress is a fraction (0.42) or a percentage; Location is ``new``, ``later``,
  ``shortlist`` (a favorite), ``archive`` (read) or ``feed`` (tagged "feed"). Reader
  has no "seen" flag: Seen is dropped.
- The highlights export: ``Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,
  Tags,Location Type,Location,Highlighted at,Document tags``. It has no URL, so its
  highlights go to the library's article of that title (import the library CSV first);
  the author becomes the article's byline when it has none. Color, the highlight's own
  tags and its location (reader places highlights by their quote) are dropped.
- The upload CSV (what Readwise imports): ``Highlight,Title,Author,URL,Note,Location,
  Date``; a row with a URL makes or merges that article, one without goes by title.
"""

from __future__ import annotations

from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    list_text,
    parse_progress,
    parse_time,
    split_tags,
)
from reader.importers.csvrows import each_row
from reader.importers.records import (
    ImportedHighlight,
    ImportRecord,
    ParsedImport,
    TitledHighlights,
)
from reader.models import Status

READER = "readwise-reader"
HIGHLIGHTS = "readwise-highlights"
UPLOAD = "readwise-upload"

_LOCATIONS = ("new", "later", "shortlist", "archive", "feed")


def parse_reader(text: str) -> ParsedImport:
    """Read Readwise Reader's library CSV."""
    result = ParsedImport(READER)

    def row_of(line: int, row: dict[str, str]) -> None:
        location = (row.get("location") or "").strip().casefold()
        if location and location not in _LOCATIONS:
            raise RowError(f"unknown location {location[:20]!r}")
        status: Status = "archived" if location == "archive" else "unread"
        tags = list_text(row.get("document tags"))
        if location == "feed":
            tags.append("feed")
        extra: dict[str, object] = {}
        progress = parse_progress(row.get("reading progress"))
        if progress:
            extra["progress"] = progress
        if (row.get("seen") or "").strip():
            result.drop("Seen")
        result.records.append(
            ImportRecord(
                url=check_url(row.get("url")),
                line=line,
                title=clean_title(row.get("title")),
                tags=split_tags(tags),
                saved_at=parse_time(row.get("saved date")),
                status=status,
                favorite=location == "shortlist",
                extra=extra,
            )
        )

    each_row(text, ("url",), result, row_of)
    return result


def _highlight(row: dict[str, str], when: str) -> ImportedHighlight:
    quote = (row.get("highlight") or "").strip()
    if not quote:
        raise RowError("no highlight text")
    created = parse_time(row.get(when))
    return ImportedHighlight(
        exact=quote,
        note=(row.get("note") or "").strip(),
        created=created.isoformat() if created else None,
    )


def parse_highlights(text: str) -> ParsedImport:
    """Read Readwise's highlights export (attached by title: it has no URLs)."""
    result = ParsedImport(HIGHLIGHTS)
    books: dict[str, tuple[int, str, list[ImportedHighlight], list[str], str]] = {}

    def row_of(line: int, row: dict[str, str]) -> None:
        title = clean_title(row.get("book title"))
        if not title:
            raise RowError("no book title")
        highlight = _highlight(row, "highlighted at")
        for column, name in (
            ("color", "Color"),
            ("tags", "Tags (of a highlight)"),
            ("location", "Location"),
            ("amazon book id", "Amazon Book ID"),
        ):
            if (row.get(column) or "").strip():
                result.drop(name)
        key = title.casefold()
        if key not in books:
            books[key] = (line, title, [], [], (row.get("book author") or "").strip())
        books[key][2].append(highlight)
        books[key][3].extend(list_text(row.get("document tags")))

    each_row(text, ("highlight", "book title"), result, row_of)
    for line, title, highlights, tags, author in books.values():
        result.by_title.append(
            TitledHighlights(line, title, tuple(highlights), split_tags(tags), author or None)
        )
    return result


def parse_upload(text: str) -> ParsedImport:
    """Read Readwise's upload CSV (also what ``reader export highlights --format csv``
    writes)."""
    result = ParsedImport(UPLOAD)
    by_title: dict[str, tuple[int, str, list[ImportedHighlight], str]] = {}

    def row_of(line: int, row: dict[str, str]) -> None:
        highlight = _highlight(row, "date")
        if (row.get("location") or "").strip():
            result.drop("Location")
        author = (row.get("author") or "").strip()
        title = clean_title(row.get("title"))
        if (row.get("url") or "").strip():
            result.records.append(
                ImportRecord(
                    url=check_url(row.get("url")),
                    line=line,
                    title=title,
                    highlights=(highlight,),
                    extra=extra_text(byline=author),
                )
            )
        elif title:
            found = by_title.setdefault(title.casefold(), (line, title, [], author))
            found[2].append(highlight)
        else:
            raise RowError("neither a URL nor a title")

    each_row(text, ("highlight",), result, row_of)
    for line, title, highlights, author in by_title.values():
        result.by_title.append(TitledHighlights(line, title, tuple(highlights), (), author or None))
    return result
