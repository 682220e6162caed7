"""The highlights sidecar: ``articles/<stem>.highlights.json`` beside the article file.

The importers write the same file (``reader.importers.highlights``): a JSON list
of ``{"exact", "prefix", "suffix", "note", "created"}`` objects. This module
reads that shape and writes it back extended with ``id``, ``start``/``end`` (the
position in the article's plain text) and ``updated``; fields it does not know
are kept. The sidecar, like the markdown, is the truth: the index copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.errors import StoreError
from reader.highlights.model import Highlight
from reader.models import Entry
from reader.store.files import HIGHLIGHTS_SUFFIX, atomic_write_bytes
from reader.text.sizes import byte_size

SIDECAR_SUFFIX = HIGHLIGHTS_SUFFIX
#: A sidecar larger than this is not read (a hand-dropped huge file must not hang listing).
MAX_SIDECAR_BYTES = 16_000_000


def sidecar_name(article_file: str) -> str:
    """The sidecar's file name for the article file *article_file* (``<stem>.md``)."""
    return Path(article_file).stem + SIDECAR_SUFFIX


def article_name(sidecar: str) -> str:
    """The article file name a sidecar belongs to."""
    return sidecar.removesuffix(SIDECAR_SUFFIX) + ".md"


def sidecar_path(articles_dir: Path, entry: Entry) -> Path:
    """Where the highlights of *entry* are kept."""
    return articles_dir / sidecar_name(entry.path)


def read_sidecar(path: Path) -> list[Highlight]:
    """The highlights in the sidecar at *path* (empty when there is none).

    Entries without a quote are skipped; repeated ids are made unique. A sidecar
    that is not a JSON list raises StoreError (it is never overwritten blindly).
    """
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
    found: list[Highlight] = []
    ids: set[str] = set()
    for item in data:
        if not isinstance(item, dict):
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


def write_sidecar(path: Path, highlights: list[Highlight]) -> None:
    """Write *highlights* to the sidecar at *path* atomically (removing it when empty)."""
    if not highlights:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"could not remove {path.name}: {exc.strerror or exc}") from None
        return
    text = json.dumps([h.to_json() for h in highlights], ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
