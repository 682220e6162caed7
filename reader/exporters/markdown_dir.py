"""The markdown export: one file per article, with its front matter, in a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.errors import ReaderError
from reader.importers.highlights import sidecar_path
from reader.library import Library


def export_markdown(library: Library, folder: Path) -> int:
    """Copy every article file (and highlights sidecar) into *folder*; returns the count.

    The library's files already are markdown with YAML front matter (title, url,
    tags, dates), which Obsidian and other editors read as notes. Saved images
    go to *folder*/images/<id>/ and the copies link them from there.
    """
    from reader.images.transfer import export_images, exported_markdown

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create {folder}: {exc.strerror or exc}") from None
    if folder.resolve() == library.files.articles.resolve():
        raise ReaderError("export into another folder than the library's own")
    count = 0
    for entry in library.iter_entries(sort="saved-asc"):
        source = library.files.articles / entry.path
        try:
            if export_images(library.root, entry.id, folder):
                text = source.read_text(encoding="utf-8")
                (folder / entry.path).write_text(exported_markdown(text, entry.id), "utf-8")
            else:
                shutil.copyfile(source, folder / entry.path)
            sidecar = sidecar_path(library.files.articles, entry)
            if sidecar.exists():
                shutil.copyfile(sidecar, folder / sidecar.name)
        except FileNotFoundError:
            continue  # removed meanwhile
        except OSError as exc:
            raise ReaderError(f"cannot write {entry.path}: {exc.strerror or exc}") from None
        count += 1
    return count
