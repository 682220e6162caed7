"""Formatting helpers for what the UI shows: dates, reading times, safe one-line text.

Everything that comes from a page (titles, sites, bylines, tags) is treated as
untrusted: it is folded onto one line, stripped of control characters and later
shown literally (as `Content`/`Text`, never parsed as markup).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Literal

from rich.cells import cell_len, set_cell_size

from reader.models import Entry
from reader.text.sanitize import clean_line

ELLIPSIS = "…"


def safe_line(text: str | None) -> str:
    """*text* on one line, without control characters or escape sequences."""
    return clean_line(text or "")


def fit(text: str, width: int) -> str:
    """*text* cut to at most *width* terminal cells, ending in an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    """*text* fitted to exactly *width* terminal cells: cut with an ellipsis, or padded
    with spaces (a CJK character takes two cells, so padding by characters would not do)."""
    piece = fit(text, width)
    return piece + " " * max(0, width - cell_len(piece))


def direction(text: str) -> Literal["ltr", "rtl"]:
    """The direction of a paragraph: that of its first strong character (rule P2 of the
    Unicode bidi algorithm). An Arabic or Hebrew paragraph is right-to-left even when it
    opens with a number or quotes Latin words; one with no strong character is
    left-to-right."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def short_date(moment: datetime) -> str:
    """A saved date as people read it: ``3 Nov 2026`` (absolute, so snapshots are stable)."""
    return f"{moment.day} {moment.strftime('%b %Y')}"


def published_date(value: str | None) -> str:
    """The publication date of an ISO 8601 string, or the string itself when unparsable."""
    if not value:
        return ""
    try:
        return short_date(datetime.fromisoformat(value.strip()))
    except ValueError:
        return safe_line(value)[:40]


def reading_time(minutes: int) -> str:
    """``7 min`` (or an empty string when unknown)."""
    return f"{minutes} min" if minutes > 0 else ""


def site_of(entry: Entry) -> str:
    """The site name, or the host of its URL when the page named none."""
    if entry.site:
        return safe_line(entry.site)
    host = entry.url.split("://", 1)[-1].split("/", 1)[0]
    return safe_line(host.removeprefix("www."))


def progress_bar(progress: float, width: int = 5) -> str:
    """A small bar like ``▰▰▱▱▱`` for reading progress from 0.0 to 1.0."""
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "▰" * filled + "▱" * (width - filled)


def clock(seconds: float) -> str:
    """A duration as a clock: ``1:48``, or ``1:02:03`` past an hour."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
