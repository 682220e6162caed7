"""The app shell: run_app (demo and real library), settings, themes, help, quitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.config import Settings, load_settings
from reader.library import Library
from reader.ui import run as run_module
from reader.ui.app import ReaderApp
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.library_screen import LibraryScreen
from tests.ui.conftest import COMMONPLACE, SIZE, build_app


def test_run_app_demo_uses_a_temporary_library_and_removes_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(self: ReaderApp, *args: object, **kwargs: object) -> None:
        seen["root"] = self.library.root
        seen["count"] = self.library.counts()["all"]
        seen["signals"] = self.handle_signals

    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(ReaderApp, "run", fake_run)
    assert run_module.run_app(demo=True) == 0
    assert seen["count"] == 5 and seen["signals"]
    assert not Path(seen["root"]).exists()


def test_run_app_opens_the_given_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(
        ReaderApp, "run", lambda self, *a, **k: seen.setdefault("root", self.library.root)
    )
    assert run_module.run_app(data_dir=str(tmp_path / "mine")) == 0
    assert seen["root"] == tmp_path / "mine"
    assert (tmp_path / "mine" / "articles").is_dir()


async def test_theme_is_applied_and_remembered(demo_library: Library, tmp_path: Path) -> None:
    config = tmp_path / "config"
    app = build_app(demo_library, Settings(theme="nord"), config_dir=config)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        app.theme = "textual-light"
        await pilot.pause()
    assert load_settings(config).theme == "textual-light"


async def test_a_broken_settings_file_is_not_overwritten(
    demo_library: Library, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    broken = b'theme = "nord\nreading_width = \n'
    (config / "config.toml").write_bytes(broken)
    app = build_app(demo_library, Settings(), config_dir=config)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        assert any("not valid TOML" in str(n.message) for n in app._notifications)
    assert (config / "config.toml").read_bytes() == broken


async def test_unknown_theme_falls_back(demo_library: Library) -> None:
    app = build_app(demo_library, Settings(theme="no-such-theme"))
    async with app.run_test(size=SIZE):
        assert app.theme == "textual-dark"


async def test_help_opens_from_both_screens(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, ArticleScreen)


async def test_quit_from_an_article_keeps_the_position(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("space", "space", "ctrl+q")
        await pilot.pause()
    assert 0 < demo_library.get(COMMONPLACE).progress < 1


async def test_q_in_the_library_quits(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_narrow_terminal_hides_the_sidebar(demo_library: Library) -> None:
    app = build_app(demo_library)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert app.screen.query_one("#sidebar").display


async def test_start_up_objects_are_frozen_once_the_list_is_loaded_and_thawed_at_exit(
    demo_library: Library,
) -> None:
    import gc

    app = build_app(demo_library)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # long-lived objects: out of every collection
    assert gc.get_freeze_count() == 0  # nothing stays frozen after the app


async def test_an_80_column_terminal_gets_the_whole_list_and_a_compact_footer(
    demo_library: Library,
) -> None:
    from textual.widgets._footer import FooterKey

    from reader.ui.widgets.footer import ReaderFooter

    app = build_app(demo_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        for keys in ((), ("enter",)):  # the library, then an article
            await pilot.press(*keys)
            await pilot.pause()
            footer = app.screen.query_one(ReaderFooter)
            assert footer.compact
            shown = list(footer.query(FooterKey))
            assert "Help" in [k.description for k in shown]
            assert max(k.region.right for k in shown) <= 80
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query(FooterKey).last().description == "Quit"
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert not app.screen.query_one(ReaderFooter).compact
        assert app.screen.query_one("#sidebar").display
