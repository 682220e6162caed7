"""Tell an import file's format from its content, and never guess.

A file is taken for a format only when its shape says so clearly (the columns of a
CSV, the keys of a JSON file, the member names of a zip); anything else is refused
with what was found ("a CSV with columns: ...") and the formats reader knows, so a
file is never read as the wrong format with a success-looking summary.
"""

from __future__ import annotations

import io
import re
import zipfile

from reader.errors import ImportFormatError
from reader.importers.csvrows import csv_header
from reader.importers.jsonitems import json_items
from reader.text.sanitize import clean_line

#: Every format reader reads, in the order they are listed to a person.
KNOWN = (
    "pocket-zip",
    "pocket-csv",
    "pocket-annotations",
    "pocket-html",
    "instapaper",
    "readwise-reader",
    "readwise-highlights",
    "readwise-upload",
    "omnivore",
    "wallabag",
    "karakeep",
    "linkwarden",
    "raindrop",
    "matter",
    "netscape",
    "urls",
    "reader-json",
    "reader-highlights",
    "reader-highlights-md",
)

_NETSCAPE = re.compile(r"<!doctype\s+netscape-bookmark-file|<dt>\s*<a\s", re.IGNORECASE)
_POCKET_HTML = re.compile(r"time_added\s*=|<h1>\s*(?:unread|read archive)\s*</h1>", re.IGNORECASE)
_URL_LINE = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_MARK = re.compile(r'"format"\s*:\s*"(reader-export|reader-highlights)"')
_KEY = re.compile(r'"([^"\\]{1,40})"\s*:')
_WALLABAG_KEYS = frozenset({"is_archived", "is_starred", "reading_time", "domain_name"})

# CSV formats: (name, columns that must all be there), the most specific first.
_CSV_SHAPES: tuple[tuple[str, frozenset[str]], ...] = (
    ("readwise-highlights", frozenset({"highlight", "book title"})),
    ("readwise-upload", frozenset({"highlight", "title"})),
    ("readwise-reader", frozenset({"url", "location", "saved date"})),
    ("raindrop", frozenset({"url", "folder", "created", "excerpt"})),
    ("matter", frozenset({"url", "in queue"})),
    ("instapaper", frozenset({"url", "folder", "selection"})),
    ("pocket-csv", frozenset({"url", "time_added"})),
)


def _refuse(found: str) -> ImportFormatError:
    known = ", ".join(KNOWN)
    return ImportFormatError(
        f"cannot tell the file's format: {found}; reader reads {known} (name one with --format)",
        in_app=f"cannot tell the file's format: {found}; i, then choose its format",
    )


def _listed(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(clean_line(n)[:40] for n in names[:limit])
    return shown + (", ..." if len(names) > limit else "") if shown else "none"


def detect_format(data: bytes) -> str:
    """The format name of an import file, judged by its content; ImportFormatError
    (saying what was found) when it matches no format clearly."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_format(data)
    head = data[:65536].decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("{"):
        return _object_format(head)
    if head.startswith("["):
        return _list_format(data.decode("utf-8-sig", errors="replace"))
    if head.startswith("<") or _NETSCAPE.search(head):
        if _POCKET_HTML.search(head) and not _NETSCAPE.search(head):
            return "pocket-html"
        if _NETSCAPE.search(head) or "<dl" in head.lower():
            return "netscape"
        if "<a " in head.lower():
            return "pocket-html"
        raise _refuse("an HTML file without bookmarks")
    if head.startswith("# Highlights") and re.search(r"^- URL: <", head, re.MULTILINE):
        return "reader-highlights-md"
    header = csv_header(head)
    if len(header) > 1 and not _URL_LINE.match(head.split("\n", 1)[0].strip()):
        columns = set(header)
        for name, needed in _CSV_SHAPES:
            if needed <= columns:
                return name
        raise _refuse(f"a CSV with columns: {_listed(header)}")
    lines = [line.strip() for line in head.splitlines()[:200]]
    lines = [line for line in lines if line and not line.startswith("#")]
    urls = sum(1 for line in lines if _URL_LINE.match(line))
    if lines and urls * 2 >= len(lines):  # at least half the lines are addresses
        return "urls"
    if urls:
        raise _refuse(f"a text file where {urls} of {len(lines)} lines are web addresses")
    raise _refuse("neither CSV, JSON, HTML nor a list of web addresses")


def _zip_format(data: bytes) -> str:
    from reader.importers.pocket_zip import is_pocket_zip

    try:
        names = [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ImportFormatError(f"not a valid zip file: {exc}") from None
    if any(re.search(r"(?:^|/)metadata_[^/]*\.json$", n) for n in names):
        return "omnivore"
    if is_pocket_zip(names):
        return "pocket-zip"
    raise _refuse(f"a zip with files: {_listed(names)}")


def _object_format(head: str) -> str:
    mark = _MARK.search(head)
    if mark:
        return "reader-json" if mark.group(1) == "reader-export" else "reader-highlights"
    keys = list(dict.fromkeys(_KEY.findall(head[:4096])))
    if re.search(r'"bookmarks"\s*:\s*\[', head) and (
        re.search(r'"createdAt"\s*:', head) or re.search(r'"bookmarks"\s*:\s*\[\s*\]', head)
    ):
        return "karakeep"
    if re.search(r'"collections"\s*:\s*\[', head) and re.search(r'"links"\s*:\s*\[', head):
        return "linkwarden"
    raise _refuse(f"a JSON object with keys: {_listed(keys)}")


def _list_format(text: str) -> str:
    try:
        first = next(iter(json_items(text)), None)
    except ImportFormatError as exc:
        raise _refuse(f"a JSON list that is not valid JSON ({exc})") from None
    if first is None:
        raise _refuse("an empty JSON list")
    item = first[1]
    if not isinstance(item, dict):
        raise _refuse(f"a JSON list of {type(item).__name__}s, not of objects")
    keys = set(item)
    if keys & _WALLABAG_KEYS:
        return "wallabag"
    if "highlights" in keys and "url" in keys:
        return "pocket-annotations"
    raise _refuse(f"a JSON list whose entries have keys: {_listed(sorted(keys))}")
