"""Turn a page's HTML into a clean Article (pure functions, no I/O)."""

from __future__ import annotations

from reader.extract.pipeline import extract

__all__ = ["extract"]
