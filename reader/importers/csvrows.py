"""Reading CSV exports row by row, with the line each row starts on."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from reader.errors import ImportFormatError
from reader.importers.common import RowError
from reader.importers.records import ImportProblem, ParsedImport

# Titles and pasted selections can be long; the csv module's default cap is 128 KB.
_FIELD_LIMIT = 16 * 1024 * 1024


def csv_rows(text: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row by lowercased header) for each data row of *text*.

    Raises ImportFormatError when the header lacks a *required* column. A row
    that the csv module cannot parse is yielded as an empty dict at its line.
    """
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFormatError("the file is empty") from None
    except csv.Error as exc:
        raise ImportFormatError(f"the header line is not valid CSV: {exc}") from None
    names = [name.strip().lower() for name in header]
    missing = [column for column in required if column not in names]
    if missing:
        raise ImportFormatError(
            f"the header has no {', '.join(missing)} column (found: {', '.join(names)[:200]})"
        )
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield line, {}
            line = reader.line_num + 1
            continue
        if any(value.strip() for value in values):
            row = {name: value for name, value in zip(names, values, strict=False)}
            yield line, row
        line = reader.line_num + 1


def csv_header(text: str) -> list[str]:
    """The lowercased column names of the CSV *text*'s first line (empty if it has none)."""
    csv.field_size_limit(_FIELD_LIMIT)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return [name.strip().lower() for name in next(csv.reader(io.StringIO(first)))]
    except (csv.Error, StopIteration):
        return []


def each_row(
    text: str,
    required: tuple[str, ...],
    result: ParsedImport,
    handle: Callable[[int, dict[str, str]], None],
) -> None:
    """Call *handle(line, row)* for each row of the CSV *text*; a row that is not valid
    CSV, or that *handle* finds broken (RowError), becomes a problem at its line."""
    for line, row in csv_rows(text, required):
        try:
            if not row:
                raise RowError("not valid CSV")
            handle(line, row)
        except RowError as exc:
            result.problems.append(ImportProblem(line, str(exc)))
