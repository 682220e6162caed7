"""Importers: one module per format, each turning an export file into ImportRecords.

Formats: Pocket's CSV (``pocket_csv``) and ``ril_export.html`` (``pocket_html``),
Instapaper's CSV, wallabag's JSON, Omnivore's zip, Netscape bookmark HTML
(browsers, Pinboard, Raindrop), a plain list of URLs, reader's own JSON export
(``reader_json``), and a folder of markdown notes with front matter
(``markdown_dir``, read with its own `parse_dir`).

`parse_import` reads a file's bytes in the named (or detected) format;
`reader.importers.apply.import_records` adds the records to a library. Rows that
are broken are reported as `ImportProblem`s with their line and skipped; the
rest import. Sizes are checked before anything is read (`ImportLimits`).

Beside the formats: `apply` (records into a library, merged by URL), `queue`
(the fetch queue that fills in imported links, politely per site), `job` (an
import run in a thread for the app) and `summary` (the line that ends one).
"""

from __future__ import annotations

from reader.errors import ImportFormatError
from reader.importers import (
    instapaper,
    netscape,
    omnivore,
    pocket_csv,
    pocket_html,
    reader_json,
    url_list,
    wallabag,
)
from reader.importers.common import decode_text
from reader.importers.detect import detect_format
from reader.importers.limits import DEFAULT_LIMITS, ImportLimits, read_source
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport

__all__ = [
    "FORMATS",
    "ImportLimits",
    "ImportProblem",
    "ImportRecord",
    "ImportedHighlight",
    "ParsedImport",
    "detect_format",
    "parse_import",
    "read_source",
]

_TEXT_PARSERS = {
    pocket_csv.NAME: pocket_csv.parse,
    pocket_html.NAME: pocket_html.parse,
    instapaper.NAME: instapaper.parse,
    wallabag.NAME: wallabag.parse,
    netscape.NAME: netscape.parse,
    url_list.NAME: url_list.parse,
    reader_json.NAME: reader_json.parse,
}

#: Every format name `parse_import` accepts (besides "auto").
FORMATS = (*_TEXT_PARSERS, omnivore.NAME)


def parse_import(
    data: bytes, fmt: str = "auto", limits: ImportLimits = DEFAULT_LIMITS
) -> ParsedImport:
    """Read the import file *data* in format *fmt* ("auto" to detect it)."""
    name = detect_format(data) if fmt == "auto" else fmt
    if name == omnivore.NAME:
        return omnivore.parse_zip(data, limits)
    parser = _TEXT_PARSERS.get(name)
    if parser is None:
        raise ImportFormatError(f"unknown import format {name!r}")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(f"the file is a zip archive, not {name}")
    return parser(decode_text(data))
