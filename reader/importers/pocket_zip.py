"""The zip Pocket's export sends: ``part_000000.csv`` (every saved link; more parts
for big lists) and ``annotations/part_000000.json`` (the highlights).

Both are read (`pocket_csv`, `pocket_annotations`) and their records put together:
an article with highlights is one record with its tags, state and highlights.
"""

from __future__ import annotations

import re

from reader.errors import ImportFormatError
from reader.importers import pocket_annotations, pocket_csv
from reader.importers.common import decode_text
from reader.importers.limits import DEFAULT_LIMITS, ImportLimits, zip_members
from reader.importers.records import ParsedImport

NAME = "pocket-zip"

_CSV = re.compile(r"(?:^|/)part_\d+\.csv$")
_ANNOTATIONS = re.compile(r"(?:^|/)annotations/part_\d+\.json$")


def is_pocket_zip(names: list[str]) -> bool:
    """True when the zip's member *names* are those of Pocket's export."""
    return any(_CSV.search(n) or _ANNOTATIONS.search(n) for n in names)


def parse_zip(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> ParsedImport:
    """Read Pocket's export zip."""
    result = ParsedImport(NAME)
    parts: list[tuple[str, ParsedImport]] = []
    for name, raw in zip_members(data, limits):
        base = name.rsplit("/", 1)[-1]
        try:
            if _ANNOTATIONS.search(name):
                parts.append((name, pocket_annotations.parse(decode_text(raw), f"{name}: ")))
            elif _CSV.search(name):
                parts.append((name, pocket_csv.parse(decode_text(raw), f"{base}: ")))
        except ImportFormatError as exc:
            raise ImportFormatError(f"{name}: {exc}") from None
    if not parts:
        raise ImportFormatError("no part_*.csv or annotations/part_*.json: not a Pocket export")
    # The links first, then their highlights: merging keeps the CSV's order and state.
    parts.sort(key=lambda part: (_ANNOTATIONS.search(part[0]) is not None, part[0]))
    for _, parsed in parts:
        result.records.extend(parsed.records)
        result.problems.extend(parsed.problems)
    return result
