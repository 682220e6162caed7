"""Tell an import file's format from its content."""

from __future__ import annotations

import csv
import io
import re

from reader.errors import ImportFormatError

_NETSCAPE = re.compile(r"<!doctype\s+netscape-bookmark-file|<dt>\s*<a\s", re.IGNORECASE)
_POCKET_HTML = re.compile(r"time_added\s*=|<h1>\s*(?:unread|read archive)\s*</h1>", re.IGNORECASE)
_URL_LINE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def detect_format(data: bytes) -> str:
    """The format name of an import file, judged by its first bytes."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "omnivore"
    head = data[:65536].decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("{"):
        if re.search(r'"format"\s*:\s*"reader-export"', head):
            return "reader-json"
        raise ImportFormatError(
            "a JSON object, but not a reader export; use --format",
            in_app="a JSON object, but not a reader export; i, then choose its format",
        )
    if head.startswith("["):
        return "wallabag"
    if head.startswith("<") or _NETSCAPE.search(head):
        if _POCKET_HTML.search(head) and not _NETSCAPE.search(head):
            return "pocket-html"
        if _NETSCAPE.search(head) or "<dl" in head.lower():
            return "netscape"
        if "<a " in head.lower():
            return "pocket-html"
    first = head.split("\n", 1)[0]
    try:
        header = [name.strip().lower() for name in next(csv.reader(io.StringIO(first)))]
    except (csv.Error, StopIteration):
        header = []
    if "url" in header:
        if "selection" in header or "folder" in header:
            return "instapaper"
        return "pocket-csv"
    lines = [line.strip() for line in head.splitlines()[:200]]
    lines = [line for line in lines if line and not line.startswith("#")]
    urls = sum(1 for line in lines if _URL_LINE.match(line))
    if lines and urls * 2 >= len(lines):
        return "urls"
    raise ImportFormatError(
        "cannot tell the file's format; name it with --format",
        in_app="cannot tell the file's format; i, then choose it instead of auto-detect",
    )
