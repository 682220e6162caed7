"""A folder of markdown files with YAML front matter, as ``reader export --format markdown``
writes it (and as Obsidian and similar tools keep notes).

Each ``*.md`` file with a ``url`` in its front matter becomes an entry: its title,
tags, dates and state from the front matter, its body as the article (unless
``fetched: false``), and its ``<stem>.highlights.json`` sidecar, if any, as its
highlights. Files without a URL are reported and skipped.

The folder is untrusted: only regular files of a bounded size are read (a named
pipe, a device, a link out of the folder or a huge file is reported in one line
and skipped), its front matter may not expand through YAML aliases, the walk is
bounded in depth and in entries, and one bad file never stops the others.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.errors import ImportFormatError, StoreError
from reader.images.transfer import imported_markdown
from reader.importers.common import (
    MAX_HIGHLIGHTS,
    RowError,
    check_url,
    clean_title,
    highlight_from,
    parse_time,
    split_tags,
)
from reader.importers.limits import DEFAULT_LIMITS, FileRefused, ImportLimits, read_inside
from reader.importers.records import ImportedHighlight, ImportProblem, ImportRecord, ParsedImport
from reader.store.files import HIGHLIGHTS_SUFFIX, strip_title
from reader.store.frontmatter import parse_document
from reader.text.sizes import byte_size

NAME = "markdown-dir"

_EXTRA_TEXT = ("byline", "site", "published", "lang", "excerpt", "lead_image", "canonical_url")

#: Largest highlights sidecar read (as the library's own sidecars).
MAX_SIDECAR_BYTES = 16_000_000


def parse_dir(folder: Path, limits: ImportLimits = DEFAULT_LIMITS) -> ParsedImport:
    """Read every markdown file of *folder* (and its subfolders), within *limits*.

    Each note is read once here for its front matter; its body is read again only
    when the record is added (`ImportRecord.content_source`), so memory does not
    grow with the folder.
    """
    result = ParsedImport(NAME)
    files = _note_paths(folder, limits, result.problems)
    limit = min(limits.max_member_bytes, limits.max_article_bytes)
    total = 0
    for number, path in enumerate(files, start=1):
        name = str(path.relative_to(folder))
        try:
            meta, markdown, image_ids, size = _read_note(path, folder, limit)
            total += size
            if total > limits.max_total_bytes:
                raise ImportFormatError(
                    f"the markdown files add up to more than {byte_size(limits.max_total_bytes)}"
                )
            fetched = meta.get("fetched", True) is not False and bool(markdown.strip())
            source = _content_source(path, folder, limit) if fetched else None
            del markdown  # read again when the record is added
            record = _record(meta, source, image_ids, path, folder, number, result.problems)
            result.records.append(record)
        except (RowError, StoreError, FileRefused) as exc:
            result.problems.append(ImportProblem(1, f"{name}: {exc}", number))
        except OSError as exc:
            result.problems.append(ImportProblem(1, f"{name}: {exc.strerror or exc}", number))
    return result


def _read_note(path: Path, folder: Path, limit: int) -> tuple[dict[str, Any], str, list[str], int]:
    """Note *path*: its front matter, its article markdown (title heading removed, image
    links made library-style), the article ids its images are filed under, its size."""
    data = read_inside(path, folder, limit)
    size = len(data)
    meta, body = parse_document(data.decode("utf-8", errors="replace"), strict=True)
    del data
    url = meta.get("url")
    markdown = strip_title(clean_title(meta.get("title")) or str(url or ""), body)
    if not markdown.strip():
        return meta, markdown, [], size
    markdown, image_ids = imported_markdown(markdown)
    return meta, markdown, image_ids, size


def _content_source(path: Path, folder: Path, limit: int) -> Callable[[], str]:
    """Reads note *path*'s markdown again when its record is added."""
    name = str(path.relative_to(folder))

    def read() -> str:
        try:
            return _read_note(path, folder, limit)[1]
        except (StoreError, FileRefused) as exc:
            raise StoreError(f"{name}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{name}: {exc.strerror or exc}") from None

    return read


def _note_paths(folder: Path, limits: ImportLimits, problems: list[ImportProblem]) -> list[Path]:
    """The ``*.md`` names under *folder*, sorted; folders that cannot be read are reported.

    Walked without recursion and without following links to folders, at most
    `ImportLimits.max_depth` deep and `ImportLimits.max_folder_entries` entries in all.
    """
    found: list[Path] = []
    seen = 0
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    seen += 1
                    if seen > limits.max_folder_entries:
                        raise ImportFormatError(
                            f"{folder} holds more than {limits.max_folder_entries:,} "
                            "files and folders"
                        )
                    if entry.is_dir(follow_symlinks=False):
                        if depth < limits.max_depth:
                            stack.append((Path(entry.path), depth + 1))
                        else:
                            where = Path(entry.path).relative_to(folder)
                            reason = f"{where}: more than {limits.max_depth} folders deep; not read"
                            problems.append(ImportProblem(0, reason))
                    elif entry.name.endswith(".md"):
                        found.append(Path(entry.path))
                        if len(found) > limits.max_members:
                            raise ImportFormatError(
                                f"{folder} has more than {limits.max_members} markdown files"
                            )
        except OSError as exc:
            if current == folder:
                raise ImportFormatError(f"cannot read {folder}: {exc.strerror or exc}") from None
            reason = f"{current.relative_to(folder)}: {exc.strerror or exc}"
            problems.append(ImportProblem(0, reason))
    found.sort()
    return found


def _record(
    meta: dict[str, Any],
    source: Callable[[], str] | None,
    image_ids: list[str],
    path: Path,
    folder: Path,
    number: int,
    problems: list[ImportProblem],
) -> ImportRecord:
    url = check_url(meta.get("url"))
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
    if source is not None and len(image_ids) == 1:  # an article links only its own images
        extra["image_source"] = (str(path.parent), image_ids[0])
    saved = meta.get("saved_at")
    tags = meta.get("tags") or []
    return ImportRecord(
        url=url,
        line=number,
        title=clean_title(meta.get("title")),
        tags=split_tags(tags if isinstance(tags, str | list) else []),
        saved_at=parse_time(None if saved is None else str(saved)),
        status="archived" if meta.get("status") == "archived" else "unread",
        favorite=meta.get("favorite") is True,
        content_source=source,
        highlights=_sidecar(path, folder, number, problems),
        extra=extra,
    )


def _sidecar(
    note: Path, folder: Path, number: int, problems: list[ImportProblem]
) -> tuple[ImportedHighlight, ...]:
    """The highlights kept beside *note*; a sidecar that cannot be read is reported (the
    note still imports, without them)."""
    path = note.with_name(note.stem + HIGHLIGHTS_SUFFIX)
    name = str(path.relative_to(folder))

    def skipped(reason: str) -> tuple[ImportedHighlight, ...]:
        problems.append(ImportProblem(1, f"{name}: {reason}; the note imports without it", number))
        return ()

    try:
        os.lstat(path)
    except OSError:
        return ()  # no sidecar: no highlights
    try:
        data: Any = json.loads(read_inside(path, folder, MAX_SIDECAR_BYTES))
    except FileRefused as exc:
        return skipped(str(exc))
    except OSError as exc:
        return skipped(str(exc.strerror or exc))
    except (ValueError, RecursionError):
        return skipped("not valid JSON")
    if not isinstance(data, list):
        return skipped("not a JSON list of highlights")
    if len(data) > MAX_HIGHLIGHTS:
        reason = f"{name}: more than {MAX_HIGHLIGHTS} highlights; the first {MAX_HIGHLIGHTS} kept"
        problems.append(ImportProblem(1, reason, number))
    found = (highlight_from(item) for item in data[:MAX_HIGHLIGHTS])
    return tuple(h for h in found if h is not None)
