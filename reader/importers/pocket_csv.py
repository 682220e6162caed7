"""Pocket's CSV export: ``title,url,time_added,cursor,tags,status`` (tags separated by ``|``).

It is ``part_000000.csv`` in the zip Pocket sends (see `pocket_zip`); older exports
have no ``cursor`` column. reader's own CSV export has the same shape with a
``favorite`` column (1 or 0) after ``status``, read back here too.
"""

from __future__ import annotations

from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    parse_flag,
    parse_time,
    split_tags,
)
from reader.importers.csvrows import csv_rows
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "pocket-csv"


def parse(text: str, where: str = "") -> ParsedImport:
    """Read a Pocket CSV export (*where*, a file name, begins each problem's reason)."""
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
                    favorite=parse_flag(row.get("favorite")),
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(line, f"{where}{exc}"))
    return result
