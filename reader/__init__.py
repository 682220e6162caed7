"""reader: a read-it-later app for the terminal.

Saved pages become clean markdown files in a folder the user owns; a SQLite
index derived from those files makes the library fast to list and search.

The packages are layers, each importing only those below it (ARCHITECTURE.md):
`cli` on top; `ui` (and `serve`); `demo`; `importers` and `exporters`;
`library`, the use cases; `images` and `highlights`; `web`, `extract` and
`store`; `text` and `config`; `models` and `errors` at the bottom.
Nothing is imported here beyond the version, so `reader list` starts fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
