"""Small typed values the screens hand each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ArticleOutcome = Literal["closed", "delete", "open"]


@dataclass(frozen=True)
class ArticleClosed:
    """What the article screen reports when it is dismissed."""

    entry_id: str
    """The article that was open."""
    outcome: ArticleOutcome = "closed"
    """``delete`` when the reader asked to delete the article (the library screen does it,
    so it can offer undo); ``open`` to open `open_next` instead."""
    open_next: str | None = None
    """The article to open next (n/N while reading)."""
