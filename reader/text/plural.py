"""Counts written for people: "1 entry", "2 entries", "0 articles"."""

from __future__ import annotations

_SIBILANT = ("s", "x", "z", "ch", "sh")


def plural(noun: str) -> str:
    """The regular English plural of *noun* (its last word): "try" -> "tries",
    "match" -> "matches", "image file" -> "image files"."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    if noun.endswith(_SIBILANT):
        return noun + "es"
    return noun + "s"


def count(number: int, noun: str, many: str | None = None) -> str:
    """*number* and *noun*, plural unless the number is one: ``count(1, "try")`` is
    "1 try", ``count(3, "try")`` "3 tries"; *many* gives an irregular plural."""
    word = noun if number == 1 else many or plural(noun)
    return f"{number} {word}"
