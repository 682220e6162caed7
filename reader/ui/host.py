"""`ReaderHost`: what the screens need from the app that runs them.

Screens and helpers type the running app as this protocol, not as `ReaderApp`,
so the app imports its screens and no screen imports the app: the one-way shape
the rest of reader keeps, inside the UI too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from reader.config import Settings
    from reader.library import Library
    from reader.ui.clipboard import Copied


class ReaderHost(Protocol):
    """The services of the running app that screens use."""

    library: Library
    """The open library (it changes when the demo library is opened)."""
    settings: Settings
    """The user's settings, as last changed."""

    @property
    def is_headless(self) -> bool:
        """True in tests and screenshot runs (no real terminal)."""
        ...

    def update_settings(self, **changes: Any) -> None:
        """Change settings and save them."""
        ...

    def open_link(self, url: str) -> None:
        """Hand *url* to the web browser, or copy it where there is none."""
        ...

    def copy_text(self, text: str, what: str = "the URL") -> Copied:
        """Copy *text* where it can be pasted from, and say where that was."""
        ...

    def open_file(self, path: Path) -> None:
        """Open a saved file (an image) with the system's viewer."""
        ...

    def open_demo_library(self) -> None:
        """Switch to a temporary library holding the demo articles."""
        ...

    def freeze_startup_objects(self) -> None:
        """Keep start-up objects out of the garbage collector's way (after the first paint)."""
        ...

    async def action_quit(self) -> None:
        """Quit, keeping the reading position of an open article."""
        ...
