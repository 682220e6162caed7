"""Free the disk space of images nothing refers to any more (``reader gc``).

Removed: the image folders of deleted articles (``trash/images/<id>``), the
folders of articles that are no longer in the library, and files in an
article's folder that its markdown no longer links. Files younger than
*min_age* seconds are left alone outside the trash, since a save running at
the same moment writes its images before it relinks the markdown.
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
    _remove_tree_contents(library.root / TRASH_DIR / IMAGES_DIR, report, now, min_age=0.0)
    live = _live_ids(library)
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


def _remove_tree_contents(root: Path, report: GcReport, now: float, min_age: float) -> None:
    """Remove every per-article folder under *root* (the trash's images)."""
    try:
        folders = sorted(os.listdir(root))
    except OSError:
        return
    for name in folders:
        folder = root / name
        if folder.is_symlink():
            folder.unlink(missing_ok=True)
            continue
        if folder.is_dir():
            _remove_files(folder, None, report, name, now, min_age)
