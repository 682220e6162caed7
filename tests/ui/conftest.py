"""Fixtures for the UI tests: libraries (demo, empty, generated) and the app factory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.config import Settings
from reader.demo import create_demo_library
from reader.library import Library
from reader.models import Article
from reader.ui.app import ReaderApp, make_app
from reader.ui.clipboard import Clipboard

SIZE = (110, 36)
"""The terminal size of every pilot test."""

#: Ids of the bundled demo articles.
CITY_LIBRARY = "4f432fc582"
COMMONPLACE = "0ffc5b72af"
TERMINAL = "856ee4bf6d"
SOURDOUGH = "3b6967ab99"
COAST = "6718832176"


@pytest.fixture
def demo_library(tmp_path: Path) -> Iterator[Library]:
    """A copy of the bundled demo library."""
    library = Library(create_demo_library(tmp_path / "demo"))
    yield library
    library.close()


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    """A new, empty library."""
    library = Library(tmp_path / "empty")
    yield library
    library.close()


def build_app(
    library: Library, settings: Settings | None = None, config_dir: Path | None = None
) -> ReaderApp:
    """The app under test, with the browser and clipboard recorded instead of used."""
    # A blank environment: no tmux, no clipboard tool, so copies go to "the terminal",
    # which records them (never the clipboard of the machine running the tests).
    app = make_app(library, settings, config_dir=config_dir, environ={})
    app.open_url = lambda url, new_tab=True: None  # type: ignore[method-assign]
    app.browser_available = lambda: True  # type: ignore[method-assign]
    copied: list[str] = []
    app.copier = Clipboard({}, copied.append)
    app.copied = copied  # type: ignore[attr-defined]
    return app


def add_article(
    library: Library,
    title: str,
    body: str,
    *,
    url: str | None = None,
    days_ago: int = 0,
    **fields: object,
) -> str:
    """Save a generated article; returns its id."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    article = Article(
        title=title, markdown=body, text=body, url=url or f"https://example.com/{slug}"
    )
    saved = datetime(2026, 11, 1, 12, 0, tzinfo=UTC) - timedelta(days=days_ago)
    result = library.save_article(article, saved_at=saved, **fields)  # type: ignore[arg-type]
    return result.entry.id


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for workers, stop cursors blinking, clear notifications."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


def long_markdown(words: int) -> str:
    """Generated markdown of about *words* words: headings, paragraphs, lists, quotes, links."""
    sentence = (
        "The reader follows the argument through *careful* steps and **clear** examples, "
        "checking each [claim](https://example.com/claim) against the evidence. "
    )
    per_paragraph = len(sentence.split()) * 3
    parts: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count // 300 >= section:
            section += 1
            parts.append(f"## Section {section}")
        parts.append(sentence * 3)
        count += per_paragraph
        if section % 4 == 0:
            parts.append("- a point\n- another point\n- a third point")
        if section % 5 == 0:
            parts.append("> A quotation worth keeping, as a reader would.")
    return "\n\n".join(parts)
