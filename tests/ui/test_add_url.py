"""Saving a URL from the app, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from textual.widgets import Input

from reader.library import Library
from reader.ui.dialogs.add_dialog import AddDialog
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.support.articles import article_page
from tests.support.http_server import closed_port, serve
from tests.ui.conftest import SIZE, build_app


def notifications(app: object) -> list[str]:
    """The text of every notification shown so far."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_add_saves_in_a_worker_and_selects_the_new_article(
    demo_library: Library,
) -> None:
    page = article_page("Harbour Council Approves New Ferry Timetable", "ferry")
    with serve() as server:
        server.route(
            "/ferry",
            body=page.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            header_delay=0.3,
        )
        app = build_app(demo_library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("a")
            assert isinstance(app.screen, AddDialog)
            app.screen.query_one("#url", Input).value = server.url("/ferry")
            await pilot.press("enter", *"news, local", "enter")
            await pilot.pause()
            # the fetch is running: the UI answers keys meanwhile
            assert isinstance(app.screen, LibraryScreen)
            await pilot.press("j")
            assert app.screen.query_one(ArticleList).cursor == 1
            await app.workers.wait_for_complete()
            await pilot.pause()
            saved = demo_library.find_url(server.url("/ferry"))
            assert saved is not None
            assert saved.title == "Harbour Council Approves New Ferry Timetable"
            assert saved.tags == ("news", "local")
            assert app.screen.query_one(ArticleList).selected.id == saved.id  # type: ignore[union-attr]
            assert any("Saved" in n for n in notifications(app))


async def test_add_failure_is_a_readable_notification(demo_library: Library) -> None:
    url = f"http://127.0.0.1:{closed_port()}/gone"
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#url", Input).value = url
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "Could not save" in errors[0].message
        assert demo_library.counts()["all"] == 5


async def test_add_dialog_rejects_a_bad_url_and_cancels(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.screen.query_one("#url", Input).value = "ftp://example.com/x"
        await pilot.press("enter")
        assert isinstance(app.screen, AddDialog)
        assert str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert demo_library.counts()["all"] == 5


async def test_saving_a_link_from_an_article(demo_library: Library) -> None:
    page = article_page("A Linked Story", "linked")
    with serve() as server:
        server.route("/linked", body=page.encode(), headers={"Content-Type": "text/html"})
        app = build_app(demo_library)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            app.screen.use_link("save", server.url("/linked"))  # type: ignore[attr-defined]
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert demo_library.find_url(server.url("/linked")) is not None
