"""Articles that wait in the queue (imported links): seen in the list, fetched from the app."""

from __future__ import annotations

import threading

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from reader.importers.queue import failed_entries, pending_entries
from reader.library import Library
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.ui.conftest import SIZE, build_app

__all__ = ["http_server"]


def footer_keys(screen: object) -> list[str]:
    return [k.description for k in screen.query(FooterKey)]  # type: ignore[attr-defined]


def empty_note(screen: ArticleScreen) -> str:
    return str(screen.query_one(".article-empty", Static).render())


async def test_opening_a_queued_article_fetches_it_and_shows_it(
    empty_library: Library, http_server: TestServer
) -> None:
    slow_site = threading.Event()
    url = http_server.route(
        "/later",
        body=article_page("Read me later", slug="later").encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
        hold=slow_site,
    )
    entry = empty_library.add_placeholder(url, title="Read me later").entry
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = app.screen.query_one(ArticleList).render_line(1).text
        assert "not fetched" in row
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert "It is being fetched now" in empty_note(screen)  # while the page is slow
        assert "Fetch" in footer_keys(screen)
        slow_site.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.entry.fetched and empty_library.get(entry.id).fetched
        view = screen.query_one(ArticleView)
        assert any("The committee met" in block.plain for block in view.blocks)
        assert not screen.query(".article-empty")
        assert "Fetch" not in footer_keys(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "not fetched" not in app.screen.query_one(ArticleList).render_line(1).text


async def test_a_failed_fetch_says_why_and_f_tries_again(
    empty_library: Library, http_server: TestServer
) -> None:
    url = http_server.route("/gone", status=404, body=b"no")
    entry = empty_library.add_placeholder(url, title="Gone for now").entry
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        await app.workers.wait_for_complete()  # opening it tried once
        await pilot.pause()
        note = empty_note(screen)
        assert "Fetching it failed (1 try)" in note and "HTTP 404" in note
        assert "Press F to try again" in note
        assert [e.id for e in failed_entries(empty_library)] == [entry.id]
        http_server.html("/gone", article_page("Back again", slug="gone"))
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.entry.fetched and not failed_entries(empty_library)
        await pilot.press("escape")
        await pilot.pause()


async def test_failed_entries_are_marked_and_capital_f_tries_them_again(
    empty_library: Library, http_server: TestServer
) -> None:
    url = http_server.route("/flaky", status=404, body=b"no")
    empty_library.add_placeholder(url, title="Flaky")
    empty_library.update(empty_library.entries()[0].id, fetch_error="page not found (HTTP 404)")
    http_server.html("/flaky", article_page("Flaky but back", slug="flaky"))
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "fetch failed" in app.screen.query_one(ArticleList).render_line(1).text
        await pilot.press("enter")  # a failed one is not tried again just by opening it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Fetching it failed" in empty_note(app.screen)  # type: ignore[arg-type]
        assert [r.path for r in http_server.requests] == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not failed_entries(empty_library) and not pending_entries(empty_library)
        assert empty_library.entries()[0].fetched
