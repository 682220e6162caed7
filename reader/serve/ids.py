"""The integer ids wallabag clients need, derived from reader's hex ids.

An article's number is the integer of the first 12 hex digits of its id (ids are
10 digits, so all of it): the same on every machine that syncs the library, needing
no counter and no new field in the file, and below 2**53, so JavaScript and Lua
clients hold it exactly. A highlight's number is its 8 hex digits as an integer; a
tag's is derived from its name folded to lower case.
"""

from __future__ import annotations

import hashlib

from reader.errors import NotFoundError, ReaderError
from reader.library import Library
from reader.models import Entry

#: Largest number a client could send that means anything (16**12).
MAX_NUMBER = 16**12


def entry_number(entry_id: str) -> int:
    """The wallabag id of the article *entry_id*."""
    return int(entry_id[:12], 16)


def find_entry(library: Library, number: int) -> Entry:
    """The article whose wallabag id is *number*; NotFoundError when none is."""
    if not 0 <= number < MAX_NUMBER:
        raise NotFoundError(f"no article with id {number}")
    for key in (f"{number:010x}", f"{number:012x}"):
        try:
            entry = library.get(key)
        except ReaderError:
            continue
        if entry_number(entry.id) == number:
            return entry
    raise NotFoundError(f"no article with id {number}")


def highlight_number(highlight_id: str) -> int:
    """The wallabag id of a highlight (its hex id as an integer; 0 for a non-hex one)."""
    try:
        return int(highlight_id[:8], 16)
    except ValueError:
        return int(hashlib.sha256(highlight_id.encode()).hexdigest()[:8], 16)


def tag_number(tag: str) -> int:
    """The wallabag id of tag *tag* (case does not matter)."""
    return int(hashlib.sha256(tag.casefold().encode("utf-8")).hexdigest()[:12], 16)


def tag_slug(tag: str) -> str:
    """The slug of a tag: lower case, spaces as dashes."""
    return "-".join(tag.casefold().split())
