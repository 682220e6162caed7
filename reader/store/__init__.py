"""The library on disk: markdown files (the truth) and the SQLite index derived from them."""
