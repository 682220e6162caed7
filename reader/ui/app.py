"""The Textual app: a thin shell holding the library and the settings.

Flows live in the screens (`LibraryScreen`, `ArticleScreen`); the app only
knows the open library, the settings (and persists them), the theme, the
command palette entries, and how to open a link in the browser.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.config import Settings, save_settings
from reader.errors import ReaderError
from reader.library import Library
from reader.ui.clipboard import Clipboard, Copied
from reader.ui.contrast_filter import ContrastFilter
from reader.ui.focus import note_key_target, redirect_stray_key
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.themes import UNKNOWN_COLOURS, role_variables


class ReaderApp(App[int]):
    """reader's terminal app."""

    CSS_PATH = "app.tcss"
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True)
    ]

    def __init__(
        self,
        library: Library,
        settings: Settings,
        *,
        config_dir: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Run over the open *library*; settings are saved to *config_dir* when given.
        *environ* (``os.environ`` when None) tells how copying can reach a clipboard."""
        super().__init__()
        self.library = library
        """The open library."""
        self.settings = settings
        """The user's settings."""
        self.config_dir = config_dir
        """Where settings are saved (None: not saved, as in tests)."""
        self.temp_dirs: list[Path] = []
        """Temporary libraries (demo) to delete when the app is done."""
        self.opened_links: list[str] = []
        """Every URL handed to the browser (tests read it)."""
        self.exit_notes: list[str] = []
        """Lines to print once the app has closed (where a stopped import got to)."""
        self.copier = Clipboard(
            os.environ if environ is None else environ,
            partial(App.copy_to_clipboard, self),  # Textual's OSC 52
        )
        """How text is copied here (tmux, a system tool, or the terminal)."""
        self.handle_signals = False
        """Quit cleanly on SIGTERM and SIGHUP (set by `run_app`, so temporary folders and
        the reading position survive a closed terminal)."""
        self._froze = False
        self._froze_list = False
        self._contrast = ContrastFilter()
        for name in UNKNOWN_COLOURS:  # the terminal's own colours: contrast unknowable
            self.unregister_theme(name)

    async def on_event(self, event: events.Event) -> None:
        """Note where each key from the terminal is sent (see `reader.ui.focus`)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            note_key_target(event, self.focused)
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls this before App._on_key, which looks up the key's binding (a
        # handler per class of the MRO, so no super() call). A key that comes back up
        # here after "/" moved the focus to a text field was sent before the focus
        # moved (see `reader.ui.focus`): it goes to the field, and prevent_default
        # keeps it from running as a list key.
        redirect_stray_key(self.screen, event)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with reader's colours for it (`role_variables`)."""
        variables = super().get_css_variables()
        variables.update(role_variables(variables))
        self.theme_variables = variables
        return variables

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the contrast net (not under NO_COLOR, which is grey)."""
        filters = list(super().get_line_filters())
        if not self.no_color:
            filters.append(self._contrast)
        return filters

    def on_mount(self) -> None:
        self._freeze()  # Textual's and the app's start-up objects, before the first paint
        import asyncio

        from reader.web.loop import use_daemon_threads

        # A DNS lookup stalled in a worker thread must not hold up quitting.
        use_daemon_threads(asyncio.get_running_loop())
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.handle_signals:
            self._install_signal_handlers()

    def freeze_startup_objects(self) -> None:
        """Keep what start-up made out of the garbage collector's way (once per app,
        called when the first whole list is loaded).

        Textual, the library screen and the loaded list make tens of thousands of
        objects that live as long as the app; every full collection walked them all,
        which made the first paint about 5% and opening a long article about 15%
        slower. Frozen, they are skipped (objects freed by reference counting are still
        freed); closing the app thaws them.
        """
        if not self._froze_list:
            self._froze_list = True
            self._freeze()

    def _freeze(self) -> None:
        self._froze = True
        gc.freeze()

    def on_unmount(self) -> None:
        if self._froze:
            gc.unfreeze()

    def _install_signal_handlers(self) -> None:
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, lambda: self.call_later(self.action_quit))

    def get_default_screen(self) -> Screen[Any]:
        """The library is the first screen."""
        return LibraryScreen()

    def on_app_focus(self) -> None:
        """Back in the terminal: show what `reader add` or an import saved meanwhile."""
        if isinstance(self.screen, LibraryScreen):
            self.screen.sync_quietly()

    async def action_quit(self) -> None:
        """Quit, keeping the reading position of an open article."""
        from reader.ui.screens.article_screen import ArticleScreen

        for screen in self.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.save_progress()
        self.exit()

    def _theme_changed(self, theme: Any) -> None:
        self.update_settings(theme=self.theme)

    def update_settings(self, **changes: Any) -> None:
        """Change settings and save them (when the app has a config folder)."""
        self.settings = replace(self.settings, **changes)
        if self.config_dir is not None:
            try:
                save_settings(self.config_dir, self.settings)
            except ReaderError as exc:
                self.notify(str(exc), title="Settings", severity="warning", markup=False)

    def action_toggle_archive_at_end(self) -> None:
        """Turn archiving at the end of an article on or off."""
        value = not self.settings.archive_at_end
        self.update_settings(archive_at_end=value)
        self.notify(f"Archive at the end of an article: {'on' if value else 'off'}")

    def open_link(self, url: str) -> None:
        """Open *url* in the web browser (only http and https)."""
        from reader.library.links import SAFE_SCHEMES

        if not url.lower().startswith(SAFE_SCHEMES):
            self.notify("Only http and https links are opened.", severity="warning")
            return
        if self._hand_to_browser(url):
            self.notify("Opened in the browser.", timeout=2)

    def open_file(self, path: Path) -> None:
        """Open a file of the library (a saved image) with the system's viewer."""
        if self._hand_to_browser(path.resolve().as_uri()):
            self.notify("Opened the image.", timeout=2)

    def browser_available(self) -> bool:
        """True when there is a web browser to hand links to: not so over SSH or on a
        server, where nothing would open (``$BROWSER`` names one)."""
        if self.is_web:
            return True
        import webbrowser

        try:
            webbrowser.get()
        except webbrowser.Error:
            return False
        return True

    def copy_text(self, text: str, what: str = "the URL") -> Copied:
        """Copy *text* (a URL: *what* names it) and tell the reader where it went."""
        copied = self._copy(text)
        self._say_copied(copied, text, what)
        return copied

    def _copy(self, text: str) -> Copied:
        self._clipboard = text  # Textual's in-app clipboard: what ctrl+v pastes in a field
        if self.is_web:  # served to a browser: the page copies (the server's tools can't)
            App.copy_to_clipboard(self, text)
            return Copied("clipboard", "browser")
        return self.copier.copy(text)

    def _say_copied(self, copied: Copied, text: str, what: str, prefix: str = "") -> None:
        severity: SeverityLevel = "information" if copied.ok else "warning"
        self.notify(
            prefix + copied.message(text, what),
            severity=severity,
            timeout=4 if copied.where == "clipboard" else 10,
            markup=False,
        )

    def copy_to_clipboard(self, text: str) -> None:
        """Textual's own copies (a selection, an input's text) go the way that works here
        too; said only when they did not reach the clipboard."""
        copied = self._copy(text)
        if copied.where in ("tmux", "nowhere"):
            self._say_copied(copied, text, "the text")

    def _hand_to_browser(self, url: str) -> bool:
        """Open *url* with the browser; without one, copy it and say so. True if opened."""
        if not self.browser_available():
            copied = self._copy(url)
            prefix = "No web browser to open it here (set $BROWSER). "
            self._say_copied(copied, url, "the address", prefix)
            return False
        self.opened_links.append(url)
        self.open_url(url)
        return True

    def action_toggle_inline_images(self) -> None:
        """Draw saved images in articles, or show their caption lines only."""
        value = not self.settings.inline_images
        self.update_settings(inline_images=value)
        self.notify(f"Images in the text: {'on' if value else 'off'} (from the next article)")

    def open_demo_library(self) -> None:
        """Switch to a temporary library holding the bundled demo articles."""
        from reader.demo import create_demo_library

        folder = Path(tempfile.mkdtemp(prefix="reader-demo-"))
        self.temp_dirs.append(folder)
        library = Library(create_demo_library(folder))
        self.library.close()
        self.library = library

    def cleanup(self) -> None:
        """Close the library and delete temporary folders."""
        self.library.close()
        for folder in self.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self.temp_dirs.clear()

    def search_themes(self) -> None:
        """The theme picker, the current theme marked."""
        from textual.command import CommandPalette

        from reader.ui.theme_picker import ThemePicker

        self.push_screen(CommandPalette(providers=[ThemePicker], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: Textual's commands, then every key binding active on *screen*."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Toggle archive at end",
            "Archive an article when you scroll to its end "
            f"(now {'on' if self.settings.archive_at_end else 'off'})",
            self.action_toggle_archive_at_end,
        )
        yield SystemCommand(
            "Toggle inline images",
            "Draw an article's saved images in the text "
            f"(now {'on' if self.settings.inline_images else 'off'})",
            self.action_toggle_inline_images,
        )
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            if binding.action in ("quit", "command_palette"):
                continue
            seen.add(binding.action)
            keys = binding.key_display or key
            yield SystemCommand(
                binding.description,
                f"key: {keys}",
                partial(self.run_action, binding.action, active.node),
            )


def make_app(
    library: Library,
    settings: Settings | None = None,
    *,
    config_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ReaderApp:
    """Build the app over an open *library* (the one factory tests, screenshots and run use);
    *environ* stands for ``os.environ`` (it decides how copying is done)."""
    return ReaderApp(library, settings or Settings(), config_dir=config_dir, environ=environ)
