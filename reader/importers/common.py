"""Helpers the importers share: decoding text, dates, URLs, tags."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from reader.errors import InvalidURLError
from reader.importers.records import ImportedHighlight
from reader.store.files import normalize_tag
from reader.text.sanitize import clean_line
from reader.text.sanitize import clean_title as _clean_title
from reader.web.urls import validate_url

#: Unix timestamps above this are taken as milliseconds (and above its square, microseconds).
_SECONDS_CEILING = 10**11
#: Most tags taken for one record (as many as a library file keeps).
MAX_TAGS = 500
#: Most highlights taken for one record.
MAX_HIGHLIGHTS = 5_000
_HIGHLIGHT_KEYS = frozenset({"exact", "prefix", "suffix", "note", "created"})


class RowError(ValueError):
    """A row is broken; the message says how (it becomes an ImportProblem)."""


def decode_text(data: bytes) -> str:
    """Bytes of a text export as str: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check_url(value: object) -> str:
    """*value* as a fetchable http(s) URL, or RowError saying what is wrong with it."""
    if not isinstance(value, str) or not value.strip():
        raise RowError("no URL")
    try:
        url = validate_url(value)
    except InvalidURLError as exc:
        raise RowError(str(exc)) from None
    if clean_line(url) != url:  # the library would store it without them: another address
        raise RowError(f"web address contains control characters: {clean_line(url)[:200]}")
    return url


def parse_time(value: object) -> datetime | None:
    """A saved-at time from a unix timestamp (s, ms or µs) or ISO 8601 text; None if absent.

    Raises RowError for a value that is present but not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RowError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _from_number(float(value))
    text = str(value)[:100].strip()  # no date is longer; a huge "date" is not parsed whole
    if not text:
        return None
    try:
        return _from_number(float(text))
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        raise RowError(f"not a date: {clean_line(text)[:40]!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _from_number(number: float) -> datetime:
    if not math.isfinite(number) or number < 0:  # NaN, infinity, or before 1970
        raise RowError(f"not a date: {number!r}")
    while number > _SECONDS_CEILING:
        number /= 1000
    try:
        return datetime.fromtimestamp(int(number), UTC)
    except (OverflowError, OSError, ValueError):
        raise RowError(f"not a date: {number!r}") from None


def split_tags(value: object, separators: str = ",") -> tuple[str, ...]:
    """Tags from a separated string or a list; empty pieces and repeats dropped."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        # Only text and numbers: a list or mapping in a tag list is not a tag (and may
        # be huge once printed).
        pieces = [
            str(item) for item in value[: MAX_TAGS * 2] if isinstance(item, str | int | float)
        ]
    else:
        text = str(value)[: MAX_TAGS * 200]
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        pieces = text.split(separators[0]) if separators else [text]
    tags: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        tag = normalize_tag(piece[:1000]).replace(",", " ").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
            if len(tags) >= MAX_TAGS:
                break
    return tuple(tags)


def clean_title(value: object) -> str | None:
    """A title as one clean line of bounded length (`reader.text.sanitize.MAX_TITLE`,
    cut at a word with an ellipsis), or None when empty or not text."""
    return _clean_title(value)


def highlight_from(item: object) -> ImportedHighlight | None:
    """A highlight from one entry of a sidecar-shaped list (reader's own export and
    sidecars); None when it has no quote. Every field is cleaned by `ImportedHighlight`."""
    if not isinstance(item, dict) or not isinstance(item.get("exact"), str):
        return None
    if not item["exact"].strip():
        return None
    fields: dict[str, Any] = item
    created = fields.get("created")
    return ImportedHighlight(
        exact=fields["exact"],
        note=_text(fields.get("note")),
        created=created if isinstance(created, str) else None,
        prefix=_text(fields.get("prefix")),
        suffix=_text(fields.get("suffix")),
        more={k: v for k, v in fields.items() if k not in _HIGHLIGHT_KEYS},
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


_TRUE = frozenset({"1", "true", "yes", "y", "t"})


def parse_flag(value: object) -> bool:
    """A yes/no field: true, "true", "1", "yes" (any case) are yes; anything else no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value.strip().casefold() in _TRUE


def parse_progress(value: object, *, percent: bool = False) -> float | None:
    """Reading progress as a fraction 0 to 1, from a fraction, or a percentage (when
    *percent*, or when written with "%" or above 1); None when absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.endswith("%"):
        percent, text = True, text[:-1]
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    if percent or number > 1:
        number /= 100
    return min(1.0, number)


def list_text(value: object) -> list[str]:
    """The items of a list written as text: JSON (``["a", "b"]``), Python's repr
    (``['a', 'b']``, as Readwise writes it) or comma-separated (``a, b``)."""
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int | float)]
    text = str(value or "").strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        items = re.findall(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([^,'"]+)""", inner)
        return [a or b or c.strip() for a, b, c in items if (a or b or c.strip())]
    return [piece.strip() for piece in text.split(",") if piece.strip()]


def extra_text(**fields: object) -> dict[str, object]:
    """The text fields among *fields* that hold something (for `ImportRecord.extra`)."""
    return {k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}
