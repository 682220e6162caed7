"""Read a JSON array item by item, remembering the line each item starts on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reader.errors import ImportFormatError

_WHITESPACE = " \t\n\r"


def json_document(text: str) -> Any:
    """The whole of *text* parsed as JSON; ImportFormatError with a one-line reason when
    it is not valid JSON or is nested too deeply to read."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ImportFormatError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFormatError("JSON nested too deeply") from None


def json_items(text: str, start: int = 0) -> Iterator[tuple[int, object]]:
    """Yield (line, item) for each item of the JSON array that begins at *start* in *text*.

    Raises ImportFormatError (with the line) when the array is not valid JSON.
    """
    decoder = json.JSONDecoder()
    pos = _skip(text, start)
    if pos >= len(text) or text[pos] != "[":
        raise ImportFormatError("expected a JSON list")
    line = 1 + text.count("\n", 0, pos)
    last = pos
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return
    while True:
        line += text.count("\n", last, pos)
        last = pos
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise ImportFormatError(f"line {line}: JSON nested too deeply") from None
        yield line, item
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            return
        where = 1 + text.count("\n", 0, min(pos, len(text)))
        raise ImportFormatError(f"line {where}: not valid JSON (expected ',' or ']')")


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos
