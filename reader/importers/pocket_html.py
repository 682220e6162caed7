"""Pocket's older ``ril_export.html``: "Unread" and "Read Archive" lists of links.

Each link carries ``time_added`` (unix seconds) and ``tags`` (comma separated).
"""

from __future__ import annotations

from reader.importers.common import RowError, check_url, clean_title, parse_time, split_tags
from reader.importers.htmllinks import collect_links
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "pocket-html"


def parse(text: str) -> ParsedImport:
    """Read a Pocket HTML export."""
    result = ParsedImport(NAME)
    for link in collect_links(text):
        try:
            archived = "archive" in link.heading.casefold() or link.heading.casefold() == "read"
            result.records.append(
                ImportRecord(
                    url=check_url(link.attrs.get("href")),
                    line=link.line,
                    title=clean_title(link.text),
                    tags=split_tags(link.attrs.get("tags")),
                    saved_at=parse_time(link.attrs.get("time_added")),
                    status="archived" if archived else "unread",
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(link.line, str(exc)))
    return result
