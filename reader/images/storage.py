"""Where an article's images live on disk, and how a markdown link finds them.

Layout inside the library folder::

    images/<id>/01.jpg, 02.png, ...    the images of article <id>, in reading order
    trash/images/<id>/                 those of a deleted article, until the trash is emptied

The markdown links them relative to the article file (``../images/<id>/01.jpg``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from reader.errors import StoreError
from reader.store.files import IMAGES_DIR, atomic_write_bytes

__all__ = [
    "article_image_files",
    "folder_bytes",
    "image_folder",
    "local_image_path",
    "local_src",
    "next_number",
    "parse_local_src",
    "write_image",
]

_NAME = r"\d{2,4}\.(?:png|jpg|gif|webp|avif)"
IMAGE_NAME = re.compile(rf"^{_NAME}$")
_LOCAL_SRC = re.compile(rf"^\.\./{IMAGES_DIR}/([0-9a-f]{{6,64}})/({_NAME})$")


def image_folder(library_root: Path, entry_id: str) -> Path:
    """The folder holding the images of article *entry_id*."""
    return library_root / IMAGES_DIR / entry_id


def local_src(entry_id: str, name: str) -> str:
    """The markdown link target of image *name* of article *entry_id*, from ``articles/``."""
    return f"../{IMAGES_DIR}/{entry_id}/{name}"


def parse_local_src(src: str) -> tuple[str, str] | None:
    """``(entry id, file name)`` of a link made by `local_src`, or None for any other."""
    match = _LOCAL_SRC.match(src.strip())
    return (match.group(1), match.group(2)) if match else None


def local_image_path(library_root: Path, entry_id: str, markdown_src: str) -> Path | None:
    """The file on disk an image reference of article *entry_id* points to, or None.

    Only the form reader writes (``../images/<id>/<nn>.<ext>``, with this
    article's own id) is resolved, so a hand-edited or hostile link cannot
    point outside the library; None too when the file is missing or not a
    regular file (a symlink, say).
    """
    parsed = parse_local_src(markdown_src)
    if parsed is None or parsed[0] != entry_id:
        return None
    path = image_folder(library_root, entry_id) / parsed[1]
    try:
        if path.is_symlink() or not path.is_file():
            return None
    except OSError:
        return None
    return path


def article_image_files(library_root: Path, entry_id: str) -> list[Path]:
    """The image files saved for article *entry_id*, by name (in reading order)."""
    folder = image_folder(library_root, entry_id)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        folder / name
        for name in names
        if IMAGE_NAME.match(name) and (folder / name).is_file() and not (folder / name).is_symlink()
    ]


def folder_bytes(folder: Path) -> int:
    """Total size of the regular files directly in *folder* (0 if it does not exist)."""
    total = 0
    try:
        entries = os.scandir(folder)
    except OSError:
        return 0
    with entries:
        for item in entries:
            try:
                if item.is_file(follow_symlinks=False):
                    total += item.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return total


def next_number(folder: Path) -> int:
    """The first image number after those already in *folder* (1 for a new folder)."""
    highest = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 1
    for name in names:
        if IMAGE_NAME.match(name):
            highest = max(highest, int(name.split(".", 1)[0]))
    return highest + 1


def image_name(number: int, extension: str) -> str:
    """The file name of image *number*: ``01.jpg`` (two digits at least)."""
    return f"{number:02d}.{extension}"


def write_image(folder: Path, number: int, extension: str, data: bytes) -> str:
    """Write an image into *folder* (created if needed) as image *number*; its file name.

    The name is claimed with an exclusive create first, so another process
    saving the same article's images at the same moment takes the next number
    instead of overwriting this one; then the bytes are written atomically.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for candidate in range(number, number + 1000):
        name = image_name(candidate, extension)
        try:
            os.close(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        try:
            atomic_write_bytes(folder / name, data)
        except BaseException:
            (folder / name).unlink(missing_ok=True)
            raise
        return name
    raise StoreError(f"no free image number in {folder}")
