"""Importing from the app: the dialog, the import in a thread, its progress and stopping it.

Pages come from a real HTTP server on 127.0.0.1; nothing else is fetched.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Footer, Input, OptionList, Select
from textual.widgets._footer import FooterKey

from reader.errors import ReaderError
from reader.importers.job import ImportProgress
from reader.importers.queue import pending_entries
from reader.library import Library
from reader.store.index import Filter
from reader.ui.app import ReaderApp
from reader.ui.dialogs.import_dialog import ImportDialog, PathSuggester, check_path
from reader.ui.screens.help_screen import help_content
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.import_panel import ImportPanel
from tests.support.articles import article_page
from tests.support.http_server import TestServer, http_server
from tests.ui.conftest import SIZE, build_app

__all__ = ["http_server"]

HTML = {"Content-Type": "text/html; charset=utf-8"}


def notifications(app: ReaderApp) -> list[str]:
    """The text of every notification shown so far."""
    return [n.message for n in app._notifications]


def serve_pages(server: TestServer, names: list[str], **route: Any) -> list[str]:
    """Serve one article page per name; returns their URLs."""
    return [
        server.route(f"/{name}", body=article_page(f"Story {name}", name), headers=HTML, **route)
        for name in names
    ]


def pocket_csv(folder: Path, urls: list[str]) -> Path:
    """A Pocket CSV export of *urls*."""
    rows = ["title,url,time_added,tags,status"]
    rows += [f"Pocket title {n},{url},{1700000000 + n},later,unread" for n, url in enumerate(urls)]
    path = folder / "pocket-export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


async def until(pilot: Pilot[Any], check: Callable[[], bool], seconds: float = 20) -> None:
    """Let the app run until *check* holds (fails after *seconds*)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def open_dialog(pilot: Pilot[Any], path: str) -> ImportDialog:
    await pilot.press("i")
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#path", Input).value = path
    return dialog


def listed_titles(app: ReaderApp) -> list[str]:
    return [e.title for e in app.screen.query_one(ArticleList).entries]


async def test_import_fetches_a_pocket_export_while_the_list_fills_in(
    empty_library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    urls = serve_pages(http_server, ["one", "two", "three"], header_delay=1.5)
    source = pocket_csv(tmp_path, urls)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, str(source))
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
        panel = app.screen.query_one(ImportPanel)
        assert panel.running and panel.display
        # the placeholders show before their pages arrive
        await until(pilot, lambda: len(listed_titles(app)) == 3)
        assert any(not e.fetched for e in empty_library.entries(Filter()))
        await pilot.press("j")  # the UI answers meanwhile
        assert app.screen.query_one(ArticleList).cursor == 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        entries = empty_library.entries(Filter())
        assert len(entries) == 3 and all(e.fetched for e in entries)
        assert all(e.tags == ("later",) for e in entries)
        assert sorted(listed_titles(app)) == ["Story one", "Story three", "Story two"]
        assert app.screen.query_one(ArticleList).cursor == 1  # the selection was kept
        assert not panel.running and not panel.display
        assert any(n.startswith("Imported 3 new, fetched 3/3") for n in notifications(app))


async def test_a_large_import_extracts_in_worker_processes_from_the_app(
    empty_library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    # 16 pages or more are extracted in a process pool, started from inside the app
    urls = serve_pages(http_server, [f"many{n}" for n in range(16)])
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, str(pocket_csv(tmp_path, urls)))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        entries = empty_library.entries(Filter())
        assert len(entries) == 16 and all(e.fetched for e in entries)
        assert any(n.startswith("Imported 16 new, fetched 16/16") for n in notifications(app))
        outcome = app.screen.query_one(ImportPanel).outcome
        assert outcome is not None and outcome.fetched is not None
        assert outcome.fetched.extractor == ("process" if (os.cpu_count() or 1) > 1 else "thread")


async def test_without_fetching_the_articles_stay_queued(
    empty_library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    urls = serve_pages(http_server, ["a", "b"])
    source = tmp_path / "links.txt"
    source.write_text("\n".join(urls) + "\n", encoding="utf-8")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, str(source))
        dialog.query_one("#fetch", Checkbox).value = False
        dialog.query_one("#tags", Input).value = "inbox, links"
        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        entries = empty_library.entries(Filter())
        assert len(entries) == 2 and not any(e.fetched for e in entries)
        assert all(e.tags == ("inbox", "links") for e in entries)
        assert http_server.requests == []
        assert len(listed_titles(app)) == 2
        assert any("queued" in n for n in notifications(app))


async def test_a_chosen_format_is_used(empty_library: Library, tmp_path: Path) -> None:
    source = tmp_path / "export.txt"
    source.write_text("https://example.com/x\n", encoding="utf-8")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, str(source))
        dialog.query_one("#format", Select).value = "pocket-csv"
        dialog.query_one("#fetch", Checkbox).value = False
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # read as Pocket CSV (not detected as a list of URLs), the line is a header
        assert empty_library.counts()["all"] == 0
        assert notifications(app) == [
            "Could not import export.txt: the header has no url column "
            "(found: https://example.com/x)"
        ]


async def test_a_missing_path_is_a_line_in_the_dialog(
    empty_library: Library, tmp_path: Path
) -> None:
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, str(tmp_path / "nowhere.csv"))
        await pilot.press("enter")
        assert app.screen is dialog
        assert "No such file or folder" in str(dialog.query_one("#error").render())
        dialog.query_one("#path", Input).value = ""
        await pilot.press("enter")
        assert "Type the path" in str(dialog.query_one("#error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert not app.screen.query_one(ImportPanel).running


async def test_the_path_may_start_with_a_tilde(
    empty_library: Library, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "links.txt").write_text("https://example.com/tilde\n", encoding="utf-8")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, "~/links.txt")
        dialog.query_one("#fetch", Checkbox).value = False
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.url for e in empty_library.entries(Filter())] == ["https://example.com/tilde"]


async def test_a_malformed_file_is_a_notification(empty_library: Library, tmp_path: Path) -> None:
    source = tmp_path / "broken.zip"
    source.write_bytes(b"PK\x03\x04 this is no zip at all")
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, str(source))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and errors[0].message.startswith("Could not import broken.zip: ")
        assert "Traceback" not in errors[0].message
        assert not app.screen.query_one(ImportPanel).running
        assert empty_library.counts()["all"] == 0


async def test_stopping_leaves_the_rest_queued(
    empty_library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    urls = serve_pages(http_server, ["quick"]) + serve_pages(
        http_server, [f"slow{n}" for n in range(5)], header_delay=5
    )
    source = pocket_csv(tmp_path, urls)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, str(source))
        await pilot.press("enter")
        panel = app.screen.query_one(ImportPanel)
        await until(pilot, lambda: panel.progress is not None and panel.progress.saved >= 1)
        started = time.monotonic()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert time.monotonic() - started < 4  # it did not wait for the slow pages
        assert not panel.running
        left = pending_entries(empty_library)
        assert len(left) == 5 and all(e.fetch_error is None for e in left)
        assert empty_library.get(empty_library.find_url(urls[0]).id).fetched  # type: ignore[union-attr]
        assert len(listed_titles(app)) == 6
        stopped = [n for n in notifications(app) if n.startswith("Stopped")]
        assert stopped and stopped[0].endswith(
            "5 still queued: F fetches them"  # the app's key, not a command
        )


async def test_quitting_stops_the_import(
    empty_library: Library, http_server: TestServer, tmp_path: Path
) -> None:
    urls = serve_pages(http_server, [f"slow{n}" for n in range(4)], header_delay=5)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, str(pocket_csv(tmp_path, urls)))
        await pilot.press("enter")
        panel = app.screen.query_one(ImportPanel)
        await until(
            pilot, lambda: panel.progress is not None and panel.progress.stage == "fetching"
        )
        await pilot.press("q")
    # the import thread stops by itself and says where it got to
    deadline = time.monotonic() + 4
    while not app.exit_notes and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert app.exit_notes and app.exit_notes[0].startswith("import stopped, imported 4 new")
    assert len(pending_entries(empty_library)) == 4


async def test_f_fetches_what_is_queued_and_i_waits_for_a_running_import(
    empty_library: Library, http_server: TestServer
) -> None:
    for url in serve_pages(http_server, ["q1", "q2"], header_delay=0.3):
        empty_library.add_placeholder(url)
    app = build_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await pilot.press("i")
        assert isinstance(app.screen, LibraryScreen)  # no second import meanwhile
        assert any("An import is running" in n for n in notifications(app))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert all(e.fetched for e in empty_library.entries(Filter()))
        assert any(n.startswith("Fetched 2/2") for n in notifications(app))


async def test_import_is_in_the_palette_and_the_help(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Import" in titles and "Fetch queued articles" in titles
        assert "Stop the import" not in titles  # only while one runs
    assert "import an export file" in help_content().plain


async def test_the_footers_fit_100_and_110_columns(demo_library: Library) -> None:
    for width in (100, 110):
        app = build_app(demo_library)
        async with app.run_test(size=(width, 36)) as pilot:
            await pilot.pause()
            for keys in ((), ("j", "enter"), ("h",)):
                for key in keys:
                    await pilot.press(key)
                await pilot.pause()
                footer = app.screen.query_one(Footer)
                shown = [k for k in footer.query(FooterKey) if k.description != "palette"]
                palette = footer.query(FooterKey).last()
                assert shown, app.screen
                assert shown[-1].region.right <= palette.region.x, (width, app.screen, keys)
                if not keys:
                    assert shown[-1].description == "Quit"
                await pilot.press("escape")


# -- snapshots ------------------------------------------------------------------------------------


def test_snapshot_import_dialog(snap_compare: Callable[..., bool], demo_library: Library) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("i")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(build_app(demo_library), terminal_size=SIZE, run_before=run_before)


def test_snapshot_import_progress(snap_compare: Callable[..., bool], demo_library: Library) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        panel = pilot.app.screen.query_one(ImportPanel)
        panel.heading = "Importing pocket-export.csv"
        panel.display = True
        panel.show(ImportProgress("fetching", 120, 1000, 117, 3, 14.46))
        await pilot.pause()

    assert snap_compare(build_app(demo_library), terminal_size=SIZE, run_before=run_before)


async def test_a_refresh_keeps_the_place_in_the_sidebar(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        views = app.screen.query_one("#views", OptionList)
        assert views.has_focus
        await pilot.press("down", "down")
        moved = views.highlighted
        app.screen.query_one(ImportPanel).post_message(ImportPanel.LibraryChanged())
        await pilot.pause()
        assert views.highlighted == moved


def test_paths_that_cannot_be_imported(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text("url\n", encoding="utf-8")
    assert check_path(f" {tmp_path}/export.csv ") == tmp_path / "export.csv"
    assert check_path(str(tmp_path)) == tmp_path
    with pytest.raises(ReaderError, match="Not a file or a folder: /dev/null"):
        check_path("/dev/null")
    with pytest.raises(ReaderError, match="No such file or folder"):
        check_path(str(tmp_path / "gone" / "x.csv"))


async def test_the_path_is_completed_from_the_disk(tmp_path: Path) -> None:
    (tmp_path / "pocket-export.csv").write_text("", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / ".hidden").write_text("", encoding="utf-8")
    suggester = PathSuggester()
    assert await suggester.get_suggestion(f"{tmp_path}/po") == f"{tmp_path}/pocket-export.csv"
    assert await suggester.get_suggestion(f"{tmp_path}/no") == f"{tmp_path}/notes/"
    assert await suggester.get_suggestion(f"{tmp_path}/") == f"{tmp_path}/notes/"
    assert await suggester.get_suggestion(f"{tmp_path}/.h") == f"{tmp_path}/.hidden"
    assert await suggester.get_suggestion(f"{tmp_path}/zz") is None
    assert await suggester.get_suggestion(f"{tmp_path}/nowhere/x") is None
