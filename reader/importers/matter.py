"""Matter's CSV export (``matter_history.csv``): ``Title,Author,Publisher,URL,Tags,
Word Count,In Queue,Favorited,Read,Highlight Count,Last Interaction Date,File Id``
(older exports: ``Read Count`` for ``Read``).

``In Queue`` ``False`` (the article left the queue) or ``Read`` ``True`` mean read:
archived; ``Favorited`` is ``True`` or ``False``; the author becomes the byline and
the publisher the site; tags are separated by semicolons (or commas). The file has
no saved date and no highlights (only their count). A read count and the Last
Interaction Date have no place in reader and are dropped.
"""

from __future__ import annotations

from reader.importers.common import (
    RowError,
    check_url,
    clean_title,
    extra_text,
    parse_flag,
    split_tags,
)
from reader.importers.csvrows import each_row
from reader.importers.records import ImportRecord, ParsedImport

NAME = "matter"

_DROPPED = (("read count", "Read Count"), ("last interaction date", "Last Interaction Date"))


def parse(text: str) -> ParsedImport:
    """Read a Matter CSV export."""
    result = ParsedImport(NAME)

    def row_of(line: int, row: dict[str, str]) -> None:
        queue = (row.get("in queue") or "").strip()
        if queue and queue.casefold() not in ("true", "false", "1", "0", "yes", "no"):
            raise RowError(f"In Queue is not True or False: {queue[:20]!r}")
        for column, name in _DROPPED:
            if (row.get(column) or "").strip() not in ("", "0"):
                result.drop(name)
        done = (queue and not parse_flag(queue)) or parse_flag(row.get("read"))
        result.records.append(
            ImportRecord(
                url=check_url(row.get("url")),
                line=line,
                title=clean_title(row.get("title")),
                tags=split_tags(row.get("tags"), ";,"),
                status="archived" if done else "unread",
                favorite=parse_flag(row.get("favorited")),
                extra=extra_text(byline=row.get("author"), site=row.get("publisher")),
            )
        )

    each_row(text, ("url",), result, row_of)
    return result
