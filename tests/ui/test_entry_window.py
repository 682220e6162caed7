"""The entry window: a long list read a page at a time, and the library screen on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from reader.library import Library
from reader.models import Entry
from reader.ui import entry_window
from reader.ui.entry_window import EntryWindow
from reader.ui.screens import library_screen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.conftest import SIZE, add_article, build_app, settle

BASE = datetime(2026, 11, 1, tzinfo=UTC)


def _entry(number: int, status: str = "unread") -> Entry:
    return Entry(
        id=f"id{number:04d}",
        url=f"https://example.com/{number}",
        title=f"Article {number}",
        saved_at=BASE - timedelta(minutes=number),
        status=status,  # type: ignore[arg-type]
    )


class Store:
    """The entries a window reads, and each read it asked for."""

    def __init__(self, count: int) -> None:
        self.entries = {
            e.id: e for e in (_entry(n, "archived" if n % 3 else "unread") for n in range(count))
        }
        self.reads: list[int] = []

    def window(self) -> EntryWindow:
        ids = list(self.entries)
        unread = bytearray(self.entries[i].status == "unread" for i in ids)
        return EntryWindow(ids, unread, self.fetch)

    def fetch(self, ids: Sequence[str]) -> dict[str, Entry]:
        self.reads.append(len(ids))
        return {i: self.entries[i] for i in ids if i in self.entries}


def test_a_window_reads_only_the_pages_asked_for_and_keeps_a_few() -> None:
    store = Store(5000)
    window = store.window()
    assert len(window) == 5000
    assert store.reads == []  # nothing read until a row is
    assert window[0].title == "Article 0"
    assert window[4999].title == "Article 4999"
    assert window[-1].title == "Article 4999"
    assert store.reads == [entry_window.PAGE, entry_window.PAGE]
    for number in range(0, 5000, entry_window.PAGE):
        assert window[number].id == f"id{number:04d}"
    assert len(window._pages) == entry_window.PAGES  # the oldest pages went
    with pytest.raises(IndexError):
        window[5000]


def test_a_window_finds_moves_and_changes_without_reading_everything() -> None:
    store = Store(1000)
    window = store.window()
    assert window.index_of("id0700") == 700
    assert window.index_of("nope") is None
    assert window.next_unread(0, 1) == 3
    assert window.next_unread(3, -1) == 0
    assert window.next_unread(0, -1) is None
    assert window.next_unread(999, 1) is None
    assert store.reads == []  # unread is known from the ids listing
    above = window.unread_before(10)
    assert [e.id for e in above] == ["id0000", "id0003", "id0006", "id0009"]
    assert [e.id for e in window.with_ids({"id0900", "id0002"})] == ["id0002", "id0900"]
    read = replace_status(window[3], "archived")
    window.replace(3, read)
    assert window[3].status == "archived"
    assert window.next_unread(0, 1) == 6
    window.remove({"id0001", "id0002"})
    assert len(window) == 998
    assert window[1].id == "id0003"
    assert window.index_of("id0700") == 698


def test_an_entry_deleted_since_the_listing_shows_as_gone() -> None:
    store = Store(10)
    window = store.window()
    del store.entries["id0004"]
    assert window[4].title == "(deleted)"
    assert window[5].title == "Article 5"


def test_a_short_list_is_held_whole() -> None:
    entries = [_entry(n) for n in range(5)]
    window = EntryWindow.of(entries)
    assert not window.paged
    assert list(window) == entries
    assert window[1:3] == entries[1:3]
    window.remove({"id0000"})
    assert [e.id for e in window] == ["id0001", "id0002", "id0003", "id0004"]


def replace_status(entry: Entry, status: str) -> Entry:
    from dataclasses import replace

    return replace(entry, status=status)  # type: ignore[arg-type]


@pytest.fixture
def long_library(empty_library: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    """45 articles, with pages of 4 (two kept) and 6 rows before the first paint: the
    paging the screen does at 100,000 articles, at a size a test can build."""
    monkeypatch.setattr(entry_window, "PAGE", 4)
    monkeypatch.setattr(entry_window, "PAGES", 2)
    monkeypatch.setattr(library_screen, "FIRST_PAGE", 6)
    for number in range(45):
        add_article(
            empty_library, f"Story {number:02d}", f"Body of story {number}.", days_ago=number
        )
    return empty_library


def _listing(app: object) -> ArticleList:
    return app.screen.query_one(ArticleList)  # type: ignore[attr-defined,no-any-return]


async def test_the_list_pages_through_a_long_view(long_library: Library) -> None:
    app = build_app(long_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = _listing(app)
        assert listing.entries.paged and len(listing.entries) == 45
        assert "45 articles" in str(app.screen.query_one("#list-header").render())
        await pilot.press("G")
        assert listing.selected is not None and listing.selected.title == "Story 44"
        await pilot.press("g", "pagedown")
        assert listing.cursor > 0
        await pilot.press("g", "m", "m", "G", "m")  # marks on the first and last pages
        marked = [e.title for e in listing.marked_entries()]
        assert marked == ["Story 00", "Story 01", "Story 44"]
        await pilot.press("e")  # archive the marked ones
        await settle(pilot)
        assert len(listing.entries) == 42
        archived = {e.title for e in long_library.entries() if e.status == "archived"}
        assert archived == {"Story 00", "Story 01", "Story 44"}
        await pilot.press("4", "g")  # all articles: n skips the archived
        await settle(pilot)
        await pilot.press("n")
        assert listing.selected is not None and listing.selected.title == "Story 02"


async def test_a_search_lists_its_results_a_page_at_a_time(long_library: Library) -> None:
    app = build_app(long_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"story")
        await settle(pilot)
        listing = _listing(app)
        assert listing.entries.paged and len(listing.entries) == 45
        assert "45 matching" in str(app.screen.query_one("#list-header").render())
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ArticleScreen"


async def test_a_search_past_the_cap_says_so(
    long_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_screen, "SEARCH_LIMIT", 40)
    app = build_app(long_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"body")
        await settle(pilot)
        assert len(_listing(app).entries) == 40
        header = str(app.screen.query_one("#list-header").render())
        assert header.startswith("40+ matching “body”")
