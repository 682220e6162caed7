"""The library screen as a newsboat or Pocket user meets it in the first hour (issue 18):
search over the whole library, the search box's keys, empty views that say something,
densities, marks and bulk actions, tag completion and renaming, the queued and failed
views, and wide (CJK) tag names in the sidebar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.widgets import Input, OptionList, Static

from reader.config import load_settings
from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.dialogs.tag_dialog import TagDialog, TagSuggester
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
    add_article,
    build_app,
    settle,
)

UNREAD_ORDER = [CITY_LIBRARY, COMMONPLACE, TERMINAL, SOURDOUGH]
"""The demo's unread articles, newest first."""


def listing(app: ReaderApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def listed(app: ReaderApp) -> list[str]:
    return [e.id for e in listing(app).entries]


def header(app: ReaderApp) -> str:
    return str(app.screen.query_one("#list-header", Static).content)


def shown_lines(app: ReaderApp, lines: int = 6) -> list[str]:
    """The first *lines* lines the list draws, as text."""
    return [listing(app).render_line(y).text for y in range(lines)]


def notes(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def sidebar(app: ReaderApp) -> list[str]:
    views = app.screen.query_one("#views", OptionList)
    return [str(views.get_option_at_index(i).prompt) for i in range(views.option_count)]


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- 1. search covers the whole library ------------------------------------------------------


async def test_search_in_unread_finds_an_archived_article_and_says_where(
    demo_library: Library,
) -> None:
    archived_title = demo_library.get(COAST).title
    word = archived_title.split()[-1]
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.view.key == "unread"  # type: ignore[attr-defined]
        await search(pilot, word)
        assert COAST in listed(app)  # archived, found from the Unread view
        text = header(app)
        assert "in the whole library" in text
        here = sum(1 for e in listing(app).entries if e.status == "unread")
        assert f"{here} in Unread, {len(listed(app)) - here} in other views" in text
        # archiving a result keeps it listed: the search is not the Unread view
        await pilot.press("escape")
        listing(app).move_to(listed(app).index(COAST))
        await pilot.press("e")
        assert COAST in listed(app)


async def test_a_search_with_no_result_says_so(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "zzyzx")
        assert listed(app) == []
        assert any(
            "Nothing matches “zzyzx” in the whole library" in line for line in shown_lines(app)
        )


# -- 2. the search box's keys ----------------------------------------------------------------


async def test_enter_in_the_search_box_opens_the_first_result_at_once(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        # no wait for the search worker: enter alone must search and open
        await pilot.press("slash", *"starter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.entry.id == SOURDOUGH


async def test_down_in_the_search_box_goes_to_the_results(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "the")
        assert isinstance(app.focused, Input)
        await pilot.press("down")
        assert isinstance(app.focused, ArticleList)
        assert listing(app).cursor == 0
        await pilot.press("down")
        assert listing(app).cursor == 1


async def test_enter_on_an_empty_search_box_only_goes_to_the_list(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "enter")
        assert isinstance(app.screen, LibraryScreen)
        assert isinstance(app.focused, ArticleList)


# -- 4. empty views --------------------------------------------------------------------------


async def test_empty_views_name_the_key_that_fills_them(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    try:
        add_article(library, "Only one", "Some text here.")
        app = build_app(library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("3")
            assert any("No favorites yet: f marks one" in line for line in shown_lines(app))
            await pilot.press("2")
            assert any("e archives" in line for line in shown_lines(app))
            await pilot.press("1")
            assert not any("No favorites" in line for line in shown_lines(app))
    finally:
        library.close()


# -- 3. in-app messages name keys, not flags -------------------------------------------------


async def test_an_import_of_an_unknown_format_names_the_dialog_not_a_flag(
    empty_library: Library, tmp_path: Path
) -> None:
    from reader.ui.dialogs.import_dialog import ImportRequest

    source = tmp_path / "notes.txt"
    source.write_text("just some words\nand more words\n", "utf-8")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.start_import(ImportRequest(source))  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        (message,) = [n for n in notes(app) if "format" in n]
        assert "--" not in message and "reader " not in message
        assert "choose" in message


def test_the_app_import_summary_names_keys() -> None:
    from reader.importers.apply import ImportReport
    from reader.importers.summary import APP_HINTS, CLI_HINTS, import_summary

    report = ImportReport(format="urls", added=3, queued=3)
    assert "'reader import --resume'" in import_summary(report, None, CLI_HINTS)
    app_line = import_summary(report, None, APP_HINTS)
    assert "F fetches them" in app_line and "reader" not in app_line and "--" not in app_line


# -- 5. densities ----------------------------------------------------------------------------


async def test_the_density_key_cycles_and_is_remembered(
    demo_library: Library, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    app = build_app(demo_library, config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")  # normal -> excerpts
        assert listing(app).density == "excerpts"
        lines = shown_lines(app, 4)
        assert demo_library.get(CITY_LIBRARY).title[:20] in lines[0]
        excerpt = demo_library.get(CITY_LIBRARY).excerpt or ""
        assert excerpt[:20] and excerpt[:20] in lines[2]
        await pilot.press("L")  # -> compact: one line per article
        assert listing(app).density == "compact"
        assert listing(app).virtual_size.height == len(UNREAD_ORDER)
        lines = shown_lines(app, 4)
        for line, entry_id in zip(lines, UNREAD_ORDER, strict=True):
            entry = demo_library.get(entry_id)
            assert entry.title[:15] in line
            assert (entry.site or "")[:10] in line
            assert cell_len(line) == listing(app).scrollable_content_region.width
        await pilot.press("j", "j")
        assert listing(app).selected.id == TERMINAL  # type: ignore[union-attr]
    assert load_settings(config).list_density == "compact"
    again = build_app(demo_library, load_settings(config), config_dir=config)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert listing(again).density == "compact"
        await pilot.press("L")
        assert listing(again).density == "normal"
        assert listing(again).virtual_size.height == 3 * len(UNREAD_ORDER)


async def test_a_compact_row_keeps_its_columns_with_a_cjk_title(empty_library: Library) -> None:
    add_article(
        empty_library, "東京の図書館が夜も開く理由について考える長い記事のタイトルです", "本文。"
    )
    app = build_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "L")
        line = shown_lines(app, 1)[0]
        assert cell_len(line) == listing(app).scrollable_content_region.width
        assert "example.com" in line  # the site column is still there, after the cut title


# -- 6. marks and bulk actions ---------------------------------------------------------------


async def test_marked_articles_are_archived_together_and_z_puts_them_back(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "m")  # marks the first two (m moves down)
        assert listing(app).marked == {CITY_LIBRARY, COMMONPLACE}
        assert "2 marked" in header(app)
        assert shown_lines(app, 1)[0].startswith("▌")
        await pilot.press("e")
        assert demo_library.get(CITY_LIBRARY).status == "archived"
        assert demo_library.get(COMMONPLACE).status == "archived"
        assert demo_library.get(TERMINAL).status == "unread"
        assert listed(app) == [TERMINAL, SOURDOUGH]
        assert listing(app).marked == set()
        await pilot.press("z")
        assert listed(app) == UNREAD_ORDER
        assert demo_library.get(CITY_LIBRARY).status == "unread"


async def test_marked_articles_are_deleted_together_and_one_z_restores_them(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "m", "m", "d")
        assert listed(app) == [CITY_LIBRARY, SOURDOUGH]
        assert demo_library.counts()["all"] == 3
        assert any("Deleted 2 articles" in n for n in notes(app))
        await pilot.press("z")
        assert listed(app) == UNREAD_ORDER
        assert demo_library.counts()["all"] == 5


async def test_marked_articles_are_tagged_together(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "m", "t")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"weekend", "enter")
        await pilot.pause()
        for entry_id in (CITY_LIBRARY, COMMONPLACE):
            assert "weekend" in demo_library.get(entry_id).tags
        assert "weekend" not in demo_library.get(TERMINAL).tags
        assert demo_library.get(CITY_LIBRARY).tags[0] == "civic"  # its own tags kept
        assert demo_library.tag_counts()["weekend"] == 2


async def test_escape_unmarks_before_it_clears_the_search(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.press("escape")
        assert listing(app).marked == set()
        assert "marked" not in header(app)


async def test_archive_everything_above(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "E")  # on the third: the two above go
        assert listed(app) == [TERMINAL, SOURDOUGH]
        assert demo_library.get(COMMONPLACE).status == "archived"
        await pilot.press("z")
        assert listed(app) == UNREAD_ORDER


# -- 7. tags: completion, rename, merge ------------------------------------------------------


async def test_the_tag_field_completes_the_tag_being_typed() -> None:
    suggester = TagSuggester(["reading", "essays", "Environment"])
    assert await suggester.get_suggestion("reading, ess") == "reading, essays"
    assert await suggester.get_suggestion("env") == "Environment"  # spelled as the library does
    assert await suggester.get_suggestion("reading ") is None
    assert await suggester.get_suggestion("a #ess") == "a #essays"
    assert await suggester.get_suggestion("essays, re") is not None
    assert await suggester.get_suggestion("reading, rea") is None  # already there


async def test_the_tag_dialog_completes_with_the_right_arrow(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"ess")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert "essays" in demo_library.get(CITY_LIBRARY).tags


async def open_tag_view(pilot: Any, tag: str) -> None:
    await pilot.app.screen.run_action(f"view('tag:{tag}')")
    await pilot.pause()


async def test_renaming_a_tag_in_the_app(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_tag_view(pilot, "civic")
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        await pilot.press("ctrl+u", *"city", "enter")
        await pilot.pause()
        assert "civic" not in demo_library.tag_counts()
        assert "city" in demo_library.get(CITY_LIBRARY).tags
        assert app.screen.view.key == "tag:city"  # type: ignore[attr-defined]
        assert listed(app) == [CITY_LIBRARY]


async def test_renaming_a_tag_onto_another_merges_them(demo_library: Library) -> None:
    before = demo_library.tag_counts()
    both = sum(1 for e in demo_library.entries() if {"civic", "news"} <= set(e.tags))
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_tag_view(pilot, "civic")
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("ctrl+u", *"news", "enter")
        await pilot.pause()
        assert any(n.startswith("Merged #civic into #news") for n in notes(app))
    after = demo_library.tag_counts()
    assert "civic" not in after
    assert after["news"] == before["news"] + before["civic"] - both
    assert demo_library.get(CITY_LIBRARY).tags.count("news") == 1


async def test_rename_outside_a_tag_view_says_how(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        assert isinstance(app.screen, LibraryScreen)
        assert any("tag's view" in n for n in notes(app))


# -- 8. queued and failed views; CJK tags in the sidebar -------------------------------------


async def test_queued_and_failed_views_with_counts(empty_library: Library) -> None:
    add_article(empty_library, "Fetched already", "Text.")
    empty_library.add_placeholder("https://example.com/waiting", title="Waiting")
    failed = empty_library.add_placeholder("https://example.com/broken", title="Broken").entry
    empty_library.update(failed.id, fetch_error="HTTP 404", fetch_attempts=1)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = sidebar(app)
        assert any(r.startswith("Queued") and r.rstrip().endswith("1") for r in rows)
        assert any(r.startswith("Fetch failed") and r.rstrip().endswith("1") for r in rows)
        await pilot.press("5")
        assert [e.title for e in listing(app).entries] == ["Waiting"]
        await pilot.press("6")
        assert [e.title for e in listing(app).entries] == ["Broken"]
        assert "Fetch failed · 1 article" in header(app)


async def test_without_queued_articles_the_sidebar_has_no_fetch_views(
    demo_library: Library,
) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not any(r.startswith(("Queued", "Fetch failed")) for r in sidebar(app))
        await pilot.press("5")  # still reachable, and it says it is empty
        assert any("Nothing waiting to be fetched" in line for line in shown_lines(app))
        assert any(r.startswith("Queued") for r in sidebar(app))


async def test_a_cjk_tag_shows_its_count_in_the_sidebar(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "読書", "本文。")
    empty_library.add_tags(entry_id, ["日本語の長いタグ名です"])
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        views = app.screen.query_one("#views", OptionList)
        room = views.scrollable_content_region.width
        (row,) = [r for r in sidebar(app) if r.startswith("#日本")]
        assert cell_len(row) <= room
        assert row.rstrip().endswith(" 1")
        plain = next(r for r in sidebar(app) if r.startswith("All"))
        assert cell_len(row) == cell_len(plain)  # the counts line up
