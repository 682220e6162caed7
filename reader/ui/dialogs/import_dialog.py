"""The dialog that asks what to import: a file or a folder, its format, tags, fetch or not."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from reader.errors import ReaderError
from reader.ui.dialogs.add_dialog import split_tags
from reader.ui.text import fit, safe_line

AUTO = "auto"
"""The format choice that detects the format from the file."""
MAX_LISTED = 2000
"""Entries of a folder looked at for a completion (a huge folder gets none past them)."""


@dataclass(frozen=True)
class ImportRequest:
    """What the reader asked to import."""

    path: Path
    """The export file or the folder of markdown notes (``~`` expanded)."""
    format: str = AUTO
    """The file's format, or ``auto`` to detect it."""
    tags: tuple[str, ...] = ()
    """Tags to give every imported article."""
    fetch: bool = True
    """Fetch the articles now; otherwise they wait in the queue."""


def check_path(raw: str) -> Path:
    """The file or folder *raw* names (``~`` expanded), or a ReaderError saying why not."""
    text = raw.strip()
    if not text:
        raise ReaderError("Type the path of an export file, or of a folder of markdown notes.")
    path = Path(os.path.expanduser(text))
    shown = fit(safe_line(text), 60)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ReaderError(f"No such file or folder: {shown}") from None
    except OSError as exc:
        raise ReaderError(f"Cannot open {shown}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        if not os.access(path, os.R_OK | os.X_OK):
            raise ReaderError(f"Cannot read the folder {shown}: permission denied")
    elif not stat.S_ISREG(mode):
        raise ReaderError(f"Not a file or a folder: {shown}")
    elif not os.access(path, os.R_OK):
        raise ReaderError(f"Cannot read {shown}: permission denied")
    return path


class PathSuggester(Suggester):
    """Completes a path from what is on disk (accept with the right arrow)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The first name in the folder of *value* that continues it (folders end in /)."""
        if not value or value.endswith(os.sep + os.sep):
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        if not prefix and not folder:
            return None
        try:
            with os.scandir(folder or ".") as listing:
                names = []
                for number, item in enumerate(listing):
                    if number >= MAX_LISTED:
                        break
                    if item.name.startswith(prefix) and item.name != prefix:
                        if not prefix.startswith(".") and item.name.startswith("."):
                            continue  # hidden names only when asked for
                        names.append((item.name, item.is_dir()))
        except OSError:
            return None
        if not names:
            return None
        name, is_dir = min(names)
        return value + name[len(prefix) :] + (os.sep if is_dir else "")


class ImportDialog(ModalScreen[ImportRequest | None]):
    """Ask what to import; dismissed with an `ImportRequest`, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, formats: Sequence[str], path: str = "") -> None:
        """Offer *formats* (besides auto-detection); *path* pre-fills the path."""
        super().__init__()
        self._formats = tuple(formats)
        self._path = path

    def compose(self) -> ComposeResult:
        options = [("auto-detect the format", AUTO), *((name, name) for name in self._formats)]
        # Laid out to fit a 80x24 terminal: the checkbox shares the buttons' row, and the
        # error line takes room only when there is an error.
        with Vertical(id="dialog", classes="dialog import"):
            yield Label("Import saved links", classes="dialog-title")
            yield Static(
                "An export from Pocket, Instapaper, wallabag or Omnivore, browser bookmarks, "
                "a list of URLs, or a folder of markdown notes.",
                classes="dialog-subtitle",
                markup=False,
            )
            yield Input(
                self._path,
                placeholder="~/Downloads/pocket-export.csv",
                id="path",
                suggester=PathSuggester(),
            )
            with Horizontal(id="import-options"):
                yield Select(options, value=AUTO, allow_blank=False, id="format")
                yield Input(placeholder="tags (optional): imported", id="tags")
            error = Static("", id="error", classes="dialog-error", markup=False)
            error.display = False
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Checkbox(
                    "Fetch the articles now",
                    True,
                    id="fetch",
                    tooltip="Unticked, they wait in the queue (F fetches them later).",
                )
                yield Button("Import", variant="primary", id="import")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "import":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        error = self.query_one("#error", Static)
        try:
            path = check_path(self.query_one("#path", Input).value)
        except ReaderError as exc:
            error.update(Content(str(exc)))
            error.display = True
            self.query_one("#path", Input).focus()
            return
        error.update(Content(""))
        error.display = False
        fmt = self.query_one("#format", Select).value
        self.dismiss(
            ImportRequest(
                path,
                fmt if isinstance(fmt, str) else AUTO,
                split_tags(self.query_one("#tags", Input).value),
                self.query_one("#fetch", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)
