"""Extraction entry point (placeholder until the real pipeline lands)."""

from __future__ import annotations

from reader.errors import ExtractError
from reader.models import Article


def extract(html: str | bytes, url: str | None = None) -> Article:
    """Extract the article from *html* (fetched from *url*)."""
    raise ExtractError("extraction is not implemented yet")
