"""Removing a highlight is undoable with z, note and all."""

from __future__ import annotations

from dataclasses import replace

from reader.highlights.model import Highlight
from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.ui.screens.quotes_screen import QuotesScreen
from tests.ui.conftest import SIZE, build_app
from tests.ui.test_highlights import highlights_of, open_article, river


def as_before(now: list[Highlight]) -> list[Highlight]:
    """*now* as it was before removal: a highlight put back is stamped as changed
    (so that a sync merge keeps it over the other machine's tombstone), nothing else."""
    assert all(h.updated for h in now)
    return [replace(h, updated="") for h in now]


async def test_quotes_screen_remove_then_z_brings_it_back_with_its_note(
    empty_library: Library,
) -> None:
    entry_id = river(empty_library)
    add_highlight(empty_library, entry_id, "past the mill", note="grain and water")
    before = highlights_of(empty_library, entry_id)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuotesScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        await pilot.press("x")
        await pilot.pause()
        assert screen.rows == [] and highlights_of(empty_library, entry_id) == []
        said = [n.message for n in app._notifications]
        assert any("past the mill" in m and "z" in m for m in said)
        await pilot.press("z")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert as_before(highlights_of(empty_library, entry_id)) == before
        assert [r.exact for r in screen.rows] == ["past the mill"]
        assert [r.note for r in screen.rows] == ["grain and water"]
        assert as_before(highlights_of(empty_library, entry_id)) == before


async def test_article_view_remove_then_z_brings_it_back_with_its_note(
    empty_library: Library,
) -> None:
    entry_id = river(empty_library)
    add_highlight(empty_library, entry_id, "where the river meets the sea", note="the delta")
    before = highlights_of(empty_library, entry_id)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_article(pilot, empty_library, entry_id)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.press("x")
        await pilot.pause()
        assert highlights_of(empty_library, entry_id) == []
        said = [n.message for n in app._notifications]
        assert any("meets the sea" in m and "z" in m for m in said)
        await pilot.press("z")
        await pilot.pause()
        assert as_before(highlights_of(empty_library, entry_id)) == before
        assert view.highlights is not None and len(view.highlights.placed) == 1
        assert view.blocks[3].index in view._styled
