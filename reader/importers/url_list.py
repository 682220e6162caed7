"""A plain list of URLs, one per line; blank lines and ``#`` comments are ignored."""

from __future__ import annotations

from reader.importers.common import RowError, check_url
from reader.importers.records import ImportProblem, ImportRecord, ParsedImport

NAME = "urls"


def parse(text: str) -> ParsedImport:
    """Read a list of URLs."""
    result = ParsedImport(NAME)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            result.records.append(ImportRecord(url=check_url(line), line=number))
        except RowError as exc:
            result.problems.append(ImportProblem(number, str(exc)))
    return result
