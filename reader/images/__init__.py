"""An article's images, saved beside it so it reads offline.

Layout inside the library folder (see `reader.images.storage`)::

    articles/<slug>-<id>.md          links ../images/<id>/01.jpg
    images/<id>/01.jpg, 02.png ...   the article's content images, in reading order
    trash/images/<id>/               those of a deleted article, until the trash is emptied

Saving them (`reader.library.image_saving`) and freeing those nothing uses
(`reader.library.image_gc`) are use cases of the library, one layer up.

A saved image is a plain relative markdown link with the original address in
its title, so the file renders in Obsidian, VS Code or any markdown viewer
opened on the library folder, and the original is never lost::

    ![A photo](../images/0123abcd45/01.jpg "original: https://example.com/a.jpg")

An image that was not saved keeps its remote address. For the UI,
`local_image_path` turns a markdown image reference into a file on disk;
exporters use `article_images` to copy an article's images.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reader.images.formats import BadImage, ImageInfo, sniff_image
from reader.images.policy import DEFAULT_IMAGE_LIMITS, ImageLimits, skip_reason
from reader.images.refs import ImageRef, find_images, original_of
from reader.images.storage import (
    article_image_files,
    folder_bytes,
    image_folder,
    local_image_path,
)

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DEFAULT_IMAGE_LIMITS",
    "BadImage",
    "ImageInfo",
    "ImageLimits",
    "ImageRef",
    "article_images",
    "find_images",
    "folder_bytes",
    "image_folder",
    "local_image_path",
    "original_of",
    "skip_reason",
    "sniff_image",
]


class _Rooted(Protocol):
    """Anything with a library folder (a `reader.library.Library`)."""

    @property
    def root(self) -> Path: ...


class _Identified(Protocol):
    """Anything with an article id (a `reader.models.Entry`)."""

    @property
    def id(self) -> str: ...


def article_images(library: _Rooted, entry: _Identified) -> list[Path]:
    """The image files saved for *entry*, in reading order (for exporters to copy).

    Each lives at ``images/<id>/<name>`` in the library; keep that shape next to
    exported markdown and its ``../images/<id>/<name>`` links keep working.
    """
    return article_image_files(library.root, entry.id)
