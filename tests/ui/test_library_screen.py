"""The library screen: views, sort, search, actions on the selected article, empty state."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.conftest import (
    CITY_LIBRARY,
    COAST,
    COMMONPLACE,
    SIZE,
    SOURDOUGH,
    TERMINAL,
    build_app,
)


def listed(app: object) -> list[str]:
    """Ids shown in the article list."""
    return [e.id for e in app.screen.query_one(ArticleList).entries]  # type: ignore[attr-defined]


async def test_opens_on_unread_with_the_list_focused(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert isinstance(app.focused, ArticleList)
        assert listed(app) == [CITY_LIBRARY, COMMONPLACE, TERMINAL, SOURDOUGH]


async def test_views_switch_with_number_keys_and_sidebar(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert listed(app) == [COAST]
        await pilot.press("3")
        assert set(listed(app)) == {TERMINAL, SOURDOUGH}
        await pilot.press("4")
        assert len(listed(app)) == 5
        # the sidebar: tab to it, pick the first tag (#civic) with the keyboard
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "views"
        await pilot.press("home", *["down"] * 4, "enter")
        assert app.screen.view.key == "tag:civic"  # type: ignore[attr-defined]
        assert listed(app) == [CITY_LIBRARY]
        assert isinstance(app.focused, ArticleList)


async def test_sort_cycles_newest_oldest_shortest_title_site(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert listed(app) == [SOURDOUGH, TERMINAL, COMMONPLACE, CITY_LIBRARY]
        await pilot.press("s")
        assert listed(app)[-1] == COMMONPLACE  # the longest last
        await pilot.press("s")  # Keeping…, Sourdough…, The City…, Why…
        assert listed(app) == [COMMONPLACE, SOURDOUGH, CITY_LIBRARY, TERMINAL]
        await pilot.press("s")  # Bitwise Weekly, Kitchen Margins, The Harbour…, The Quiet…
        assert listed(app) == [TERMINAL, SOURDOUGH, CITY_LIBRARY, COMMONPLACE]
        assert "by site" in str(app.screen.query_one("#list-header").content)
        await pilot.press("s")
        assert listed(app)[0] == CITY_LIBRARY


async def test_search_as_you_type_keeps_only_the_last_query(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"starter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listed(app) == [SOURDOUGH]
        await pilot.press(*["backspace"] * 7, *"terminal")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listed(app)[0] == TERMINAL
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("escape")  # a second escape clears the search
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(listed(app)) == 4


async def test_archive_favorite_and_tags_change_the_store(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert demo_library.get(CITY_LIBRARY).favorite
        await pilot.press("t")
        await pilot.press("ctrl+u", *"civic, later", "enter")
        await pilot.pause()
        assert demo_library.get(CITY_LIBRARY).tags == ("civic", "later")
        await pilot.press("e")
        assert demo_library.get(CITY_LIBRARY).status == "archived"
        assert CITY_LIBRARY not in listed(app)  # it left the Unread view
        await pilot.press("2")
        assert CITY_LIBRARY in listed(app)
        await pilot.press("g", "e")  # unarchive from the Archive view
        assert demo_library.get(CITY_LIBRARY).status == "unread"


async def test_delete_then_undo(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "d")
        assert COMMONPLACE not in listed(app)
        assert demo_library.counts()["all"] == 4
        await pilot.press("z")
        assert demo_library.counts()["all"] == 5
        assert app.screen.query_one(ArticleList).selected.id == COMMONPLACE  # type: ignore[union-attr]


async def test_browser_copy_and_open(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "y")
        url = demo_library.get(CITY_LIBRARY).url
        assert app.opened_links == [url]
        assert app.copied == [url]  # type: ignore[attr-defined]
        await pilot.press("n")  # next unread
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.entry.id == COMMONPLACE


async def test_without_a_browser_the_address_is_copied_and_said_so(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    def none_found(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none_found)  # as over SSH, with no $BROWSER
    app = build_app(demo_library)
    del app.browser_available  # the real check, not the tests' stand-in
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        url = demo_library.get(CITY_LIBRARY).url
        assert app.opened_links == []
        assert app.copied == [url]  # type: ignore[attr-defined]
        assert any("No web browser" in str(n.message) for n in app._notifications)


async def test_mouse_click_selects_and_double_click_opens(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one(ArticleList)
        await pilot.click(listing, offset=(10, 3))
        assert listing.selected is not None and listing.selected.id == COMMONPLACE
        await pilot.double_click(listing, offset=(10, 6))
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.entry.id == TERMINAL


async def test_empty_library_explains_and_loads_the_demo(empty_library: Library) -> None:
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        empty = app.screen.query_one("#empty")
        assert empty.display
        assert "reader add" in str(empty.render())
        await pilot.press("e")  # nothing selected: a warning, no crash
        await pilot.press("D")
        await pilot.pause()
        assert not app.screen.query_one("#empty").display
        assert len(listed(app)) == 4
    app.cleanup()
    assert not any(folder.exists() for folder in app.temp_dirs)


async def test_palette_offers_every_screen_action(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = {command.title for command in app.get_system_commands(app.screen)}
        for wanted in ("Add", "Archive", "Favorite", "Tag", "Delete", "Sort", "Search", "Theme"):
            assert wanted in names
        await pilot.press("ctrl+p", *"Sort")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.sort == "saved-asc"  # type: ignore[attr-defined]


async def test_tag_dialog_appends_by_default(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"later", "enter")
        await pilot.pause()
        assert demo_library.get(CITY_LIBRARY).tags == ("civic", "news", "later")
        await pilot.press("t", "escape")
        assert demo_library.get(CITY_LIBRARY).tags == ("civic", "news", "later")
        sidebar = [str(o.prompt) for o in app.screen.query_one("#views").options]  # type: ignore[attr-defined]
        assert any(line.startswith("#later") for line in sidebar)


async def test_the_list_shows_what_changes_outside_without_a_key(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.screens import library_screen
    from tests.ui.conftest import add_article

    monkeypatch.setattr(library_screen, "WATCH_EVERY", 0.05)
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await app.workers.wait_for_complete()  # the app's own start-up work is done
        await pilot.pause(0.2)
        assert not screen.watch_outside()  # nothing changed: the list is left alone
        other = Library(demo_library.root)  # another process, as `reader add` would be
        new_id = add_article(other, "Saved from the shell", "Body text.", days_ago=-30)
        other.set_status(CITY_LIBRARY, "archived")
        other.close()
        for _ in range(40):  # the timer notices within a few ticks
            await pilot.pause(0.05)
            if listed(app)[:1] == [new_id]:
                break
        assert listed(app) == [new_id, COMMONPLACE, TERMINAL, SOURDOUGH]
        assert not screen.watch_outside()
        # A file edited in place changes neither the folder nor the index: the
        # periodic look at every file's time finds it.
        path = next(demo_library.files.articles.glob(f"*{TERMINAL}.md"))
        path.write_text(path.read_text("utf-8").replace("status: unread", "status: archived"))
        assert not screen.watch_outside()
        for _ in range(60):
            await pilot.pause(0.05)
            if TERMINAL not in listed(app):
                break
        assert listed(app) == [new_id, COMMONPLACE, SOURDOUGH]


async def test_an_import_refreshes_the_list_itself_the_watch_keeps_out(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.widgets.import_panel import ImportPanel
    from tests.ui.conftest import add_article

    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.pause()
        monkeypatch.setattr(ImportPanel, "running", property(lambda self: True))
        other = Library(demo_library.root)
        add_article(other, "Written by the import", "Body.", days_ago=-30)
        other.close()
        assert not screen.watch_outside()  # the panel refreshes as the import goes
        monkeypatch.undo()
        assert not screen.watch_outside()  # and what it wrote is not news afterwards


async def test_a_file_edited_in_place_before_the_app_started_shows_edited(
    demo_library: Library,
) -> None:
    path = next(demo_library.files.articles.glob(f"*{TERMINAL}.md"))
    text = path.read_text("utf-8").replace("title: Why Terminal Apps Feel Fast", "title: Edited")
    path.write_text(text, encoding="utf-8")  # in place: the folder's time does not move
    app = build_app(Library(demo_library.root, check_files=False))  # as `reader` opens it
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [e.title for e in app.screen.query_one(ArticleList).entries]
        assert "Edited" in titles and "Why Terminal Apps Feel Fast" not in titles


async def test_returning_to_the_terminal_shows_articles_added_outside(
    demo_library: Library,
) -> None:
    from textual import events

    from tests.ui.conftest import add_article

    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        other = Library(demo_library.root)  # another process, as `reader add` would be
        new_id = add_article(other, "Saved from the shell", "Body text.", days_ago=-30)
        other.close()
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert listed(app)[0] == new_id


async def test_the_open_app_merges_a_conflict_copy_by_itself_and_says_so(
    demo_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Syncthing leaves a conflict copy while the app is open: merged, listed once, told."""
    from reader.ui.screens import library_screen
    from tests.support.syncsim import conflict_name

    monkeypatch.setattr(library_screen, "WATCH_EVERY", 0.05)
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        path = next(demo_library.files.articles.glob(f"*{TERMINAL}.md"))
        other_machine = path.read_text("utf-8").replace("favorite: false", "favorite: true")
        copy = demo_library.root / conflict_name(f"articles/{path.name}", "PHONE77")
        copy.write_text(other_machine.replace("tags:\n", "tags:\n- from-phone\n"), "utf-8")
        for _ in range(200):  # a few ticks; more on a loaded machine
            await pilot.pause(0.05)
            if not copy.exists():
                break
        assert not copy.exists()
        merged = demo_library.get(TERMINAL)
        assert "from-phone" in merged.tags
        assert listed(app).count(TERMINAL) == 1
        messages = [str(n.message) for n in app._notifications]
        assert any("merged a conflict copy" in m for m in messages), messages
