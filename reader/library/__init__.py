"""The library's use cases: what a person does with saved articles, for every front end.

The CLI, the app and any server call these, never the layers below directly for
a change, so every change is the same file write wherever it comes from.

- `library`: `Library`, the folder of article files (the truth) tied to its
  search index (derived): save, list, search, change state, delete, restore,
  reindex, re-extract;
- `highlighting`: highlight a passage, note it, remove it, place the highlights
  of an article on its current text;
- `image_saving`: save an article's images beside it and relink its markdown;
- `image_gc`: free the images nothing uses;
- `links`: an article's links and images in reading order, made absolute.

Only `library` is loaded by importing this package.
"""

from reader.library.library import (
    INDEX_FILE,
    Library,
    Placeholder,
    SaveResult,
    SyncReport,
    Trash,
    open_library,
)

__all__ = [
    "INDEX_FILE",
    "Library",
    "Placeholder",
    "SaveResult",
    "SyncReport",
    "Trash",
    "open_library",
]
