"""Exporters: the whole library out again, in formats other tools read.

- ``markdown``: a folder with one markdown file per article, front matter and all
  (the library's own files, which Obsidian and other editors read as they are),
  with any highlights sidecars beside them;
- ``json``: every article with its state, markdown and highlights (reader reads
  it back losslessly with ``reader import``);
- ``netscape``: bookmark HTML that browsers and other services import;
- ``csv``: Pocket's CSV shape, ``title,url,time_added,tags,status``;
- ``epub``: an EPUB 3 book for e-readers, one article or a digest with a table of
  contents (`reader.exporters.epub`; binary, so it writes to *binary_out*).

`highlights` exports every highlight on its own (``reader export highlights``).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, TextIO

from reader.errors import ReaderError
from reader.library import Library

__all__ = ["FORMATS", "export"]

#: Every export format.
FORMATS = ("markdown", "json", "netscape", "csv", "epub")


def export(
    library: Library,
    fmt: str,
    out: TextIO | None = None,
    folder: Path | None = None,
    binary_out: BinaryIO | None = None,
) -> int:
    """Write every article of *library* in format *fmt*; returns how many were written.

    ``markdown`` writes into *folder*, ``epub`` to *binary_out*; the others write to *out*.
    """
    if fmt == "epub":
        if binary_out is None:
            raise ReaderError("the epub export needs a binary file to write to")
        from reader.exporters.epub import write_epub
        from reader.store.index import Filter

        entries = library.entries(Filter(fetched=True), sort="saved")
        return len(write_epub(library, entries, binary_out).articles)
    if fmt == "markdown":
        if folder is None:
            raise ReaderError("the markdown export needs a folder to write into")
        from reader.exporters.markdown_dir import export_markdown

        return export_markdown(library, folder)
    if out is None:
        raise ReaderError(f"the {fmt} export needs somewhere to write")
    if fmt == "json":
        from reader.exporters.json_doc import export_json

        return export_json(library, out)
    if fmt == "netscape":
        from reader.exporters.netscape import export_netscape

        return export_netscape(library, out)
    if fmt == "csv":
        from reader.exporters.pocket_csv import export_csv

        return export_csv(library, out)
    raise ReaderError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
