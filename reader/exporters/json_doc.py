"""The JSON export: every article with its state, markdown and highlights.

Written one article at a time, so a large library does not have to fit in
memory as one document. `reader.importers.reader_json` reads it back.

Saved images are not in it (the markdown keeps their remote addresses): the document
says so in ``"images"``, and the markdown export is the one that carries them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TextIO

from reader.errors import StoreError
from reader.importers.highlights import read_highlights
from reader.importers.reader_json import FORMAT_MARK
from reader.library import Library

VERSION = 1

#: What the document says of images (they would make it many times bigger).
IMAGES_NOTE = (
    "not included: articles link to their images' original addresses; "
    "'reader export --format markdown' carries the saved images"
)


def export_json(library: Library, out: TextIO) -> int:
    """Write the JSON export of *library* to *out*; returns the number of articles."""
    exported_at = datetime.now(UTC).isoformat()
    out.write(
        f'{{"format": "{FORMAT_MARK}", "version": {VERSION}, '
        f'"exported_at": "{exported_at}", "images": {json.dumps(IMAGES_NOTE)}, '
        '"articles": [\n'
    )
    count = 0
    for entry in library.iter_entries(sort="saved-asc"):
        try:
            markdown = library.files.read(entry.path)[1] if entry.fetched else ""
        except StoreError:
            continue  # the file went away meanwhile
        item = entry.to_json()
        item.pop("path", None)
        item["markdown"] = markdown
        item["highlights"] = read_highlights(library.files.articles, entry)
        out.write((",\n" if count else "") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
