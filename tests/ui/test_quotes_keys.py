"""The highlights screen's keys (move, first/last, tag filter, search) and the help for them."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList

from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.ui.screens.help_screen import HelpScreen, help_content, help_sections, section_line
from reader.ui.screens.quotes_screen import QuotesScreen
from tests.ui.conftest import SIZE, add_article, build_app, settle

RIVER = "The river runs slowly past the mill. The bridge was rebuilt in 1890. It meets the sea."
BREAD = "Flour, water and salt make bread. The crust needs a hot oven."


def quotes_library(library: Library) -> None:
    """Three highlights over two tagged articles, and a tagged article with none."""
    river = add_article(library, "The river", RIVER, tags=["places"])
    bread = add_article(library, "Bread", BREAD, tags=["food", "kitchen"])
    # Tags in name order: "aardvark" and "zebra" come before and after the highlighted ones.
    add_article(library, "Unread", "Nothing highlighted here.", tags=["aardvark", "zebra"])
    add_highlight(library, river, "past the mill")
    add_highlight(library, bread, "Flour, water and salt")
    add_highlight(library, river, "It meets the sea.")


def highlighted(screen: QuotesScreen) -> int | None:
    return screen.query_one("#quotes", OptionList).highlighted


async def test_j_k_g_G_move_through_the_highlights(empty_library: Library) -> None:
    quotes_library(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        assert len(screen.rows) == 3 and highlighted(screen) == 0
        await pilot.press("j")
        assert highlighted(screen) == 1
        await pilot.press("j", "j")  # no wrap past the last one
        assert highlighted(screen) == 2
        await pilot.press("k")
        assert highlighted(screen) == 1
        await pilot.press("G")
        assert highlighted(screen) == 2
        assert screen.selected == (screen.rows[2].article_id, screen.rows[2].highlight_id)
        await pilot.press("g")
        assert highlighted(screen) == 0
        # the keys also work with nothing focused (after removing the last of a filter)
        screen.set_focus(None)
        await pilot.press("G")
        assert highlighted(screen) == 2


async def test_t_cycles_only_tags_with_highlights_and_never_focuses_the_search(
    empty_library: Library,
) -> None:
    quotes_library(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        search = screen.query_one("#quotes-search", Input)
        seen: list[str | None] = []
        for _ in range(5):
            await pilot.press("t")
            await pilot.pause()
            seen.append(screen.tag)
            assert screen.rows, f"#{screen.tag} listed nothing"
            assert not search.has_focus and search.value == ""
        # "aardvark" and "zebra" are tags of the library, but of no highlighted article
        assert seen == ["food", "kitchen", "places", None, "food"]
        assert [r.title for r in screen.rows] == ["Bread"]


async def test_focus_stays_out_of_the_search_when_the_list_empties(
    empty_library: Library,
) -> None:
    quotes_library(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        search = screen.query_one("#quotes-search", Input)
        await pilot.press("t")  # food: one highlight
        await pilot.pause()
        await pilot.press("x")  # removed: the list is empty
        await pilot.pause()
        assert screen.rows == []
        assert not search.has_focus
        await pilot.press("t")  # typed into nothing: the next tag with highlights
        await pilot.pause()
        assert search.value == "" and screen.tag == "places" and len(screen.rows) == 2
        assert screen.query_one("#quotes", OptionList).has_focus


async def test_slash_searches_and_escape_returns_to_the_list(empty_library: Library) -> None:
    quotes_library(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        search = screen.query_one("#quotes-search", Input)
        listing = screen.query_one("#quotes", OptionList)
        await pilot.press("slash")
        assert search.has_focus
        await pilot.press(*"jkgt")  # typed as text, not taken as keys
        await pilot.pause()
        assert search.value == "jkgt" and screen.rows == []
        await pilot.press("escape")  # clears the search, back to the whole list
        await pilot.pause()
        assert search.value == "" and listing.has_focus and len(screen.rows) == 3
        await pilot.press("slash", *"mill", "escape")
        await pilot.pause()
        assert listing.has_focus and len(screen.rows) == 3
        await pilot.press("slash", *"mill", "enter")  # enter keeps the search
        await pilot.pause()
        assert listing.has_focus and [r.exact for r in screen.rows] == ["past the mill"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuotesScreen)


# -- help ------------------------------------------------------------------------------------------


def test_the_help_lists_the_highlights_keys_from_their_bindings() -> None:
    sections = dict(help_sections())
    rows = dict(sections["Highlights"])
    assert rows["j ↓"] == "next highlight" and rows["G end"] == "last highlight"
    assert rows["escape q"].startswith("back") and "t" in rows and "/" in rows
    actions = {b.action for b in QuotesScreen.BINDINGS if hasattr(b, "action")}
    assert len(rows) == len(actions)  # one line per action, none missed
    assert list(sections) == ["Library", "Article", "Highlights", "Everywhere"]


async def test_no_help_line_wraps_at_80_columns(empty_library: Library) -> None:
    # A wrapped line would push every section below it off the line `section_line` says.
    app = build_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HelpScreen())
        await settle(pilot)
        text = app.screen.query_one("#help-text")
        assert text.virtual_size.height == len(help_content().plain.split("\n"))


async def test_help_from_the_quotes_screen_starts_at_its_section_and_scrolls(
    empty_library: Library,
) -> None:
    quotes_library(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuotesScreen())
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#dialog", VerticalScroll)
        text = app.screen.query_one("#help-text")
        start = text.virtual_region.y + section_line("Highlights")
        assert section_line("Highlights") > 40
        assert box.scroll_y == min(start, box.max_scroll_y)
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert box.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("space")
        await pilot.pause()
        page = box.scrollable_content_region.height
        assert box.scroll_y == 2 + page
        await pilot.press("b")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuotesScreen)


async def test_with_no_highlights_keys_are_keys_not_search_text(empty_library: Library) -> None:
    add_article(empty_library, "Unread", "Nothing highlighted here.", tags=["places"])
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")  # from the library, as a user opens it
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen) and not screen.rows
        await pilot.press("j", "k", "t", "G")
        await settle(pilot)
        assert screen.query_one("#quotes-search", Input).value == ""
        await pilot.press("slash", *"mill")  # / still searches
        assert screen.query_one("#quotes-search", Input).value == "mill"
