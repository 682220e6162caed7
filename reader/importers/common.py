"""Helpers the importers share: decoding text, dates, URLs, tags."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from reader.errors import InvalidURLError
from reader.store.files import normalize_tag
from reader.text.sanitize import clean_line
from reader.web.urls import validate_url

#: Unix timestamps above this are taken as milliseconds (and above its square, microseconds).
_SECONDS_CEILING = 10**11


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
    text = str(value).strip()
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
        pieces = [str(item) for item in value if item is not None]
    else:
        text = str(value)
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        pieces = text.split(separators[0]) if separators else [text]
    tags: list[str] = []
    for piece in pieces:
        tag = normalize_tag(piece).replace(",", " ").strip()
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tuple(tags)


def clean_title(value: object) -> str | None:
    """A title as one clean line, or None when empty."""
    if value is None:
        return None
    return clean_line(str(value)).strip()[:1000] or None
