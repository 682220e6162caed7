"""The reading position: unchanged by opening and closing, kept through resizes and widths."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from reader.library import Library
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import SIZE, add_article, build_app, long_markdown


async def _open(pilot: Pilot[Any]) -> ArticleView:
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    view = pilot.app.screen.query_one(ArticleView)
    assert view.loaded
    return view


def _first_line(view: ArticleView) -> tuple[int, int]:
    """The block at the top of the screen and how many rows into it the top line is."""
    block = view.top_block()
    assert block is not None
    return block.index, round(view.scroll_y) - view._block_top(block)


async def test_open_and_close_without_scrolling_keeps_progress(empty_library: Library) -> None:
    article_id = add_article(empty_library, "Long", long_markdown(3000))
    empty_library.set_progress(article_id, 0.35)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10):
            await _open(pilot)
            await pilot.press("escape")
            await pilot.pause()
            assert empty_library.get(article_id).progress == 0.35


async def test_reopen_lands_on_the_same_line(empty_library: Library) -> None:
    article_id = add_article(empty_library, "Long", long_markdown(3000))
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        for _ in range(37):
            await pilot.press("j")
        await pilot.pause()
        line = _first_line(view)
        assert line[0] > 0
        await pilot.press("escape")
        await pilot.pause()
        saved = empty_library.get(article_id).progress
        for _ in range(5):
            view = await _open(pilot)
            assert _first_line(view) == line
            await pilot.press("escape")
            await pilot.pause()
            assert empty_library.get(article_id).progress == saved


async def test_resize_and_width_keep_the_first_line(empty_library: Library) -> None:
    add_article(empty_library, "Long", long_markdown(3000))
    app = build_app(empty_library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        for _ in range(120):
            await pilot.press("j")
        await pilot.pause()
        block, _ = _first_line(view)
        progress = view.progress()
        for size in ((80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert _first_line(view)[0] == block
        for key in ("+", "+", "-", "-", "-"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert _first_line(view)[0] == block, key
        assert view.progress() == progress
        assert isinstance(app.screen, ArticleScreen)
