"""A bug behind the UI becomes a notification or plain text, never a dead app."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets import article_view
from reader.ui.widgets.blocks import Block
from tests.ui.conftest import SIZE, build_app


async def test_a_failing_search_worker_is_a_notification(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo_library, "search", broken)
    monkeypatch.setattr(demo_library, "search_ids", broken)  # what the list reads
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"bread")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        messages = [n.message for n in app._notifications]
        assert any("RuntimeError" in m and "disk on fire" in m for m in messages)
        await pilot.press("enter")  # searching again on the event loop: the same
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        await pilot.press("escape", "escape")  # the app still answers
        await pilot.pause()
        assert app.is_running


async def test_an_article_that_fails_to_render_opens_as_plain_text(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(offset: int, text: str) -> list[object]:
        raise ValueError("renderer bug")

    monkeypatch.setattr(article_view, "parse_chunk", broken)
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        blocks = list(app.screen.query(Block))
        assert blocks, "the article shows its text"
        text = " ".join(b.plain for b in blocks)
        entry = app.screen.query_one(article_view.ArticleView).entry
        first_words = demo_library.markdown(entry.id).split()[:5]
        assert " ".join(first_words) in text
