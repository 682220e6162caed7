"""Merging versions of one article that two machines changed apart.

An article is its front matter (a mapping) and its body. Two versions made apart
(a Syncthing conflict copy and its winner) merge field by field:

- ``tags``: the union (a tag added on either side is kept);
- ``status``, ``favorite``, ``progress``: the value of the side that changed it
  last, by the time each change leaves in the front matter's ``changed`` mapping
  (a side with no time for a field never changed it since the article was saved);
- the body with the page's metadata (title, byline, word count...): from the newer
  extraction (``changed.body``) or hand edit (a body that no longer matches the
  ``body_digest`` reader wrote, dated by its file's time); a fetched body always
  beats an unfetched link;
- anything else (a field reader does not know, a user's own key): kept from both,
  the newer side's value where both have one.

With the common ancestor too (git's merge driver), a field only one side changed
takes that side's value, and a tag removed on one side stays removed.

Ties are broken by the file's modification time, which Syncthing and git carry
unchanged to every machine, then by the values themselves, so every machine that
merges the same two versions writes the same bytes (and the sync engine sees one
change, not a new conflict).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from reader.store.frontmatter import edit_time

STATE_FIELDS = ("status", "favorite", "progress")
"""Front-matter fields whose newest change wins."""
CONTENT_FIELDS = (
    "title",
    "canonical_url",
    "byline",
    "site",
    "published",
    "lang",
    "excerpt",
    "lead_image",
    "word_count",
    "reading_minutes",
    "fetched",
    "fetch_error",
    "fetch_attempts",
)
"""Front-matter fields that come with the body: they follow the newer extraction."""
CHANGED = "changed"
"""The front-matter mapping of field -> ISO time of its last change."""
BODY = "body"
"""The key of the body's change time in ``changed``."""


@dataclass(frozen=True)
class Version:
    """One version of an article file: its front matter, its body, when it was written."""

    meta: dict[str, Any]
    body: str
    mtime_ns: int = 0


@dataclass
class Merged:
    """The result of a merge, and what it took from where (for the one-line report)."""

    meta: dict[str, Any]
    body: str
    notes: list[str] = field(default_factory=list)
    """What was united or chosen, e.g. "tags from both", "status from the copy"."""


def _changed(meta: dict[str, Any]) -> dict[str, str]:
    value = meta.get(CHANGED)
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)}


def _key(value: Any) -> str:
    """A total order over front-matter values, for deterministic tie breaks."""
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _stamp(version: Version, name: str) -> str:
    """When *version* last changed field *name* (its body: a hand edit counts, at the
    file's modification time, see `reader.store.frontmatter.hand_edited`)."""
    when = _changed(version.meta).get(name, "")
    if name == BODY:
        edited = edit_time(version.meta, version.body, version.mtime_ns)
        if edited is not None and edited > when:
            return edited
    return when


def _newer(a: Version, b: Version, name: str) -> Version:
    """The version whose change of *name* is the latest (ties: the newer file, then values)."""
    ta, tb = _stamp(a, name), _stamp(b, name)
    if ta != tb:
        return a if ta > tb else b
    if a.mtime_ns != b.mtime_ns:
        return a if a.mtime_ns > b.mtime_ns else b
    if name == BODY:
        title_a, title_b = _key(a.meta.get("title")), _key(b.meta.get("title"))
        return a if (title_a, a.body) >= (title_b, b.body) else b
    return a if _key(a.meta.get(name)) >= _key(b.meta.get(name)) else b


def _newer_file(a: Version, b: Version) -> Version:
    """The version written last (ties: by content, so the choice is the same everywhere)."""
    if a.mtime_ns != b.mtime_ns:
        return a if a.mtime_ns > b.mtime_ns else b
    return a if (_key(a.meta), a.body) >= (_key(b.meta), b.body) else b


def _tag_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return []
    return [str(t).strip() for t in value if isinstance(t, str | int | float) and str(t).strip()]


def _union(*lists: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for tags in lists:
        for tag in tags:
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
    return out


def _body_source(a: Version, b: Version) -> Version:
    """The version whose body (and page metadata) the merge keeps."""
    fetched_a = a.meta.get("fetched", True) is not False
    fetched_b = b.meta.get("fetched", True) is not False
    if fetched_a != fetched_b:
        return a if fetched_a else b
    return _newer(a, b, BODY)


def merge_versions(a: Version, b: Version) -> Merged:
    """Merge two versions of one article made apart (no common ancestor known).

    Symmetric: ``merge_versions(a, b)`` and ``merge_versions(b, a)`` give the same result.
    """
    if _key(a.meta.get("id")) != _key(b.meta.get("id")):
        raise ValueError("two different articles")
    newer, older = (a, b) if _newer_file(a, b) is a else (b, a)
    notes: list[str] = []
    meta: dict[str, Any] = {}
    for key in list(newer.meta) + [k for k in older.meta if k not in newer.meta]:
        meta[key] = newer.meta[key] if key in newer.meta else older.meta[key]
    tags_a, tags_b = _tag_list(newer.meta.get("tags")), _tag_list(older.meta.get("tags"))
    tags = _union(tags_a, tags_b)
    if "tags" in meta or tags:
        meta["tags"] = tags
    if len(tags) > max(len(tags_a), len(tags_b)):
        notes.append("tags from both")
    for name in STATE_FIELDS:
        if a.meta.get(name) == b.meta.get(name):
            continue
        source = _newer(a, b, name)
        if name in source.meta:
            meta[name] = source.meta[name]
        notes.append(f"newest {name}")
    body_from = _body_source(a, b)
    for name in CONTENT_FIELDS:
        if name in body_from.meta:
            meta[name] = body_from.meta[name]
        else:
            meta.pop(name, None)
    if a.body != b.body:
        notes.append("newer text")
    saved = sorted(str(v.meta["saved_at"]) for v in (a, b) if v.meta.get("saved_at"))
    if saved:
        first = a if str(a.meta.get("saved_at")) == saved[0] else b
        meta["saved_at"] = first.meta["saved_at"]
    stamps = _changed(a.meta)
    for name, when in _changed(b.meta).items():
        stamps[name] = max(stamps.get(name, ""), when)
    if a.body != b.body and _stamp(body_from, BODY) > stamps.get(BODY, ""):
        stamps[BODY] = _stamp(body_from, BODY)  # the hand edit that won, on record
    if stamps:
        meta[CHANGED] = dict(sorted(stamps.items()))
    return Merged(meta, body_from.body, notes)


def merge_three(base: Version | None, ours: Version, theirs: Version) -> Merged:
    """Merge *ours* and *theirs* with their common ancestor *base* (git's three versions).

    A field that only one side changed takes that side's value; a tag removed on one
    side stays removed; where both changed a field, the two-version rules decide.
    Without *base*, this is `merge_versions`.
    """
    if base is None:
        return merge_versions(ours, theirs)
    both = merge_versions(ours, theirs)
    meta = dict(both.meta)
    notes = list(both.notes)
    keys = set(ours.meta) | set(theirs.meta) | set(base.meta)
    for key in keys - {"tags", CHANGED}:
        o, t, b = ours.meta.get(key), theirs.meta.get(key), base.meta.get(key)
        if o == t or (o != b and t != b):
            continue  # the same on both sides, or changed on both: the two-version rule
        value, present = (t, key in theirs.meta) if o == b else (o, key in ours.meta)
        if present:
            meta[key] = value
        else:
            meta.pop(key, None)
    base_tags = {t.casefold() for t in _tag_list(base.meta.get("tags"))}
    ours_tags, theirs_tags = _tag_list(ours.meta.get("tags")), _tag_list(theirs.meta.get("tags"))
    removed = {t.casefold() for t in base_tags} - (
        {t.casefold() for t in ours_tags} & {t.casefold() for t in theirs_tags}
    )
    tags = [t for t in _union(ours_tags, theirs_tags) if t.casefold() not in removed]
    if tags or "tags" in meta:
        meta["tags"] = tags
    if ours.body == base.body:
        body = theirs.body
    elif theirs.body == base.body:
        body = ours.body
    else:
        body = both.body
    return Merged(meta, body, notes)


# -- highlights ---------------------------------------------------------------------------------


def _hid(item: dict[str, Any]) -> str:
    return str(item.get("id") or "")


def _when(item: dict[str, Any]) -> str:
    return str(item.get("updated") or item.get("created") or "")


def _merge_notes(newer: str, older: str) -> str:
    if not older or older in newer:
        return newer
    if not newer or newer in older:
        return older
    return f"{newer}\n\n{older}"


def _order(item: dict[str, Any]) -> tuple[int, int, str, str]:
    start = item.get("start")
    position = start if isinstance(start, int) and not isinstance(start, bool) else -1
    return (position < 0, position, str(item.get("created") or ""), _hid(item))


def merge_highlights(
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    base: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Merge two lists of highlights (as the sidecar holds them), keyed by id.

    Every highlight of either side is kept; one changed on both sides takes the newer
    change, and two different notes are both kept (the newer first). A removed
    highlight is a tombstone (an entry with ``removed``) stamped with its removal
    time, so a removal newer than the other side's last change wins, and a
    highlight put back after its removal wins over the tombstone. With *base*, a
    highlight one side removed and the other left as it was stays removed. The result
    is in reading order, the same on every machine.
    """
    mine = {_hid(h): h for h in ours if _hid(h)}
    other = {_hid(h): h for h in theirs if _hid(h)}
    before = {_hid(h): h for h in base or () if _hid(h)}
    merged: list[dict[str, Any]] = []
    for hid in sorted(set(mine) | set(other)):
        a, b = mine.get(hid), other.get(hid)
        if a is None or b is None:
            kept = a if a is not None else b
            assert kept is not None
            if hid in before and before[hid] == kept:
                continue  # removed on the other side, unchanged on this one
            merged.append(kept)
            continue
        if a == b:
            merged.append(a)
            continue
        newer, older = (a, b) if (_when(a), _key(a)) >= (_when(b), _key(b)) else (b, a)
        item = dict(older)
        item.update(newer)
        if not newer.get("removed"):
            item.pop("removed", None)  # put back after it was removed: live again
        note = _merge_notes(str(newer.get("note") or ""), str(older.get("note") or ""))
        if note:
            item["note"] = note
        merged.append(item)
    merged.sort(key=_order)
    return merged
