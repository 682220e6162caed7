"""Imported highlights, kept beside the article as ``articles/<stem>.highlights.json``.

The sidecar is a JSON list of W3C TextQuoteSelector-shaped objects,
``{"exact", "prefix", "suffix", "note", "created"}``, the shape the highlights
feature will read. Library scans only ``*.md`` files, so sidecars never show
up as articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from reader.models import Entry
from reader.store.files import atomic_write_bytes

SIDECAR_SUFFIX = ".highlights.json"


def sidecar_path(articles_dir: Path, entry: Entry) -> Path:
    """Where the highlights of *entry* are kept."""
    return articles_dir / (Path(entry.path).stem + SIDECAR_SUFFIX)


def read_highlights(articles_dir: Path, entry: Entry) -> list[dict[str, str]]:
    """The highlights kept for *entry* (an empty list when none, or the file is broken)."""
    try:
        data = json.loads(sidecar_path(articles_dir, entry).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [
        {k: str(v) for k, v in item.items() if isinstance(v, str)}
        for item in data
        if isinstance(item, dict) and isinstance(item.get("exact"), str)
    ]


def add_highlights(articles_dir: Path, entry: Entry, highlights: Iterable[dict[str, str]]) -> int:
    """Add *highlights* to *entry*'s sidecar, skipping ones already there; returns how many."""
    kept = read_highlights(articles_dir, entry)
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
        text = json.dumps(kept, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(sidecar_path(articles_dir, entry), text.encode("utf-8"))
    return added
