"""Importers: one module per format, each turning an export file into ImportRecords.

Formats: Pocket's export zip (``pocket_zip``), its CSV (``pocket_csv``), its
highlights (``pocket_annotations``) and the older ``ril_export.html``
(``pocket_html``); Instapaper's CSV; Readwise Reader's library CSV, Readwise's
highlights export and upload CSV (``readwise``); wallabag's JSON, Omnivore's zip,
Karakeep's and Linkwarden's JSON, Raindrop.io's and Matter's CSV; Netscape bookmark
HTML (browsers, Pinboard, Raindrop); a plain list of URLs; reader's own JSON export
(``reader_json``) and highlights export (``reader_highlights``); and a folder of
markdown notes with front matter (``markdown_dir``, read with its own `parse_dir`).
`detect` tells them apart and refuses a file it cannot tell.

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
    karakeep,
    linkwarden,
    matter,
    netscape,
    omnivore,
    pocket_annotations,
    pocket_csv,
    pocket_html,
    pocket_zip,
    raindrop,
    reader_highlights,
    reader_json,
    readwise,
    url_list,
    wallabag,
)
from reader.importers.common import decode_text
from reader.importers.detect import KNOWN, detect_format
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
    pocket_annotations.NAME: pocket_annotations.parse,
    readwise.READER: readwise.parse_reader,
    readwise.HIGHLIGHTS: readwise.parse_highlights,
    readwise.UPLOAD: readwise.parse_upload,
    karakeep.NAME: karakeep.parse,
    linkwarden.NAME: linkwarden.parse,
    raindrop.NAME: raindrop.parse,
    matter.NAME: matter.parse,
    reader_highlights.JSON_NAME: reader_highlights.parse_json,
    reader_highlights.MARKDOWN_NAME: reader_highlights.parse_markdown,
}
_ZIP_PARSERS = {omnivore.NAME: omnivore.parse_zip, pocket_zip.NAME: pocket_zip.parse_zip}

#: Every format name `parse_import` accepts (besides "auto"), as `detect` lists them.
FORMATS = KNOWN


def parse_import(
    data: bytes, fmt: str = "auto", limits: ImportLimits = DEFAULT_LIMITS
) -> ParsedImport:
    """Read the import file *data* in format *fmt* ("auto" to detect it)."""
    name = detect_format(data) if fmt == "auto" else fmt
    if name in _ZIP_PARSERS:
        return _ZIP_PARSERS[name](data, limits)
    parser = _TEXT_PARSERS.get(name)
    if parser is None:
        known = ", ".join(FORMATS)
        raise ImportFormatError(f"unknown import format {name!r} (reader reads {known})")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(f"the file is a zip archive, not {name}")
    return parser(decode_text(data))
