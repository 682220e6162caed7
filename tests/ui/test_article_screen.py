"""The article screen: rendering, scrolling, progress, archive at the end, links, find."""

from __future__ import annotations

import pytest
from textual import events

from reader.config import Settings
from reader.library import Library
from reader.ui.dialogs.links_dialog import LinksDialog
from reader.ui.screens import article_screen
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.blocks import Block
from tests.ui.conftest import (
    CITY_LIBRARY,
    COMMONPLACE,
    SIZE,
    TERMINAL,
    add_article,
    build_app,
    long_markdown,
)


def wheel_down(widget: ArticleView) -> events.MouseScrollDown:
    """One notch of the mouse wheel, down, over *widget*."""
    return events.MouseScrollDown(widget, 5, 5, 0, 1, 0, False, False, False)


async def open_article(pilot: object, app: object, downs: int = 0) -> ArticleView:
    """Select the article *downs* rows down, open it, and wait for it to load."""
    for _ in range(downs):
        await pilot.press("j")  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    view = app.screen.query_one(ArticleView)  # type: ignore[attr-defined]
    assert isinstance(view, ArticleView)
    return view


async def test_renders_every_kind_of_block(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        assert isinstance(app.screen, ArticleScreen)
        assert app.focused is view
        assert view.loaded
        kinds = {block.spec.kind for block in view.blocks}
        assert {"p", "h2", "h3", "li", "quote", "code", "table"} <= kinds
        first = view.blocks[0]
        assert first.plain.startswith("Most of what we read slips away")
        assert "Keeping a Commonplace Book" in str(
            app.screen.query_one(".article-title", expect_type=None).render()
        )
        table = next(b for b in view.blocks if b.spec.kind == "table")
        assert "Approach" in table.plain and "│" in table.plain
        # the measure: the text column is the reading width, centred
        assert view.column.size.width == Settings().reading_width


async def test_scroll_keys_and_progress_is_saved_and_restored(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("space")
        page = view.scrollable_content_region.height
        assert view.scroll_y == 2 + page
        await pilot.press("ctrl+u")
        assert view.scroll_y == 2 + page - round(page * 0.5)
        await pilot.press("space", "space", "space")
        top = view.top_block()
        assert top is not None
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        saved = demo_library.get(COMMONPLACE).progress
        assert 0 < saved < 1
        view = await open_article(pilot, app)
        await pilot.pause()
        assert view.top_block() is top or abs(view.progress() - saved) < 0.02
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("G", "q")
        assert demo_library.get(COMMONPLACE).progress == 1.0
        assert demo_library.get(COMMONPLACE).status == "unread"  # archive_at_end is off


async def test_reading_to_the_end_archives_when_the_setting_is_on(demo_library: Library) -> None:
    app = build_app(demo_library, Settings(archive_at_end=True))
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        while not view.at_end():  # reading on, a page at a time
            await pilot.press("space")
        await pilot.pause()
        assert demo_library.get(COMMONPLACE).status == "archived"
        await pilot.press("escape")
        assert COMMONPLACE not in [e.id for e in app.screen.query_one("ArticleList").entries]  # type: ignore[attr-defined]


async def test_a_jump_to_the_end_archives_only_if_the_reader_stays(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_screen, "END_DWELL", 2.0)  # room for a loaded machine
    app = build_app(demo_library, Settings(archive_at_end=True))
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        await pilot.press("G")  # a look at the length, then back up at once
        await pilot.pause()
        assert view.at_end()
        await pilot.press("g")
        await pilot.pause(2.5)
        assert demo_library.get(COMMONPLACE).status == "unread"
        await pilot.press("G")  # this time the reader stays at the end
        await pilot.pause(0.1)
        assert demo_library.get(COMMONPLACE).status == "unread"
        await pilot.pause(2.5)
        assert demo_library.get(COMMONPLACE).status == "archived"


async def test_a_short_article_archives_once_the_reader_stays_on_it(
    empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_screen, "END_DWELL", 0.4)
    glance = add_article(empty_library, "Glance", "Two short lines.\n\nThat is all.")
    stay = add_article(empty_library, "Stay", "Three short lines.\n\nThat is all.", days_ago=1)
    app = build_app(empty_library, Settings(archive_at_end=True))
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app)  # the whole article fits: at its end already
        assert view.max_scroll_y == 0
        await pilot.press("escape")  # a glance: left at once
        await pilot.pause(0.6)
        assert empty_library.get(glance).status == "unread"
        await open_article(pilot, app, downs=1)
        await pilot.pause(0.8)
        assert empty_library.get(stay).status == "archived"


async def test_the_wheel_reading_to_the_end_archives(demo_library: Library) -> None:
    app = build_app(demo_library, Settings(archive_at_end=True))
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        for _ in range(200):
            if view.at_end():
                break
            view.post_message(wheel_down(view))
            await pilot.pause()
        assert view.at_end()
        assert demo_library.get(COMMONPLACE).status == "archived"


async def test_article_actions_change_the_store(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, app)
        await pilot.press("asterisk", "e")  # f follows links here: * is the favorite
        entry = demo_library.get(CITY_LIBRARY)
        assert entry.favorite and entry.status == "archived"
        await pilot.press("o", "y")
        assert app.opened_links == [entry.url]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert demo_library.counts()["all"] == 4
        await pilot.press("z")
        assert demo_library.counts()["all"] == 5


async def test_links_list_opens_and_saves(demo_library: Library) -> None:
    saved: list[str] = []
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.save_url = lambda url, tags=(): saved.append(url)  # type: ignore[attr-defined]
        await open_article(pilot, app, downs=3)  # the coastal walk is archived: not listed
        await pilot.press("escape", "4")
        listing = app.screen.query_one("ArticleList")
        index = [e.id for e in listing.entries].index("6718832176")  # type: ignore[attr-defined]
        listing.move_to(index)  # type: ignore[attr-defined]
        await open_article(pilot, app)
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LinksDialog)
        assert [link.image for link in dialog.links] == [True, True]
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened_links[-1].endswith("harbour-low-tide.jpg")
        await pilot.press("u", "j", "s")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)


async def test_find_selects_matches_and_n_moves(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, app, downs=1)
        await pilot.press("slash", *"notebook", "enter")
        await pilot.pause()
        selections = app.screen.selections
        assert len(selections) == 1
        first = next(iter(selections))
        assert isinstance(first, Block) and "notebook" in first.plain.lower()
        assert "notebook" in app.screen.get_selected_text().lower()  # type: ignore[union-attr]
        await pilot.press("greater_than_sign")
        assert app.screen.selections  # still a match selected
        await pilot.press("escape")  # leaves find mode (the bar is already closed)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_n_opens_the_next_article(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.entry.id == COMMONPLACE
        await pilot.press("N")
        await pilot.pause()
        assert app.screen.entry.id == CITY_LIBRARY
        await pilot.press("N")
        assert app.screen.entry.id == CITY_LIBRARY  # nothing before the first


async def test_long_article_mounts_progressively(empty_library: Library) -> None:
    article_id = add_article(empty_library, "A very long read", long_markdown(20_000))
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        view = app.screen.query_one(ArticleView)
        assert len(view._chunks) > 10  # the first screen is parsed alone, the rest after
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.loaded
        assert len(view.blocks) > 300
        await pilot.press("G")
        await pilot.pause()
        assert view.progress() == 1.0
        await pilot.press("escape")
        assert empty_library.get(article_id).progress == 1.0


async def test_width_keys_change_and_remember_the_measure(demo_library: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reader.config import load_settings

    app = build_app(demo_library, config_dir=tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, app, downs=1)
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert view.column.size.width == 76 - 8
    assert load_settings(tmp_path / "config").reading_width == 68


async def test_terminal_article_has_favorite_marker(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, app, downs=2)
        assert app.screen.entry.id == TERMINAL  # type: ignore[attr-defined]
        bar = str(app.screen.query_one("#article-bar").render())
        assert "★" in bar and "Bitwise Weekly" in bar


async def test_clicking_an_image_line_opens_it(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        view = await open_article(pilot, app)
        figure = next(b for b in view.blocks if b.spec.kind == "figure")
        view.scroll_to_widget(figure, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(figure, offset=(3, 0))
        await pilot.pause()
        assert app.opened_links == ["https://lowtide.example.org/images/harbour-low-tide.jpg"]


async def test_the_garbage_collector_runs_again_after_a_long_load(empty_library: Library) -> None:
    import gc

    article_id = add_article(empty_library, "A very long read", long_markdown(20_000))
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        for leave_at_once in (False, True):
            await pilot.press("enter")
            if leave_at_once:  # closed while the rest is still being laid out
                await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert gc.isenabled()
            if not leave_at_once:
                assert app.screen.query_one(ArticleView).loaded
                await pilot.press("escape")
                await pilot.pause()
    assert empty_library.get(article_id).fetched


async def test_a_long_article_is_frozen_while_open_and_thawed_when_closed(
    empty_library: Library,
) -> None:
    import gc

    add_article(empty_library, "A very long read", long_markdown(20_000))
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(ArticleView).loaded
        open_count = gc.get_freeze_count()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        # the closed article's objects are out of the permanent generation again
        assert 0 < gc.get_freeze_count() < open_count
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0
