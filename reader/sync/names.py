"""Recognising what a sync engine leaves behind when two machines changed one file.

Syncthing keeps the losing version beside the winner as
``<stem>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<device>.<ext>`` (for ``a.highlights.json``:
``a.highlights.sync-conflict-20261207-101500-ABCDEF7.json``). git, without a merge
driver, writes both versions into the file between conflict markers.
"""

from __future__ import annotations

import re

_SYNCTHING = re.compile(
    r"^(?P<stem>.+?)\.sync-conflict-(?P<stamp>\d{8}-\d{6})-(?P<device>[A-Za-z0-9]{7})"
    r"(?P<ext>\.[^.]*)?$"
)
_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?$")


def is_conflict_copy(name: str) -> bool:
    """True for a file name Syncthing gives the losing side of a conflict."""
    return ".sync-conflict-" in name and _SYNCTHING.match(name) is not None


def original_of(name: str) -> str | None:
    """The name of the file a Syncthing conflict copy belongs to (None: not a copy)."""
    match = _SYNCTHING.match(name)
    if match is None:
        return None
    return match["stem"] + (match["ext"] or "")


def conflict_stamp(name: str) -> str:
    """The ``YYYYMMDD-HHMMSS`` of a conflict copy's name (empty for other names)."""
    match = _SYNCTHING.match(name)
    return match["stamp"] if match else ""


def has_conflict_markers(text: str) -> bool:
    """True when *text* holds a whole git conflict (a ``<<<<<<<`` line, then ``=======``
    and ``>>>>>>>`` lines)."""
    if "<<<<<<<" not in text:
        return False
    return split_conflict(text) is not None


def split_conflict(text: str) -> tuple[str, str | None, str] | None:
    """The two versions git wrote into *text* between conflict markers, as
    ``(ours, base, theirs)`` (base only in diff3 style, else None); None when the
    markers are not well formed (then the text is left as it is)."""
    ours: list[str] = []
    base: list[str] = []
    theirs: list[str] = []
    had_base = False
    state = "both"
    seen = False
    for line in text.splitlines(keepends=True):
        match = _MARKER.match(line.rstrip("\r\n"))
        kind = match.group(1)[0] if match else ""
        if state == "both":
            if kind == "<":
                state, seen = "ours", True
                continue
            if kind in ("=", ">", "|"):
                return None
            ours.append(line)
            base.append(line)
            theirs.append(line)
        elif state == "ours":
            if kind == "|":
                state, had_base = "base", True
            elif kind == "=":
                state = "theirs"
            elif kind:
                return None
            else:
                ours.append(line)
        elif state == "base":
            if kind == "=":
                state = "theirs"
            elif kind:
                return None
            else:
                base.append(line)
        else:  # theirs
            if kind == ">":
                state = "both"
            elif kind:
                return None
            else:
                theirs.append(line)
    if not seen or state != "both":
        return None
    return "".join(ours), ("".join(base) if had_base else None), "".join(theirs)
