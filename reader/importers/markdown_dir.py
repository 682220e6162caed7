"""A folder of markdown files with YAML front matter, as ``reader export --format markdown``
writes it (and as Obsidian and similar tools keep notes).

Each ``*.md`` file with a ``url`` in its front matter becomes an entry: its title,
tags, dates and state from the front matter, its body as the article (unless
``fetched: false``), and its ``<stem>.highlights.json`` sidecar, if any, as its
highlights. Files without a URL are reported and skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.errors import ImportFormatError, StoreError
from reader.images.transfer import imported_markdown
from reader.importers.common import RowError, check_url, clean_title, parse_time, split_tags
from reader.importers.limits import DEFAULT_LIMITS, ImportLimits
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport
from reader.store.files import HIGHLIGHTS_SUFFIX, strip_title
from reader.store.frontmatter import parse_document
from reader.text.sizes import byte_size

NAME = "markdown-dir"

_EXTRA_TEXT = ("byline", "site", "published", "lang", "excerpt", "lead_image", "canonical_url")
_HIGHLIGHT_KEYS = frozenset({"exact", "prefix", "suffix", "note", "created"})


def parse_dir(folder: Path, limits: ImportLimits = DEFAULT_LIMITS) -> ParsedImport:
    """Read every markdown file of *folder* (and its subfolders), within *limits*."""
    result = ParsedImport(NAME)
    try:
        files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    except OSError as exc:
        raise ImportFormatError(f"cannot read {folder}: {exc.strerror or exc}") from None
    if len(files) > limits.max_members:
        raise ImportFormatError(
            f"{folder} has {len(files)} markdown files; at most {limits.max_members} are accepted"
        )
    total = 0
    for number, path in enumerate(files, start=1):
        name = str(path.relative_to(folder))
        try:
            size = path.stat().st_size
            if size > limits.max_member_bytes:
                raise RowError(
                    f"{byte_size(size)}; the limit is {byte_size(limits.max_member_bytes)}"
                )
            total += size
            if total > limits.max_total_bytes:
                raise ImportFormatError(
                    f"the markdown files add up to more than {byte_size(limits.max_total_bytes)}"
                )
            text = path.read_bytes().decode("utf-8", errors="replace")
            result.records.append(_record(text, path, number))
        except (RowError, StoreError) as exc:
            result.problems.append(ImportProblem(1, f"{name}: {exc}", number))
        except OSError as exc:
            result.problems.append(ImportProblem(1, f"{name}: {exc.strerror or exc}", number))
    return result


def _record(text: str, path: Path, number: int) -> ImportRecord:
    meta, body = parse_document(text)
    title = clean_title(meta.get("title"))
    url = check_url(meta.get("url"))
    markdown = strip_title(title or url, body)
    fetched = meta.get("fetched", True) is not False
    extra: dict[str, object] = {}
    for key in _EXTRA_TEXT:
        value = meta.get(key)
        if isinstance(value, str) and value:
            extra[key] = value
    progress = meta.get("progress")
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        extra["progress"] = float(progress)
    for key in ("word_count", "reading_minutes"):
        value = meta.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            extra[key] = value
    if fetched and markdown.strip():
        markdown, image_ids = imported_markdown(markdown)
        if len(image_ids) == 1:  # an article links only its own images
            extra["image_source"] = (str(path.parent), image_ids[0])
    saved = meta.get("saved_at")
    return ImportRecord(
        url=url,
        line=number,
        title=title,
        tags=split_tags(meta.get("tags") or []),
        saved_at=parse_time(None if saved is None else str(saved)),
        status="archived" if meta.get("status") == "archived" else "unread",
        favorite=meta.get("favorite") is True,
        content_markdown=markdown if fetched and markdown.strip() else None,
        highlights=_sidecar(path.with_name(path.stem + HIGHLIGHTS_SUFFIX)),
        extra=extra,
    )


def _sidecar(path: Path) -> tuple[ImportedHighlight, ...]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return ()
    if not isinstance(data, list):
        return ()
    out = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("exact"), str):
            continue
        fields: dict[str, Any] = item
        out.append(
            ImportedHighlight(
                exact=fields["exact"],
                note=str(fields.get("note") or ""),
                created=fields["created"] if isinstance(fields.get("created"), str) else None,
                prefix=str(fields.get("prefix") or ""),
                suffix=str(fields.get("suffix") or ""),
                more={k: v for k, v in fields.items() if k not in _HIGHLIGHT_KEYS},
            )
        )
    return tuple(out)
