"""Keys that arrive together (a fast typist, a paste, tmux send-keys) go where the
first of them sends the focus: "/bread" is a search, not "/" then five list keys."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Input

from reader.library import Library
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.quotes_screen import QuotesScreen
from tests.ui.conftest import SIZE, build_app, settle

NAMES = {"/": "slash", " ": "space", "\r": "enter"}


def burst(app: App[object], text: str) -> None:
    """Queue every key of *text* at once, as a terminal delivers a fast burst (the way
    `Pilot.press` sends one key, without waiting between them)."""
    driver = app._driver
    assert driver is not None
    for character in text:
        printable = character if character.isprintable() else None
        event = events.Key(NAMES.get(character, character), printable)
        event.set_sender(app)
        driver.send_message(event)


async def test_a_burst_after_slash_is_typed_into_the_library_search(
    demo_library: Library,
) -> None:
    before = {e.id: e.status for e in demo_library.entries()}
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/bread")  # b, e, a, d are list keys: e archives, a adds, d deletes
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.query_one("#search", Input).value == "bread"
        assert {e.id: e.status for e in demo_library.entries()} == before


async def test_a_burst_after_slash_is_typed_into_the_article_find(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        screen = app.screen
        burst(app, "/the\r")  # t tags, e archives in the article view; enter finds
        await settle(pilot)
        assert app.screen is screen
        assert screen._find_text == "the" and screen._matches  # enter came after the word
        assert demo_library.get(screen.entry.id).status == "unread"


async def test_a_burst_after_slash_is_typed_into_the_highlights_search(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        burst(app, "/mill")
        await settle(pilot)
        assert app.screen.query_one("#quotes-search", Input).value == "mill"
