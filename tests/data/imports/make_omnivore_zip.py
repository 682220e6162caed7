"""Rebuild omnivore.zip, the Omnivore export sample the import tests read.

Run: ``python tests/data/imports/make_omnivore_zip.py``.

It follows the shape of Omnivore's export: ``metadata_<from>_to_<to>.json`` lists,
``content/<slug>.html`` and ``highlights/<slug>.md`` (one ``> quote`` block per
highlight, a link back to Omnivore after it, then the note).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

METADATA = [
    {
        "id": "1",
        "slug": "first-article-abc",
        "title": 'First, "article"',
        "description": "d",
        "author": "A. Writer",
        "url": "https://example.com/omni/first",
        "state": "Archived",
        "readingProgress": 100,
        "thumbnail": None,
        "labels": ["Newsletters", "ünïcode"],
        "savedAt": "2024-05-01T12:00:00.000Z",
        "updatedAt": "2024-05-02T12:00:00.000Z",
        "publishedAt": None,
    },
    {
        "id": "2",
        "slug": "second-xyz",
        "title": "Second (no content file)",
        "url": "https://example.com/omni/second",
        "state": "Succeeded",
        "labels": [],
        "savedAt": "2024-05-03T12:00:00.000Z",
    },
    {
        "id": "3",
        "slug": "bad",
        "title": "Bad url",
        "url": "file:///etc/passwd",
        "state": "Succeeded",
        "labels": [],
        "savedAt": "2024-05-03T12:00:00.000Z",
    },
    {
        "id": "4",
        "slug": "gone",
        "title": "Deleted",
        "url": "https://example.com/omni/gone",
        "state": "Deleted",
        "labels": [],
        "savedAt": "2024-05-03T12:00:00.000Z",
    },
]
CONTENT = (
    "<div><h1>First</h1><p>The body of the <em>first</em> article, already clean.</p>"
    "<p>Second paragraph.</p></div>"
)
HIGHLIGHTS = (
    "> The body of the first article [⤴️](https://omnivore.app/me/first-article-abc#h1)\n\n"
    "A note on it.\n\n"
    "> Second paragraph. [⤴️](https://omnivore.app/me/first-article-abc#h2)\n"
)


def main() -> None:
    """Write omnivore.zip beside this script."""
    target = Path(__file__).with_name("omnivore.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata_0_to_3.json", json.dumps(METADATA, indent=2, ensure_ascii=False))
        archive.writestr("content/first-article-abc.html", CONTENT)
        archive.writestr("highlights/first-article-abc.md", HIGHLIGHTS)


if __name__ == "__main__":
    main()
