"""Free the disk space of images nothing refers to any more (``reader gc``).

Removed: the image folders in the trash whose article is no longer there (the
trash was emptied, or the article restored elsewhere), the folders of articles
that are in neither the library nor the trash, and files in an article's folder
that its markdown no longer links. A deleted article keeps its images until the
trash is emptied (``reader trash --empty``), so ``reader restore`` brings it back
whole. Files younger than *min_age* seconds are left alone outside the trash,
since a save running at the same moment writes its images before it relinks
the markdown.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import StoreError
from reader.images.refs import find_images
from reader.images.storage import parse_local_src
from reader.store.files import IMAGES_DIR, SUFFIX, TRASH_DIR

if TYPE_CHECKING:
    from reader.library.library import Library

__all__ = ["GcReport", "collect_garbage"]


@dataclass
class GcReport:
    """What `collect_garbage` removed."""

    files: int = 0
    """Files removed."""
    bytes: int = 0
    """Their total size."""
    articles: list[str] = field(default_factory=list)
    """Ids of the articles whose images were (partly or wholly) removed."""

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict of this report."""
        return {"files": self.files, "bytes": self.bytes, "articles": self.articles}


def collect_garbage(library: Library, *, min_age: float = 600.0) -> GcReport:
    """Remove the images of deleted or vanished articles and unlinked image files."""
    report = GcReport()
    now = time.time()
    from reader.sync.resolve import drop_media_conflict_copies

    drop_media_conflict_copies(library.files)
    trashed = _trashed_ids(library)
    trash_images = library.root / TRASH_DIR / IMAGES_DIR
    with contextlib.suppress(OSError):
        for name in sorted(os.listdir(trash_images)):
            folder = trash_images / name
            if name in trashed:
                continue
            if folder.is_symlink():
                folder.unlink(missing_ok=True)
            elif folder.is_dir():
                _remove_files(folder, None, report, name, now, 0.0)
    live = _live_ids(library) | trashed
    images = library.root / IMAGES_DIR
    try:
        folders = sorted(os.listdir(images))
    except OSError:
        return report
    for name in folders:
        folder = images / name
        if folder.is_symlink() or not folder.is_dir():
            continue
        if name not in live:
            _remove_files(folder, None, report, name, now, min_age)
            continue
        try:
            markdown = library.markdown(name)
        except StoreError:
            continue  # unreadable: keep everything
        linked = set()
        for ref in find_images(markdown):
            parsed = parse_local_src(ref.src)
            if parsed is not None and parsed[0] == name:
                linked.add(parsed[1])
        _remove_files(folder, linked, report, name, now, min_age)
    return report


def _trashed_ids(library: Library) -> set[str]:
    """Ids of the deleted articles waiting in the trash (read from their file names)."""
    from reader.sync.resolve import id_of_name

    try:
        names = os.listdir(library.root / TRASH_DIR)
    except OSError:
        return set()
    return {i for i in (id_of_name(n) for n in names if n.endswith(SUFFIX)) if i is not None}


def _live_ids(library: Library) -> set[str]:
    """Ids of the articles in the library: from the index, and from file names too.

    A file the index skipped (broken front matter) still keeps its images.
    """
    ids = {entry.id for entry in library.entries()}
    try:
        names = os.listdir(library.files.articles)
    except OSError:
        names = []
    for file_name in names:
        if file_name.endswith(SUFFIX):
            ids.add(file_name[: -len(SUFFIX)].rpartition("-")[2])
    return ids


def _remove_files(
    folder: Path,
    keep: set[str] | None,
    report: GcReport,
    entry_id: str,
    now: float,
    min_age: float,
) -> None:
    """Remove the files of *folder* not in *keep* (all if None), then the folder if empty."""
    removed = False
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for item in entries:
        if keep is not None and item.name in keep:
            continue
        try:
            st = item.stat(follow_symlinks=False)
            if now - st.st_mtime < min_age:
                continue
            if item.is_dir(follow_symlinks=False):
                size = sum(p.stat().st_size for p in Path(item.path).rglob("*") if p.is_file())
                shutil.rmtree(item.path)
            else:
                size = st.st_size
                os.unlink(item.path)
        except OSError:
            continue
        report.files += 1
        report.bytes += size
        removed = True
    if removed and entry_id not in report.articles:
        report.articles.append(entry_id)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only succeeds when it is empty
