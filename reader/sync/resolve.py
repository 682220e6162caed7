"""Settling a library folder after a sync engine met two machines' changes to one file.

`Library.sync` runs these under the library's lock before it indexes the files:

- `merge_conflict_copies`: each Syncthing conflict copy is merged into the file it
  belongs to (articles, highlights, the trash), which is written once, and removed;
- `drop_media_conflict_copies` (run by ``reader gc``): a conflict copy of kept HTML or
  of an image (the same page or picture fetched on two machines) is dropped when its
  original is there, or takes its place when not;
- `resolve_markers`: an article or highlights file that git left with conflict
  markers is merged the same way from the two versions between the markers;
- `merge_same_id`: two article files of one id (the same URL saved on two machines
  under two titles) become one;
- `settle_deleted`: an article both in the library and in the trash (deleted on one
  machine, changed on another) ends in one place with both changes: in the library
  when it changed after it was deleted, else in the trash, with its highlights, kept
  HTML and images beside it.

Nothing is removed before what it held is written elsewhere; a file that cannot be
read is reported and left alone (and, being a conflict copy, never indexed).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.errors import StoreError
from reader.store.files import (
    HIGHLIGHTS_SUFFIX,
    IMAGES_DIR,
    MAX_FILE_BYTES,
    SUFFIX,
    ArticleFiles,
    atomic_write_bytes,
    why,
)
from reader.store.frontmatter import dump_document, parse_document
from reader.sync.merge import Merged, Version, merge_highlights, merge_three, merge_versions
from reader.sync.names import has_conflict_markers, is_conflict_copy, original_of, split_conflict
from reader.text.sanitize import clean_line


@dataclass
class Resolution:
    """What settling the folder did: one line per merge, one per file left alone."""

    merged: list[str] = field(default_factory=list)
    """For the user, once: what was merged and from where."""
    problems: list[str] = field(default_factory=list)
    """Files that could not be merged (left as they are)."""

    def extend(self, other: Resolution) -> None:
        """Add *other*'s lines to these."""
        self.merged.extend(other.merged)
        self.problems.extend(other.problems)


def _read(path: Path) -> str:
    if path.is_symlink() or not path.is_file():
        raise StoreError(f"{path.name}: not a regular file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise StoreError(f"{path.name}: too large to merge")
    return path.read_bytes().decode("utf-8", errors="replace")


def _version(path: Path, text: str | None = None) -> Version:
    meta, body = parse_document(_read(path) if text is None else text)
    return Version(meta, body, path.stat().st_mtime_ns)


def _title(meta: dict[str, Any], fallback: str) -> str:
    title = meta.get("title")
    return clean_line(str(title))[:60] if isinstance(title, str) and title.strip() else fallback


def _write_document(path: Path, merged: Merged) -> None:
    data = dump_document(merged.meta, merged.body).encode("utf-8")
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return  # another machine wrote the same merge already
    atomic_write_bytes(path, data)


def _load_list(path: Path, text: str | None = None) -> list[dict[str, Any]]:
    data = json.loads(_read(path) if text is None else text)
    if not isinstance(data, list):
        raise StoreError(f"{path.name}: not a list of highlights")
    return [item for item in data if isinstance(item, dict)]


def _write_list(path: Path, items: list[dict[str, Any]]) -> None:
    data = (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return
    atomic_write_bytes(path, data)


def _merge_highlight_files(target: Path, other: Path) -> int:
    """Merge the highlights sidecar *other* into *target* (created if missing); the count."""
    theirs = _load_list(other)
    ours = _load_list(target) if target.exists() else []
    merged = merge_highlights(ours, theirs)
    _write_list(target, merged)
    return len(merged)


# -- Syncthing conflict copies ------------------------------------------------------------------


def merge_conflict_copies(files: ArticleFiles, in_articles: list[str] | None = None) -> Resolution:
    """Merge every Syncthing conflict copy of an article or highlights file (in the
    articles folder and the trash) into its original.

    *in_articles*: the conflict copies of the articles folder, when the caller has
    listed it already (None: it is listed here).
    """
    result = Resolution()
    copies = in_articles if in_articles is not None else _names(files.articles)
    for folder, names, label in (
        (files.articles, copies, ""),
        (files.trash, _names(files.trash), "trash/"),
    ):
        for name in sorted(names):
            if is_conflict_copy(name):
                result.extend(_merge_copy(folder, name, label))
    return result


def drop_media_conflict_copies(files: ArticleFiles) -> int:
    """Remove the conflict copies of kept HTML and images (the same page or picture
    fetched on two machines), or put one in its original's place when that is missing.

    This walks every image folder, so `reader gc` does it, not every command.
    Returns how many copies were handled.
    """
    handled = 0
    for folder in (files.raw, *_subfolders(files.images), *_subfolders(files.trash / IMAGES_DIR)):
        for name in _names(folder):
            if is_conflict_copy(name):
                _drop_copy(folder, name)
                handled += 1
    return handled


def _names(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [folder / n for n in sorted(os.listdir(folder)) if (folder / n).is_dir()]
    except OSError:
        return []


def _drop_copy(folder: Path, name: str) -> None:
    """A copy of kept HTML or of an image: the same page or picture, fetched twice."""
    original = original_of(name)
    if original is None:
        return
    with contextlib.suppress(OSError):
        if (folder / original).exists():
            (folder / name).unlink()
        else:
            os.replace(folder / name, folder / original)


def _merge_copy(folder: Path, name: str, label: str) -> Resolution:
    result = Resolution()
    original = original_of(name)
    if original is None or original.startswith("."):
        return result
    copy, target = folder / name, folder / original
    try:
        if original.endswith(HIGHLIGHTS_SUFFIX):
            if not target.exists():
                os.replace(copy, target)
                return result
            count = _merge_highlight_files(target, copy)
            copy.unlink()
            result.merged.append(
                f"merged a conflict copy of {label}{original} ({count} highlights, from both)"
            )
        elif original.endswith(SUFFIX):
            if not target.exists():
                os.replace(copy, target)
                return result
            merged = merge_versions(_version(target), _version(copy))
            _write_document(target, merged)
            copy.unlink()
            what = ", ".join(merged.notes) or "the same on both"
            title = _title(merged.meta, original)
            result.merged.append(f"merged a conflict copy of “{title}” ({label}{original}): {what}")
    except (OSError, ValueError, StoreError) as exc:
        reason = _reason(exc)
        result.problems.append(f"{label}{name}: conflict copy not merged ({reason}); left as it is")
    return result


def _reason(exc: Exception) -> str:
    """Why a merge could not be done, in a few words."""
    return why(exc) if isinstance(exc, OSError) else str(exc)


# -- git conflict markers -----------------------------------------------------------------------


def merge_texts(name: str, base: str | None, ours: str, theirs: str) -> tuple[str, list[str]]:
    """Merge three versions (git's) of the article or highlights file *name*: the merged
    text and what it took from where. An empty or missing *base* merges two versions.

    Raises ValueError or StoreError when a version cannot be read as such a file.
    """
    if name.endswith(HIGHLIGHTS_SUFFIX):

        def items(text: str) -> list[dict[str, Any]]:
            data = json.loads(text) if text.strip() else []
            if not isinstance(data, list):
                raise ValueError(f"{name}: not a list of highlights")
            return [item for item in data if isinstance(item, dict)]

        old = items(base) if base is not None and base.strip() else None
        merged_list = merge_highlights(items(ours), items(theirs), old)
        return json.dumps(merged_list, ensure_ascii=False, indent=2) + "\n", [
            "highlights from both"
        ]
    ancestor = Version(*parse_document(base)) if base is not None and base.strip() else None
    merged = merge_three(ancestor, Version(*parse_document(ours)), Version(*parse_document(theirs)))
    return dump_document(merged.meta, merged.body), merged.notes


def resolve_markers(files: ArticleFiles, names: list[str]) -> Resolution:
    """Merge the article files and highlight sidecars among *names* (in the articles
    folder) that hold git conflict markers, from the versions between the markers."""
    result = Resolution()
    for name in names:
        path = files.articles / name
        try:
            text = _read(path)
        except (OSError, StoreError):
            continue
        if not has_conflict_markers(text):
            continue
        sides = split_conflict(text)
        if sides is None:
            continue
        ours, base, theirs = sides
        try:
            text, notes = merge_texts(name, base, ours, theirs)
            data = text.encode("utf-8")
            if data != path.read_bytes():
                atomic_write_bytes(path, data)
            what = ", ".join(notes) or "the same on both"
            if name.endswith(HIGHLIGHTS_SUFFIX):
                result.merged.append(f"merged the git conflict in {name} ({what})")
            else:
                title = _title(parse_document(text)[0], name)
                result.merged.append(f"merged the git conflict in “{title}” ({name}): {what}")
        except (OSError, ValueError, StoreError) as exc:
            reason = _reason(exc)
            result.problems.append(f"{name}: git conflict not merged ({reason}); left as it is")
    return result


# -- one id, two files ----------------------------------------------------------------------------


def id_of_name(name: str) -> str | None:
    """The article id at the end of an article file's name (``<slug>-<id>.md``)."""
    if not name.endswith(SUFFIX):
        return None
    stem = name[: -len(SUFFIX)]
    candidate = stem.rpartition("-")[2]
    if 6 <= len(candidate) <= 40 and all(c in "0123456789abcdef" for c in candidate):
        return candidate
    return None


def _sidecar(folder: Path, article: str) -> Path:
    return folder / (article[: -len(SUFFIX)] + HIGHLIGHTS_SUFFIX)


def merge_same_id(files: ArticleFiles, names: list[str]) -> Resolution:
    """Make one file of two or more article files of one id (in the articles folder).

    The merged article keeps the name that sorts first, so every machine keeps the same.
    """
    result = Resolution()
    keep, *others = sorted(names)
    target = files.articles / keep
    for other in others:
        path = files.articles / other
        try:
            merged = merge_versions(_version(target), _version(path))
            _write_document(target, merged)
            if _sidecar(files.articles, other).exists():
                _merge_highlight_files(
                    _sidecar(files.articles, keep), _sidecar(files.articles, other)
                )
                _sidecar(files.articles, other).unlink()
            path.unlink()
            what = ", ".join(merged.notes) or "the same on both"
            result.merged.append(
                f"merged two files of “{_title(merged.meta, keep)}” ({other} into {keep}): {what}"
            )
        except (OSError, ValueError, StoreError) as exc:
            reason = _reason(exc)
            result.problems.append(f"{other}: same id as {keep}, not merged ({reason})")
    return result


# -- deleted on one machine, changed on another ---------------------------------------------------


def _last_change_ns(version: Version) -> int:
    """When this version was last changed: its file's time, or a later change it records."""
    from datetime import datetime

    latest = version.mtime_ns
    stamps = version.meta.get("changed")
    if isinstance(stamps, dict):
        for value in stamps.values():
            with contextlib.suppress(TypeError, ValueError):
                when = datetime.fromisoformat(str(value))
                latest = max(latest, int(when.timestamp() * 1_000_000_000))
    return latest


def _saved_ns(version: Version) -> int:
    """When this version's article was saved (0 when its front matter does not say)."""
    from datetime import UTC, datetime

    value = version.meta.get("saved_at")
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1_000_000_000)


def settle_deleted(files: ArticleFiles, live: str, trashed: str) -> Resolution:
    """Settle one article that is both in the library (*live*) and in the trash (*trashed*).

    The trash file's time is when it was deleted (`ArticleFiles.move_to_trash` sets it).
    An article saved anew after it was deleted is another save, not this conflict: both
    stay (`reader restore` refuses to bring the old one back over it).
    An article changed after that stays in the library, with what the trashed copy
    held merged in, and its images, kept HTML and highlights come back from the trash;
    one deleted after its last change goes to the trash, with the live copy's changes.
    """
    result = Resolution()
    live_path, trash_path = files.articles / live, files.trash / trashed
    try:
        alive, dead = _version(live_path), _version(trash_path)
        if _saved_ns(alive) > dead.mtime_ns:
            return result  # saved anew after it was deleted: the trash keeps the old one
        merged = merge_versions(alive, dead)
        entry_id = id_of_name(live) or str(alive.meta.get("id"))
        title = _title(merged.meta, live)
        if _last_change_ns(alive) > dead.mtime_ns:
            _write_document(live_path, merged)
            _bring_along(
                files, entry_id, trashed, live, files.trash, files.articles, to_trash=False
            )
            trash_path.unlink()
            result.merged.append(
                f"“{title}” was deleted on one machine and changed on another after that: "
                "kept in the library with both changes"
            )
        else:
            deleted_at = dead.mtime_ns
            _write_document(trash_path, merged)
            os.utime(trash_path, ns=(deleted_at, deleted_at))  # still the deletion time
            _bring_along(files, entry_id, live, trashed, files.articles, files.trash, to_trash=True)
            live_path.unlink()
            result.merged.append(
                f"“{title}” was deleted on one machine and changed on another before that: "
                "left in the trash with both changes (reader restore brings it back)"
            )
    except (OSError, ValueError, StoreError) as exc:
        reason = _reason(exc)
        result.problems.append(f"{live}: in the library and in the trash, not settled ({reason})")
    return result


def _bring_along(
    files: ArticleFiles,
    entry_id: str,
    from_name: str,
    to_name: str,
    source: Path,
    target: Path,
    *,
    to_trash: bool,
) -> None:
    """Move an article's highlights, kept HTML and images from *source* to *target*."""
    sidecar_from, sidecar_to = _sidecar(source, from_name), _sidecar(target, to_name)
    if sidecar_from.exists():
        _merge_highlight_files(sidecar_to, sidecar_from)
        sidecar_from.unlink()
    raw_name = f"{entry_id}.html.gz"
    raw_from = (files.raw if to_trash else files.trash) / raw_name
    raw_to = (files.trash if to_trash else files.raw) / raw_name
    if raw_from.exists():
        raw_to.parent.mkdir(parents=True, exist_ok=True)
        os.replace(raw_from, raw_to)
    images_from = (files.images if to_trash else files.trash / IMAGES_DIR) / entry_id
    images_to = (files.trash / IMAGES_DIR if to_trash else files.images) / entry_id
    if images_from.is_dir() and not images_from.is_symlink():
        images_to.parent.mkdir(parents=True, exist_ok=True)
        if images_to.is_dir() and not any(images_to.iterdir()):
            images_to.rmdir()  # emptied by the sync of the other machine's move
        if images_to.exists():
            shutil.rmtree(images_from)  # both places have them: one copy is enough
        else:
            os.replace(images_from, images_to)
