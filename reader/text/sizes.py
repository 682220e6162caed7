"""Byte counts as people read them: "300 bytes", "48 kB", "1.2 MB", "2 GB".

One formatter for every message that states a size (limits, what was saved,
what was freed), in decimal units as file managers and browsers show them.
"""

from __future__ import annotations

_UNITS = (("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1_000))


def byte_size(n: int) -> str:
    """*n* bytes in words: one decimal under 10 of a unit ("1.2 MB"), none above ("48 kB")."""
    for unit, scale in _UNITS:
        if n >= scale:
            value = n / scale
            text = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
            return f"{text} {unit}"
    return "1 byte" if n == 1 else f"{n} bytes"
