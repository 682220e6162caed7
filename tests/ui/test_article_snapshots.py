"""Snapshots of the article view's round-two states at 80x24: link hints over wide and
right-to-left text, and the multi-line note editor.

Regenerate with ``pytest tests/ui/test_article_snapshots.py --snapshot-update`` and look at
the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from reader.library import Library
from reader.library.highlighting import add_highlight
from reader.ui.screens.library_screen import LibraryScreen
from tests.ui.conftest import add_article, build_app, settle

SMALL = (80, 24)
SnapCompare = Callable[..., bool]

WORLD = (
    "图书馆今天开门。读者排队进来！你也来吗？\n\n"
    "The [opening hours](https://example.com/hours) changed, and the "
    "[map](https://example.com/map) shows the new entrance.\n\n"
    "المكتبة مفتوحة اليوم. هل ستأتي؟ نعم، [بالتأكيد](https://example.com/ar).\n\n"
    "> ציטוט קצר בעברית על הספרייה.\n\n"
    "See the [catalogue](https://example.com/catalogue) for the rest."
)


def open_first(library: Library, entry_id: str) -> Callable[[Pilot[Any]], Any]:
    async def opened(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        screen.open_article(library.get(entry_id))
        await pilot.pause()
        await settle(pilot)

    return opened


def test_link_hints_over_wide_and_right_to_left_text(
    snap_compare: SnapCompare, empty_library: Library
) -> None:
    entry_id = add_article(empty_library, "東京と世界の図書館めぐり：長い題名のテスト記事", WORLD)
    opened = open_first(empty_library, entry_id)

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(build_app(empty_library), terminal_size=SMALL, run_before=run_before)


def test_the_note_editor_at_80x24(snap_compare: SnapCompare, empty_library: Library) -> None:
    entry_id = add_article(empty_library, "River", "It is a quiet river. Nobody hurries here.")
    add_highlight(empty_library, entry_id, "It is a quiet river.", note="Calm.\nLike the old mill.")
    opened = open_first(empty_library, entry_id)

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        await pilot.press("right_parenthesis", "a")
        await pilot.pause()
        await pilot.press("enter", *"Third line.")
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        await settle(pilot)

    assert snap_compare(build_app(empty_library), terminal_size=SMALL, run_before=run_before)
