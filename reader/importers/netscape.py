"""Netscape bookmark HTML, as browsers, Pinboard and Raindrop export it.

``<DT><A HREF=... ADD_DATE=... TAGS="a,b">Title</A>``; the folders a bookmark sits
in become tags (browser root folders such as "Bookmarks bar" do not). Pinboard's
``TOREAD="1"`` means unread and reader's own export writes ``TOREAD="0"`` for
archived articles and ``FAVORITE="1"`` for favorites; without them a bookmark is unread.
The ``<DD>`` after a bookmark (its description) becomes the excerpt.
"""

from __future__ import annotations

from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    parse_time,
    split_tags,
)
from reader.importers.htmllinks import collect_links
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "netscape"


def parse(text: str) -> ParsedImport:
    """Read a Netscape bookmark file."""
    result = ParsedImport(NAME)
    for link in collect_links(text):
        try:
            url = check_url(link.attrs.get("href"))
            result.records.append(
                ImportRecord(
                    url=url,
                    line=link.line,
                    title=clean_title(link.text),
                    tags=split_tags([*link.folders, *split_tags(link.attrs.get("tags"))]),
                    saved_at=parse_time(link.attrs.get("add_date")),
                    status="archived" if link.attrs.get("toread") == "0" else "unread",
                    favorite=link.attrs.get("favorite") == "1",
                    extra=extra_text(excerpt=link.description),
                )
            )
        except RowError as exc:
            result.problems.append(ImportProblem(link.line, str(exc)))
    return result
