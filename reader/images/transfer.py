"""Carry an article's saved images through a markdown export and back.

In the library an article links its images as ``../images/<id>/01.jpg`` (from
``articles/``). A markdown export keeps the notes at the top of its folder, so
the exported copy links ``images/<id>/01.jpg`` and the folder gets an
``images/<id>/`` of its own: the links keep working in Obsidian. Importing such
a folder does the reverse, copying only files that are real images of a
bounded size (an import folder is untrusted like any other input).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reader.images.formats import BadImage, sniff_image
from reader.images.storage import IMAGE_NAME, image_folder, local_src
from reader.store.files import IMAGES_DIR, atomic_write_bytes

#: The largest image file an import copies.
MAX_IMPORTED_IMAGE_BYTES = 10 * 1024 * 1024
#: The most images an import copies for one article.
MAX_IMPORTED_IMAGES = 100

_EXPORTED_SRC = re.compile(rf"\]\({IMAGES_DIR}/([0-9a-f]{{6,64}})/")


def exported_markdown(document: str, entry_id: str) -> str:
    """*document* with its local image links made relative to the export folder."""
    return document.replace(f"](../{IMAGES_DIR}/{entry_id}/", f"]({IMAGES_DIR}/{entry_id}/")


def export_images(library_root: Path, entry_id: str, folder: Path) -> int:
    """Copy article *entry_id*'s images into *folder*/images/<id>/; how many were copied."""
    source = image_folder(library_root, entry_id)
    if not source.is_dir():
        return 0
    target = folder / IMAGES_DIR / entry_id
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.iterdir()):
        if IMAGE_NAME.match(path.name) and path.is_file() and not path.is_symlink():
            shutil.copyfile(path, target / path.name)
            count += 1
    return count


def imported_markdown(markdown: str) -> tuple[str, list[str]]:
    """*markdown* with export-style image links made library-style, and the ids they name."""
    ids = sorted(set(_EXPORTED_SRC.findall(markdown)))
    return _EXPORTED_SRC.sub(lambda m: f"](../{IMAGES_DIR}/{m.group(1)}/", markdown), ids


def import_images(source: Path, library_root: Path, old_id: str, new_id: str) -> int:
    """Copy the images of an exported article (``source/images/<old_id>``) into the library.

    Only regular files named like reader's images, at most `MAX_IMPORTED_IMAGE_BYTES`
    each, whose bytes are a known image format, are copied; anything else is skipped.
    """
    folder = source / IMAGES_DIR / old_id
    if not folder.is_dir() or folder.is_symlink():
        return 0
    target = image_folder(library_root, new_id)
    count = 0
    for path in sorted(folder.iterdir())[:MAX_IMPORTED_IMAGES]:
        if not IMAGE_NAME.match(path.name) or path.is_symlink() or not path.is_file():
            continue
        try:
            if path.stat().st_size > MAX_IMPORTED_IMAGE_BYTES:
                continue
            data = path.read_bytes()
            sniff_image(data)
        except (OSError, BadImage):
            continue
        target.mkdir(parents=True, exist_ok=True)
        if not (target / path.name).exists():
            atomic_write_bytes(target / path.name, data)
        count += 1
    return count


def relink(markdown: str, old_id: str, new_id: str) -> str:
    """*markdown* with links to *old_id*'s images pointing at *new_id*'s."""
    if old_id == new_id:
        return markdown
    return markdown.replace(f"]({local_src(old_id, '')}", f"]({local_src(new_id, '')}")


__all__ = [
    "export_images",
    "exported_markdown",
    "import_images",
    "imported_markdown",
    "relink",
]
