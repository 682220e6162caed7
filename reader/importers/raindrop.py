"""Raindrop.io's CSV export: ``id,title,note,excerpt,url,folder,tags,created,cover,
highlights,favorite``.

Tags are comma-separated in one quoted field; ``folder`` is the collection, nested
ones written ``Parent/Child``, and becomes a tag (except "Unsorted"); ``created`` is
ISO 8601; ``cover`` is the lead image; ``excerpt`` the description; ``favorite`` is
``true`` or ``false``. ``highlights`` holds each highlight as a ``Highlight: ...``
line, its note on a ``Note: ...`` line after it (without those labels, each line is
one highlight). Raindrop keeps no read state, so
every link is unread; reader has no note on a whole article, so ``note`` is dropped.
"""

from __future__ import annotations

import re

from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    parse_flag,
    parse_time,
    split_tags,
)
from reader.importers.csvrows import each_row
from reader.importers.records import ImportedHighlight, ImportRecord, ParsedImport

NAME = "raindrop"

_DEFAULT_FOLDER = "unsorted"
_LABEL = re.compile(r"^\s*(highlight|note)\s*:\s?", re.IGNORECASE)


def parse_highlights(text: str) -> tuple[ImportedHighlight, ...]:
    """The highlights of one ``highlights`` field."""
    if not any(_LABEL.match(line) for line in text.splitlines()):
        return tuple(ImportedHighlight(line.strip()) for line in text.splitlines() if line.strip())
    found: list[list[str]] = []  # [quote, note] pairs
    current: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        label = _LABEL.match(line)
        if label and label.group(1).lower() == "highlight":
            found.append([line[label.end() :], ""])
            current = "quote"
        elif label and found:
            found[-1][1] = line[label.end() :]
            current = "note"
        elif found and current is not None and line.strip():
            found[-1][0 if current == "quote" else 1] += "\n" + line
    return tuple(ImportedHighlight(exact=q.strip(), note=n.strip()) for q, n in found if q.strip())


def parse(text: str) -> ParsedImport:
    """Read a Raindrop.io CSV export."""
    result = ParsedImport(NAME)

    def row_of(line: int, row: dict[str, str]) -> None:
        folder = (row.get("folder") or "").strip()
        folders = [folder] if folder and folder.casefold() != _DEFAULT_FOLDER else []
        if (row.get("note") or "").strip():
            result.drop("note")
        cover = (row.get("cover") or "").strip()
        if cover:
            try:
                cover = check_url(cover)
            except RowError:
                cover = ""
        result.records.append(
            ImportRecord(
                url=check_url(row.get("url")),
                line=line,
                title=clean_title(row.get("title")),
                tags=split_tags([*folders, *split_tags(row.get("tags"))]),
                saved_at=parse_time(row.get("created")),
                favorite=parse_flag(row.get("favorite")),
                highlights=parse_highlights(row.get("highlights") or ""),
                extra=extra_text(excerpt=row.get("excerpt"), lead_image=cover),
            )
        )

    each_row(text, ("url",), result, row_of)
    return result
