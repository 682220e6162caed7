"""Instapaper's CSV export: ``URL,Title,Selection,Folder,Timestamp`` (and newer ``Tags``).

The Folder "Archive" means read, "Starred" a favorite, "Unread" unread; any other
folder becomes a tag. The Selection (text picked when saving) is kept as a highlight.
"""

from __future__ import annotations

import json

from reader.importers.common import RowError, check_url, clean_title, parse_time, split_tags
from reader.importers.csvrows import csv_rows
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport
from reader.models import Status

NAME = "instapaper"


def _tags(value: str | None) -> tuple[str, ...]:
    """Instapaper writes tags as a JSON list ("[]" for none); accept plain text too."""
    text = (value or "").strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except (ValueError, RecursionError):
            items = None
        if isinstance(items, list):
            return split_tags([i.get("name", "") if isinstance(i, dict) else i for i in items])
    return split_tags(text)


def parse(text: str) -> ParsedImport:
    """Read an Instapaper CSV export."""
    result = ParsedImport(NAME)
    for line, row in csv_rows(text, ("url",)):
        try:
            if not row:
                raise RowError("not valid CSV")
            folder = (row.get("folder") or "").strip()
            status: Status = "archived" if folder.casefold() == "archive" else "unread"
            favorite = folder.casefold() == "starred"
            tags = _tags(row.get("tags"))
            if folder and folder.casefold() not in ("archive", "starred", "unread"):
                tags = split_tags([folder, *tags])
            selection = (row.get("selection") or "").strip()
            result.records.append(
                ImportRecord(
                    url=check_url(row.get("url")),
                    line=line,
                    title=clean_title(row.get("title")),
                    tags=tags,
                    saved_at=parse_time(row.get("timestamp")),
                    status=status,
                    favorite=favorite,
                    highlights=(ImportedHighlight(selection),) if selection else (),
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc)))
    return result
