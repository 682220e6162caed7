"""Highlights in the app: made by mouse and by keyboard, noted, removed, listed, jumped to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Offset
from textual.pilot import Pilot
from textual.selection import Selection
from textual.widgets import Input, OptionList

from reader.config import Settings
from reader.demo.highlights import add_demo_highlights
from reader.highlights.text import article_text
from reader.library import Library
from reader.library.highlighting import add_highlight, highlights_of
from reader.text.sanitize import clean_text
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.highlighting import HIGHLIGHT, HIGHLIGHT_NOTE
from reader.ui.markdown_blocks import parse_blocks
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.quotes_screen import ORPHANED, QuotesScreen, parse_query
from reader.ui.widgets.highlighting_article_view import HighlightingArticleView
from tests.ui.conftest import (
    SIZE,
    add_article,
    build_app,
    long_markdown,
    settle,
)

BODY = (
    "The river runs *slowly* through the **old town**, past the mill. It is a quiet river. "
    "Nobody hurries here.\n\n"
    "A second paragraph says the bridge was rebuilt in 1890. The bridge was rebuilt again "
    "later.\n\n"
    "> A quoted line worth keeping.\n\n"
    "The end of the story, where the river meets the sea."
)


async def open_article(
    pilot: Pilot[Any], library: Library, entry_id: str, highlight: str | None = None
) -> HighlightingArticleView:
    """Open article *entry_id* from the library (at *highlight*) and wait until it is shown."""
    app = pilot.app
    await pilot.pause()
    library_screen = app.screen
    assert isinstance(library_screen, LibraryScreen)
    if highlight is None:
        library_screen.open_article(library.get(entry_id))
    else:
        library_screen.open_passage(entry_id, highlight)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ArticleScreen)
    return app.screen.query_one(HighlightingArticleView)


def river(library: Library) -> str:
    return add_article(library, "The river", BODY)


async def drag(
    pilot: Pilot[Any], view: HighlightingArticleView, block: int, x1: int, x2: int
) -> None:
    """Select characters x1..x2 of the first line of block *block* with the mouse."""
    widget = view.blocks[block]
    await pilot.mouse_down(widget, offset=(x1, 0))
    await pilot.hover(widget, offset=(x2, 0))
    await pilot.mouse_up(widget, offset=(x2, 0))
    await pilot.pause()


def test_the_core_text_is_the_text_the_view_shows() -> None:
    linked_photo = "[![A harbour](https://i.example/s.jpg)](https://i.example/l.jpg)\n\nAfter."
    lists = "1. one\n2. two\n\n> - a\n> - b\n\n```\nx\n```"
    for markdown in (BODY, long_markdown(2000), lists, linked_photo):
        specs = parse_blocks(clean_text(markdown))
        core = article_text(markdown)
        assert [s.content.plain for s in specs] == list(core.blocks)


async def test_highlight_a_mouse_selection(empty_library: Library) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        await drag(pilot, view, 1, 2, 20)
        assert app.screen.get_selected_text() == "second paragraph sa"
        await pilot.press("h")
        await pilot.pause()
        (made,) = highlights_of(empty_library, entry_id)
        assert made.exact == "second paragraph sa"
        assert not app.screen.selections
        # drawn in the text, with the theme's highlight style
        block = view.blocks[1]
        spans = [s for s in block.visual.spans if s.style == HIGHLIGHT]  # type: ignore[union-attr]
        assert [(s.start, s.end) for s in spans] == [(2, 21)]


async def test_a_selection_across_paragraphs_and_formatting(empty_library: Library) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        first, second = view.blocks[0], view.blocks[1]
        await pilot.mouse_down(first, offset=(15, 0))
        await pilot.hover(second, offset=(8, 0))
        await pilot.mouse_up(second, offset=(8, 0))
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        (made,) = highlights_of(empty_library, entry_id)
        assert made.exact.startswith("slowly through the old town, past the mill.")
        assert made.exact.endswith("river. Nobody hurries here.\n\nA second")
        assert first.index in view._styled and second.index in view._styled


async def test_highlight_with_the_keyboard_cursor_and_a_note(empty_library: Library) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis")
        assert (
            app.screen.get_selected_text()
            == "The river runs slowly through the old town, past the mill."
        )
        await pilot.press("right_parenthesis", "v", "right_parenthesis")
        assert app.screen.get_selected_text() == "It is a quiet river. Nobody hurries here."
        await pilot.press("right_square_bracket")
        assert app.screen.get_selected_text().endswith(
            "A second paragraph says the bridge was rebuilt in 1890."
        )
        await pilot.press("left_parenthesis", "h")
        await pilot.pause()
        (made,) = highlights_of(empty_library, entry_id)
        assert made.exact == "It is a quiet river. Nobody hurries here."
        # a on the highlighted passage writes its note
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert view.cursor_range is not None
        await pilot.press("a")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"calm", "ctrl+s")
        await pilot.pause()
        (noted,) = highlights_of(empty_library, entry_id)
        assert noted.id == made.id and noted.note == "calm"
        spans = {s.style for s in view.blocks[0].visual.spans}  # type: ignore[union-attr]
        assert HIGHLIGHT_NOTE in spans


async def test_the_cursor_stays_on_screen_inside_a_long_paragraph(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "Long", "One enormous paragraph. " * 400)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        await pilot.press("right_parenthesis")
        for _ in range(249):  # the same action, without a frame per key press
            view.action_sentence(1)
        await pilot.pause()
        ((block, selection),) = app.screen.selections.items()
        assert selection.start is not None and selection.start.x == 250 * 24 - 24
        line = view._block_top(block) + block.virtual_region.height * 249 // 400
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height


async def test_remove_a_highlight_and_escape_drops_the_cursor(empty_library: Library) -> None:
    entry_id = river(empty_library)
    add_highlight(empty_library, entry_id, "where the river meets the sea")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        assert view.highlights is not None and len(view.highlights.placed) == 1
        assert view.blocks[3].index in view._styled
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.press("right_square_bracket")
        assert "meets the sea" in app.screen.get_selected_text()
        await pilot.press("x")
        await pilot.pause()
        assert highlights_of(empty_library, entry_id) == []
        assert view.blocks[3].index not in view._styled
        await pilot.press("right_parenthesis")
        assert app.screen.selections
        await pilot.press("escape")
        assert not app.screen.selections and view.cursor_range is None


async def test_without_a_selection_h_explains_how(empty_library: Library) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, empty_library, entry_id)
        await pilot.press("h")
        await pilot.pause()
        assert highlights_of(empty_library, entry_id) == []
        assert any("Select a passage first" in str(n.message) for n in app._notifications)


TABLE = (
    "Before.\n\n"
    "| Approach | How it works |\n|---|---|\n"
    "| Headings | Each entry is filed under one topic, the one it was first written "
    "about, and stays there for good however the notebook grows later |\n"
    "| Tags | Labels |\n\nAfter."
)


async def test_a_passage_in_a_table_is_highlighted_and_drawn(empty_library: Library) -> None:
    entry_id = add_article(empty_library, "Table", TABLE)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        table = next(b for b in view.blocks if b.spec.kind == "table")
        lines = table.plain.split("\n")
        # A passage on a wrapped line of a cell (the grid draws the cell over two lines).
        y = next(n for n, line in enumerate(lines) if "stays there" in line)
        x = lines[y].index("stays there")
        app.screen.selections = {table: Selection(Offset(x, y), Offset(x + 11, y))}
        await pilot.press("h")
        await pilot.pause()
        (made,) = highlights_of(empty_library, entry_id)
        assert made.exact == "stays there"
        spans = [s for s in table.visual.spans if s.style == HIGHLIGHT]  # type: ignore[union-attr]
        start = sum(len(line) + 1 for line in lines[:y]) + x
        assert [(s.start, s.end) for s in spans] == [(start, start + 11)]
        # A selection from one cell into the next row keeps the table's text between.
        first = lines.index(next(line for line in lines if line.startswith("Tags")))
        app.screen.selections = {
            table: Selection(Offset(0, first), Offset(len(lines[first]), first))
        }
        await pilot.press("h")
        await pilot.pause()
        quotes = sorted(h.exact for h in highlights_of(empty_library, entry_id))
        assert quotes == ["Tags │ Labels", "stays there"]
        # Padding and rules alone hold nothing to highlight.
        rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
        app.screen.selections = {table: Selection(Offset(0, rule), Offset(5, rule))}
        await pilot.press("h")
        await pilot.pause()
        assert len(highlights_of(empty_library, entry_id)) == 2
        assert any("no text of the article" in str(n.message) for n in app._notifications)


async def test_quotes_screen_lists_searches_filters_and_opens(empty_library: Library) -> None:
    entry_id = river(empty_library)
    other = add_article(
        empty_library, "Bread", "Flour, water and [salt] make bread.", tags=["food"]
    )
    add_highlight(empty_library, entry_id, "past the mill", note="grain [b]not markup[/b]")
    add_highlight(empty_library, other, "Flour, water and [salt]")
    add_highlight(empty_library, entry_id, "where the river meets the sea")
    chosen: list[tuple[str, str]] = []
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen(lambda a, h: chosen.append((a, h))))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        assert [r.exact for r in screen.rows] == [
            "where the river meets the sea",
            "Flour, water and [salt]",
            "past the mill",
        ]
        listing = screen.query_one("#quotes", OptionList)
        prompt = listing.get_option_at_index(2).prompt
        assert "grain [b]not markup[/b]" in str(prompt) and "The river" in str(prompt)
        await pilot.press("slash", *"grain")
        await pilot.pause()
        assert [r.exact for r in screen.rows] == ["past the mill"]
        screen.query_one("#quotes-search", Input).value = "#food"
        await pilot.pause()
        assert [r.title for r in screen.rows] == ["Bread"]
        screen.query_one("#quotes-search", Input).value = ""
        await pilot.press("escape", "t")
        await pilot.pause()
        assert screen.tag == "food" and [r.title for r in screen.rows] == ["Bread"]
        await pilot.press("enter")
        assert chosen == [(other, screen.rows[0].highlight_id)]
        await pilot.press("x")
        await pilot.pause()
        assert screen.rows == [] and highlights_of(empty_library, other) == []
        await pilot.press("slash", "escape", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuotesScreen)


async def test_quotes_screen_marks_highlights_no_longer_in_their_article(
    empty_library: Library,
) -> None:
    entry_id = river(empty_library)
    kept = add_highlight(empty_library, entry_id, "past the mill")
    lost = add_highlight(empty_library, entry_id, "where the river meets the sea")
    # The article changes (extracted again, or its file edited): one passage is gone.
    empty_library.rewrite_markdown(
        entry_id, lambda md: md.replace("The end of the story, where the river meets the sea.", "")
    )
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        assert screen.orphaned == {(entry_id, lost.id)}
        listing = screen.query_one("#quotes", OptionList)
        prompts = {
            row.highlight_id: str(listing.get_option_at_index(i).prompt)
            for i, row in enumerate(screen.rows)
        }
        assert ORPHANED in prompts[lost.id] and ORPHANED not in prompts[kept.id]


async def test_jump_to_a_passage_far_down(empty_library: Library) -> None:
    body = long_markdown(4000) + "\n\nThe last words of a long article."
    entry_id = add_article(empty_library, "Long", body)
    made = add_highlight(empty_library, entry_id, "The last words of a long article.")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id, highlight=made.id)
        await pilot.pause()
        last = view.blocks[-1]
        assert view.scroll_y > 0
        assert view.scroll_y <= view.column.virtual_region.y + last.virtual_region.y
        assert last.index in view._styled


def test_parse_query() -> None:
    assert parse_query("river #water mill") == ("river mill", "water")
    assert parse_query("#") == ("#", None)


async def test_from_the_library_to_the_quotes_to_the_passage_and_back(
    empty_library: Library,
) -> None:
    body = long_markdown(3000) + "\n\nThe closing line of the river essay."
    entry_id = add_article(empty_library, "The river", body)
    made = add_highlight(
        empty_library, entry_id, "The closing line of the river essay.", note="end"
    )
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, QuotesScreen)
        assert [r.highlight_id for r in app.screen.rows] == [made.id]
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(HighlightingArticleView)
        last = view.blocks[-1]
        assert last.plain == "The closing line of the river essay."
        assert view.scroll_y > 0 and last.index in view._styled
        # the reader's place in the article was not moved by the jump
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuotesScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_highlight_from_the_command_palette(empty_library: Library) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        await drag(pilot, view, 1, 2, 20)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Highlight")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert [h.exact for h in highlights_of(empty_library, entry_id)] == ["second paragraph sa"]


async def test_the_next_match_key_finds_the_next_match_while_a_match_is_shown(
    empty_library: Library,
) -> None:
    entry_id = river(empty_library)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, empty_library, entry_id)
        await pilot.press("slash", *"river", "enter")
        await pilot.pause()
        first = app.screen.get_selected_text()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert app.screen.get_selected_text().casefold() == first.casefold() == "river"
        # h highlights the match that is shown
        await pilot.press("h")
        await pilot.pause()
        assert [h.exact for h in highlights_of(empty_library, entry_id)] == ["river"]


# -- snapshots -------------------------------------------------------------------------------------

SnapCompare = Callable[..., bool]


def test_snapshot_article_with_highlights(snap_compare: SnapCompare, demo_library: Library) -> None:
    add_demo_highlights(demo_library)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)

    app = build_app(demo_library, Settings(theme="textual-dark"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_quotes_screen(snap_compare: SnapCompare, demo_library: Library) -> None:
    add_demo_highlights(demo_library)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("h")
        await settle(pilot)

    app = build_app(demo_library, Settings(theme="textual-dark"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
