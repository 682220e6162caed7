"""Dates as people read them in exports: the day of an ISO 8601 date-time."""

from __future__ import annotations

from datetime import datetime

from reader.text.sanitize import clean_line


def day_of(value: str | None) -> str:
    """The ``YYYY-MM-DD`` day of an ISO 8601 *value*; text that is not one is kept as
    it is (one line, 40 characters at most), and nothing stays nothing."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return clean_line(value)[:40]
