"""Pocket's CSV export: ``title,url,time_added,tags,status`` (tags separated by ``|``)."""

from __future__ import annotations

from reader.importers.common import RowError, check_url, clean_title, parse_time, split_tags
from reader.importers.csvrows import csv_rows
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "pocket-csv"


def parse(text: str) -> ParsedImport:
    """Read a Pocket CSV export."""
    result = ParsedImport(NAME)
    for line, row in csv_rows(text, ("url",)):
        try:
            if not row:
                raise RowError("not valid CSV")
            status = (row.get("status") or "unread").strip().lower()
            if status not in ("unread", "archive", "archived", ""):
                raise RowError(f"unknown status {status[:20]!r}")
            result.records.append(
                ImportRecord(
                    url=check_url(row.get("url")),
                    line=line,
                    title=clean_title(row.get("title")),
                    tags=split_tags(row.get("tags"), "|"),
                    saved_at=parse_time(row.get("time_added")),
                    status="archived" if status.startswith("archive") else "unread",
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc)))
    return result
