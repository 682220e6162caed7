"""Imported highlights, kept beside the article as ``articles/<stem>.highlights.json``.

The sidecar is a JSON list of W3C TextQuoteSelector-shaped objects,
``{"exact", "prefix", "suffix", "note", "created"}``, the shape `reader.highlights`
reads (it adds ``id``, ``start``/``end`` and ``updated`` when it anchors them).
Imported highlights are written there and put into the index at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.models import Entry
from reader.store.files import HIGHLIGHTS_SUFFIX, atomic_write_bytes

if TYPE_CHECKING:
    from reader.library import Library


def sidecar_path(articles_dir: Path, entry: Entry) -> Path:
    """Where the highlights of *entry* are kept."""
    return articles_dir / (Path(entry.path).stem + HIGHLIGHTS_SUFFIX)


def read_highlights(articles_dir: Path, entry: Entry) -> list[dict[str, Any]]:
    """The highlights kept for *entry*, every field as stored (empty when none or broken)."""
    try:
        data = json.loads(sidecar_path(articles_dir, entry).read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, dict) and isinstance(item.get("exact"), str)]


def add_highlights(library: Library, entry: Entry, highlights: Iterable[dict[str, Any]]) -> int:
    """Add *highlights* to *entry*'s sidecar, skipping ones already there; returns how many.

    Read, merged and written under the library's lock, like every other change of a
    sidecar, so a highlight made meanwhile in the app is not lost.
    """
    with library.write_lock():
        return _add_locked(library, entry, highlights)


def _add_locked(library: Library, entry: Entry, highlights: Iterable[dict[str, Any]]) -> int:
    articles = library.files.articles
    kept = read_highlights(articles, entry)
    seen = {(h.get("exact", ""), h.get("note", "")) for h in kept}
    added = 0
    for item in highlights:
        key = (item.get("exact", ""), item.get("note", ""))
        if not key[0] or key in seen:
            continue
        seen.add(key)
        kept.append(dict(item))
        added += 1
    if added:
        from reader.highlights.indexing import index_sidecar
        from reader.highlights.storage import read_sidecar

        path = sidecar_path(articles, entry)
        text = json.dumps(kept, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
        index_sidecar(library.index, entry.id, path, read_sidecar(path))
    return added
