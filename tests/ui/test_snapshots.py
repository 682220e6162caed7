"""One SVG per screen state, over the demo library at a fixed size.

Regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the
result (``snapshot_report.html`` shows the differences when a test fails).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.config import Settings
from reader.demo import create_demo_library
from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import build_app, settle

TERMINAL = (110, 36)
SnapCompare = Callable[..., bool]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Library]:
    library = Library(create_demo_library(tmp_path))
    yield library
    library.close()


def scene(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before that presses *keys* and settles."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run_before


def app_for(library: Library, theme: str = "textual-dark") -> ReaderApp:
    return build_app(library, Settings(theme=theme))


def test_library(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene())


def test_library_light_theme(snap_compare: SnapCompare, demo: Library) -> None:
    app = app_for(demo, "textual-light")
    assert snap_compare(app, terminal_size=TERMINAL, run_before=scene("4"))


def test_search(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("slash", *"bread"))


def test_article(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("j", "enter"))


def test_article_table_and_code(snap_compare: SnapCompare, demo: Library) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await scene("j", "enter")(pilot)
        view = pilot.app.screen.query_one(ArticleView)
        table = next(b for b in view.blocks if b.spec.kind == "table")
        view.scroll_to_widget(table, top=True, animate=False, immediate=True)
        await pilot.press("k", "k")
        await settle(pilot)

    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=run_before)


def test_article_light_theme(snap_compare: SnapCompare, demo: Library) -> None:
    app = app_for(demo, "textual-light")
    assert snap_compare(app, terminal_size=TERMINAL, run_before=scene("j", "j", "enter"))


def test_add_dialog(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("a"))


def test_tag_dialog(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("t"))


def test_help(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("question_mark"))


def test_links(snap_compare: SnapCompare, demo: Library) -> None:
    assert snap_compare(app_for(demo), terminal_size=TERMINAL, run_before=scene("2", "enter", "u"))


def test_empty_library(snap_compare: SnapCompare, tmp_path: Path) -> None:
    library = Library(tmp_path / "empty")
    try:
        assert snap_compare(app_for(library), terminal_size=TERMINAL, run_before=scene())
    finally:
        library.close()


def test_empty_library_at_80_columns(snap_compare: SnapCompare, tmp_path: Path) -> None:
    library = Library(tmp_path / "empty")
    try:
        assert snap_compare(app_for(library), terminal_size=(80, 24), run_before=scene())
    finally:
        library.close()
