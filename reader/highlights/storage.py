"""The highlights sidecar: ``articles/<stem>.highlights.json`` beside the article file.

The importers write the same file (``reader.importers.highlights``): a JSON list
of ``{"exact", "prefix", "suffix", "note", "created"}`` objects. This module
reads that shape and writes it back extended with ``id``, ``start``/``end`` (the
position in the article's plain text) and ``updated``; fields it does not know
are kept. The sidecar, like the markdown, is the truth: the index copies it.

A removed highlight stays in the sidecar for a while as a *tombstone*: its entry
with a ``removed`` time. That is what makes removing undoable from the command
line (``reader unhighlight --undo``) and what tells a sync merge that the
highlight was removed on one machine, rather than added on the other. Tombstones
older than `TOMBSTONE_DAYS` (and beyond the latest `MAX_TOMBSTONES`) are dropped
when the sidecar is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reader.errors import StoreError
from reader.highlights.model import Highlight
from reader.models import Entry
from reader.store.files import HIGHLIGHTS_SUFFIX, atomic_write_bytes
from reader.text.sanitize import clean_line
from reader.text.sizes import byte_size

SIDECAR_SUFFIX = HIGHLIGHTS_SUFFIX
#: A sidecar larger than this is not read (a hand-dropped huge file must not hang listing).
MAX_SIDECAR_BYTES = 16_000_000
#: How long a removed highlight can be brought back (and is known as removed to a merge).
TOMBSTONE_DAYS = 90
#: At most this many removed highlights are kept per article, the latest ones.
MAX_TOMBSTONES = 200


def sidecar_name(article_file: str) -> str:
    """The sidecar's file name for the article file *article_file* (``<stem>.md``)."""
    return Path(article_file).stem + SIDECAR_SUFFIX


def article_name(sidecar: str) -> str:
    """The article file name a sidecar belongs to."""
    return sidecar.removesuffix(SIDECAR_SUFFIX) + ".md"


def sidecar_path(articles_dir: Path, entry: Entry) -> Path:
    """Where the highlights of *entry* are kept."""
    return articles_dir / sidecar_name(entry.path)


def _load(path: Path) -> list[Any]:
    """The JSON list in the sidecar at *path* (empty when there is none)."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise StoreError(f"{path.name}: larger than {byte_size(MAX_SIDECAR_BYTES)}")
        data = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{path.name}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise StoreError(f"{path.name}: not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise StoreError(f"{path.name}: expected a JSON list of highlights")
    return data


def is_tombstone(item: object) -> bool:
    """True for a sidecar entry that records a removed highlight."""
    return isinstance(item, dict) and bool(item.get("removed"))


def read_sidecar(path: Path) -> list[Highlight]:
    """The highlights in the sidecar at *path* (empty when there is none).

    Entries without a quote, and removed ones (tombstones), are skipped; repeated
    ids are made unique. A sidecar that is not a JSON list raises StoreError (it
    is never overwritten blindly).
    """
    found: list[Highlight] = []
    ids: set[str] = set()
    for item in _load(path):
        if not isinstance(item, dict) or is_tombstone(item):
            continue
        highlight = Highlight.from_json(item)
        if highlight is None:
            continue
        if highlight.id in ids:
            from dataclasses import replace

            number = 2
            while f"{highlight.id}-{number}" in ids:
                number += 1
            highlight = replace(highlight, id=f"{highlight.id}-{number}")
        ids.add(highlight.id)
        found.append(highlight)
    return found


@dataclass(frozen=True)
class Removed:
    """A removed highlight as its tombstone keeps it, and when it was removed."""

    highlight: Highlight
    """The highlight as it was when removed (note included)."""
    when: str
    """When it was removed, ISO 8601."""

    def to_json(self) -> dict[str, Any]:
        """The tombstone as the sidecar holds it."""
        item = self.highlight.to_json()
        item["removed"] = self.when
        # A tombstone's change time is its removal, so a merge sees it as the newer change.
        item["updated"] = max(self.when, str(item.get("updated") or ""))
        return item


def read_removed(path: Path) -> list[Removed]:
    """The removed highlights still remembered in the sidecar at *path*, latest first."""
    found: list[Removed] = []
    for item in _load(path):
        if not is_tombstone(item):
            continue
        highlight = Highlight.from_json(item)
        if highlight is not None:
            highlight.extra.pop("removed", None)
            found.append(Removed(highlight, clean_line(str(item["removed"]))[:40]))
    found.sort(key=lambda removed: removed.when, reverse=True)
    return found


def _kept(removed: list[Removed], now: datetime | None = None) -> list[Removed]:
    """The tombstones worth keeping: recent ones, at most `MAX_TOMBSTONES`."""
    limit = ((now or datetime.now(UTC)) - timedelta(days=TOMBSTONE_DAYS)).isoformat()
    recent = sorted((r for r in removed if r.when >= limit), key=lambda r: r.when, reverse=True)
    return recent[:MAX_TOMBSTONES]


def write_sidecar(
    path: Path, highlights: list[Highlight], removed: list[Removed] | None = None
) -> None:
    """Write *highlights* to the sidecar at *path* atomically (removing it when empty).

    *removed* are the tombstones to keep; None keeps those the file holds now, except
    for the ids in *highlights* (a highlight put back is no longer removed).
    """
    if removed is None:
        live = {h.id for h in highlights}
        try:
            removed = [r for r in read_removed(path) if r.highlight.id not in live]
        except StoreError:
            removed = []
    tombstones = _kept(removed)
    if not highlights and not tombstones:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"could not remove {path.name}: {exc.strerror or exc}") from None
        return
    items = [h.to_json() for h in highlights] + [r.to_json() for r in tombstones]
    text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
