"""The dialog that edits an article's tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from reader.ui.dialogs.add_dialog import split_tags
from reader.ui.text import fit, safe_line


class TagDialog(ModalScreen[tuple[str, ...] | None]):
    """Edit tags as text (``a, b``); dismissed with the new tags, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, tags: Sequence[str], known: Sequence[str] = ()) -> None:
        """Edit *tags* of the article *title*; *known* tags are offered as completions."""
        super().__init__()
        self._title = title
        self._tags = tags
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Tags", classes="dialog-title")
            yield Static(Content(fit(safe_line(self._title), 60)), classes="dialog-subtitle")
            yield Input(
                "".join(f"{tag}, " for tag in self._tags),
                select_on_focus=False,
                placeholder="reading, essays",
                id="tags",
                suggester=SuggestFromList(self._known, case_sensitive=False),
            )
            yield Static(
                Content("Separate tags with commas or spaces. Enter saves, Escape cancels."),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        field = self.query_one("#tags", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
