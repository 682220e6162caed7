"""The CSV export in Pocket's shape: ``title,url,time_added,tags,status``.

Tags are separated by ``|`` and status is ``unread`` or ``archive``, as in
Pocket's own export, so tools that read Pocket exports read this one.
"""

from __future__ import annotations

import csv
from typing import TextIO

from reader.library import Library

HEADER = ("title", "url", "time_added", "tags", "status")


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
            )
        )
        count += 1
    return count
