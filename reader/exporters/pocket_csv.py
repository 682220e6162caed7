"""The CSV export in Pocket's shape: ``title,url,time_added,tags,status,favorite``.

Tags are separated by ``|`` and status is ``unread`` or ``archive``, as in
Pocket's own export, so tools that read Pocket exports read this one; the
``favorite`` column (1 or 0) is reader's, read back by `reader.importers.pocket_csv`.
"""

from __future__ import annotations

import csv
from typing import TextIO

from reader.library import Library

HEADER = ("title", "url", "time_added", "tags", "status", "favorite")


def export_csv(library: Library, out: TextIO) -> int:
    """Write *library* as Pocket-shaped CSV to *out*; returns the count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for entry in library.iter_entries(sort="saved-asc"):
        writer.writerow(
            (
                entry.title,
                entry.url,
                int(entry.saved_at.timestamp()),
                "|".join(entry.tags),
                "archive" if entry.status == "archived" else "unread",
                1 if entry.favorite else 0,
            )
        )
        count += 1
    return count
